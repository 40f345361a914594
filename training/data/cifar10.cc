#include "training/data/cifar10.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status_macros.h"
#include "common/file_reader.h"

namespace aimc::training {
namespace {

namespace fs = std::filesystem;

constexpr int kPixelBytes = kCifar10RecordBytes - 1;
constexpr int kCifar100RecordBytes = 3074;  // coarse label, fine label, pixels
constexpr int kNumClasses = static_cast<int>(kCifar10ClassNames.size());

absl::Status NotCifar10(absl::string_view path, int64_t record, uint8_t label) {
  return absl::InvalidArgumentError(absl::StrCat(
      "'", path, "' is not CIFAR-10 binary: record ", record, " (byte ",
      record * kCifar10RecordBytes, ") has label byte ", label,
      ", expected 0..9 (use the binary version, cifar-10-batches-bin, not the python or "
      "matlab one)"));
}

// Appends the records of `path` to pixels/labels, whose capacity the caller
// has reserved. `buffer` is reused scratch. Label bytes are checked as they
// come, the size at the end: a file of another kind fails on its first bytes.
absl::Status AppendRecords(const std::string& path, int64_t records_per_file,
                           std::vector<uint8_t>& pixels, std::vector<uint8_t>& labels,
                           std::vector<uint8_t>& buffer) {
  ASSIGN_OR_RETURN(FileReader reader, FileReader::Open(path));
  const int64_t size = static_cast<int64_t>(reader.size());
  if (size == 0) {
    return absl::DataLossError(absl::StrCat("CIFAR-10 file '", path,
                                            "' is empty; expected records of ",
                                            kCifar10RecordBytes, " bytes (1 label + 3072 pixels)"));
  }
  const int64_t whole = size / kCifar10RecordBytes;
  const int64_t rest = size % kCifar10RecordBytes;
  const int64_t first = static_cast<int64_t>(labels.size());
  labels.resize(first + whole);
  pixels.resize((first + whole) * kPixelBytes);
  constexpr int64_t kChunkRecords = 256;
  // Sized to the records present: a fixed 256-record buffer (787 KB, zeroed on
  // every call) held the CIFAR-10 fuzzer at ~300 exec/s even with its file on
  // tmpfs; sized, it runs at ~19,000.
  const int64_t chunk_bytes = std::min(kChunkRecords, whole) * kCifar10RecordBytes;
  if (static_cast<int64_t>(buffer.size()) < chunk_bytes) buffer.resize(chunk_bytes);
  for (int64_t r = 0; r < whole; r += kChunkRecords) {
    const int64_t n = std::min(kChunkRecords, whole - r);
    ASSIGN_OR_RETURN(const size_t got,
                     reader.Read(absl::MakeSpan(buffer.data(), n * kCifar10RecordBytes)));
    if (static_cast<int64_t>(got) != n * kCifar10RecordBytes) {
      return absl::DataLossError(absl::StrCat("CIFAR-10 file '", path, "' shrank to ",
                                              reader.position(), " bytes while being read"));
    }
    for (int64_t i = 0; i < n; ++i) {
      const uint8_t* record = buffer.data() + i * kCifar10RecordBytes;
      if (record[0] >= kNumClasses) return NotCifar10(path, r + i, record[0]);
      labels[first + r + i] = record[0];
      std::memcpy(pixels.data() + (first + r + i) * kPixelBytes, record + 1, kPixelBytes);
    }
  }
  if (rest != 0) {
    uint8_t label = 0;
    ASSIGN_OR_RETURN(const size_t got, reader.Read(absl::MakeSpan(&label, 1)));
    if (got == 1 && label >= kNumClasses) return NotCifar10(path, whole, label);
    if (size % kCifar100RecordBytes == 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "'", path, "' has ", size, " bytes, a multiple of CIFAR-100's ", kCifar100RecordBytes,
          "-byte records, not of CIFAR-10's ", kCifar10RecordBytes));
    }
    return absl::DataLossError(absl::StrCat(
        "CIFAR-10 file '", path, "' is truncated at byte ", size, ": record ", whole,
        " (from byte ", whole * kCifar10RecordBytes, ") has ", rest, " of ",
        kCifar10RecordBytes, " bytes"));
  }
  if (records_per_file > 0 && whole != records_per_file) {
    const std::string message =
        absl::StrCat("CIFAR-10 file '", path, "' has ", whole, " records (", size,
                     " bytes), expected ", records_per_file, " (",
                     records_per_file * kCifar10RecordBytes, " bytes)");
    if (whole < records_per_file) {
      return absl::DataLossError(absl::StrCat(message, ": truncated at byte ", size));
    }
    return absl::InvalidArgumentError(message);
  }
  return absl::OkStatus();
}

absl::StatusOr<Dataset> ReadRecords(absl::Span<const std::string> paths,
                                    int64_t records_per_file, std::string name,
                                    absl::string_view provenance_note) {
  if (paths.empty()) return absl::InvalidArgumentError("ReadCifar10Files: no paths given");
  int64_t total_records = 0;
  for (const std::string& path : paths) {
    std::error_code error;
    const auto size = fs::file_size(path, error);
    if (!error) total_records += static_cast<int64_t>(size) / kCifar10RecordBytes;
  }
  std::vector<uint8_t> pixels, labels, buffer;
  pixels.reserve(total_records * kPixelBytes);
  labels.reserve(total_records);
  for (const std::string& path : paths) {
    RETURN_IF_ERROR(AppendRecords(path, records_per_file, pixels, labels, buffer));
  }
  std::string provenance =
      absl::StrCat("CIFAR-10 binary (Krizhevsky 2009) from ", absl::StrJoin(paths, ", "), ": ",
                   labels.size(), " records", provenance_note);
  return Dataset::Create(std::move(name), std::move(provenance),
                         ImageShape{.channels = 3, .height = 32, .width = 32}, kNumClasses,
                         std::move(pixels), std::move(labels));
}

std::vector<std::string> FullDatasetFiles(Split split) {
  if (split == Split::kTest) return {"test_batch.bin"};
  std::vector<std::string> files;
  for (int i = 1; i <= 5; ++i) files.push_back(absl::StrCat("data_batch_", i, ".bin"));
  return files;
}

bool IsFile(const fs::path& path) {
  std::error_code error;
  return fs::is_regular_file(path, error);
}

}  // namespace

absl::StatusOr<Dataset> ReadCifar10Files(absl::Span<const std::string> paths,
                                         int64_t records_per_file, std::string name) {
  return ReadRecords(paths, records_per_file, std::move(name), "");
}

absl::StatusOr<Dataset> LoadCifar10(absl::string_view dir, Split split) {
  const std::string split_name(SplitName(split));
  const fs::path root(std::string{dir});
  for (const fs::path& d : {root, root / "cifar-10-batches-bin"}) {
    std::vector<std::string> present, missing;
    for (const std::string& file : FullDatasetFiles(split)) {
      (IsFile(d / file) ? present : missing).push_back((d / file).string());
    }
    if (missing.empty()) {
      return ReadRecords(present, kCifar10RecordsPerBatch, "cifar10/" + split_name, "");
    }
    if (!present.empty()) {
      return absl::NotFoundError(absl::StrCat(
          "CIFAR-10 in '", d.string(), "' is incomplete: missing ", absl::StrJoin(missing, ", "),
          " (the full dataset is data_batch_1.bin ... data_batch_5.bin and test_batch.bin)"));
    }
    const fs::path subset = d / (split_name + ".bin");
    if (IsFile(subset)) {
      return ReadRecords({subset.string()}, 0, "cifar10-subset/" + split_name,
                         " (a subset of CIFAR-10: results on it must say so)");
    }
  }
  return absl::NotFoundError(absl::StrCat(
      "CIFAR-10 not found in '", dir, "': expected data_batch_1.bin ... data_batch_5.bin and "
      "test_batch.bin (the binary version, cifar-10-batches-bin) there or in its "
      "cifar-10-batches-bin/, or a subset's train.bin and test.bin"));
}

}  // namespace aimc::training
