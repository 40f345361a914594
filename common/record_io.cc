#include "common/record_io.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "boost/crc.hpp"
#include "common/file.h"
#include "common/status_macros.h"

namespace aimc {
namespace {

constexpr size_t kHeaderBytes = 8;

uint32_t Crc32(absl::string_view data) {
  boost::crc_32_type crc;
  crc.process_bytes(data.data(), data.size());
  return crc.checksum();
}

void PutU32(uint32_t v, char* out) {
  for (int i = 0; i < 4; ++i) out[i] = static_cast<char>((v >> (8 * i)) & 0xff);
}

uint32_t GetU32(const char* in) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= uint32_t{static_cast<unsigned char>(in[i])} << (8 * i);
  return v;
}

std::string Frame(absl::string_view payload) {
  std::string out(kHeaderBytes, '\0');
  PutU32(static_cast<uint32_t>(payload.size()), out.data());
  PutU32(Crc32(payload), out.data() + 4);
  out.append(payload.data(), payload.size());
  return out;
}

// Parses records; `*valid_end` is the byte offset just after the last whole
// record. A torn tail (incomplete header or payload) stops parsing with
// `*torn = true`; a bad checksum or magic is DataLoss.
absl::StatusOr<std::vector<std::string>> Parse(absl::string_view image, absl::string_view source,
                                               size_t* valid_end, bool* torn) {
  *torn = false;
  if (image.size() < kRecordMagic.size() ||
      image.substr(0, kRecordMagic.size()) != kRecordMagic) {
    return absl::DataLossError(absl::StrCat(source, ": not a record file (missing '",
                                            kRecordMagic, "' header) at byte 0"));
  }
  std::vector<std::string> records;
  size_t pos = kRecordMagic.size();
  while (pos < image.size()) {
    if (image.size() - pos < kHeaderBytes) {
      *torn = true;
      break;
    }
    const uint32_t length = GetU32(image.data() + pos);
    const uint32_t crc = GetU32(image.data() + pos + 4);
    if (image.size() - pos - kHeaderBytes < length) {
      *torn = true;
      break;
    }
    const absl::string_view payload = image.substr(pos + kHeaderBytes, length);
    if (Crc32(payload) != crc) {
      return absl::DataLossError(absl::StrCat(source, ": checksum mismatch in record ",
                                              records.size(), " at byte ", pos));
    }
    records.emplace_back(payload.data(), payload.size());
    pos += kHeaderBytes + length;
  }
  *valid_end = pos;
  return records;
}

absl::Status IoError(absl::string_view what, absl::string_view path) {
  return absl::UnavailableError(absl::StrCat(what, " '", path, "': ", std::strerror(errno)));
}

}  // namespace

absl::StatusOr<std::vector<std::string>> ParseRecords(absl::string_view image,
                                                      absl::string_view source) {
  size_t valid_end = 0;
  bool torn = false;
  ASSIGN_OR_RETURN(auto records, Parse(image, source, &valid_end, &torn));
  if (torn) {
    return absl::DataLossError(absl::StrCat(source, ": truncated record ", records.size(),
                                            " at byte ", valid_end, " (file has ", image.size(),
                                            " bytes)"));
  }
  return records;
}

absl::StatusOr<std::vector<std::string>> ReadRecords(absl::string_view path) {
  ASSIGN_OR_RETURN(const std::string image, ReadFile(path));
  return ParseRecords(image, path);
}

absl::StatusOr<RecoveredRecords> ReadRecordsRecovering(absl::string_view path) {
  ASSIGN_OR_RETURN(const std::string image, ReadFile(path));
  RecoveredRecords out;
  ASSIGN_OR_RETURN(out.records, Parse(image, path, &out.valid_bytes, &out.torn));
  out.file_bytes = image.size();
  return out;
}

absl::Status WriteRecordsAtomically(absl::string_view path,
                                    absl::Span<const std::string> records) {
  std::string image(kRecordMagic.data(), kRecordMagic.size());
  for (const std::string& r : records) image += Frame(r);
  return WriteFileAtomically(path, image);
}

void RecordWriter::FileCloser::operator()(std::FILE* f) const {
  if (f != nullptr) std::fclose(f);
}

RecordWriter::~RecordWriter() = default;

absl::StatusOr<RecordWriter> RecordWriter::Create(absl::string_view path) {
  const std::string p(path);
  std::FILE* f = std::fopen(p.c_str(), "wb");
  if (f == nullptr) return IoError("cannot create", path);
  RecordWriter writer(p, f);
  if (std::fwrite(kRecordMagic.data(), 1, kRecordMagic.size(), f) != kRecordMagic.size()) {
    return IoError("cannot write", path);
  }
  RETURN_IF_ERROR(writer.Flush());
  return writer;
}

absl::StatusOr<RecordWriter> RecordWriter::OpenForAppend(absl::string_view path,
                                                         std::vector<std::string>* existing) {
  if (!FileExists(path)) return Create(path);
  ASSIGN_OR_RETURN(const std::string image, ReadFile(path));
  size_t valid_end = 0;
  bool torn = false;
  ASSIGN_OR_RETURN(auto records, Parse(image, path, &valid_end, &torn));
  const std::string p(path);
  if (torn && ::truncate(p.c_str(), static_cast<off_t>(valid_end)) != 0) {
    return IoError("cannot cut the torn tail of", path);
  }
  std::FILE* f = std::fopen(p.c_str(), "ab");
  if (f == nullptr) return IoError("cannot open for append", path);
  if (existing != nullptr) *existing = std::move(records);
  return RecordWriter(p, f);
}

absl::Status RecordWriter::Write(absl::string_view payload) {
  AIMC_CHECK(file_ != nullptr);
  const std::string framed = Frame(payload);
  if (std::fwrite(framed.data(), 1, framed.size(), file_.get()) != framed.size()) {
    return IoError("cannot write", path_);
  }
  return absl::OkStatus();
}

absl::Status RecordWriter::Flush() {
  AIMC_CHECK(file_ != nullptr);
  if (std::fflush(file_.get()) != 0 || ::fsync(::fileno(file_.get())) != 0) {
    return IoError("cannot flush", path_);
  }
  return absl::OkStatus();
}

absl::Status RecordWriter::Close() {
  if (file_ == nullptr) return absl::OkStatus();
  RETURN_IF_ERROR(Flush());
  std::FILE* f = file_.release();
  if (std::fclose(f) != 0) return IoError("cannot close", path_);
  return absl::OkStatus();
}

}  // namespace aimc
