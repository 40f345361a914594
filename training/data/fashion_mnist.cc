#include "training/data/fashion_mnist.h"

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/types/span.h"
#include "common/status_macros.h"
#include "common/file_reader.h"
#include "training/data/transforms.h"

namespace aimc::training {
namespace {

namespace fs = std::filesystem;

constexpr uint32_t kImageMagic = 0x00000803;  // unsigned bytes, 3 dimensions
constexpr uint32_t kLabelMagic = 0x00000801;  // unsigned bytes, 1 dimension
constexpr int kMaxSide = 4096;                // px; larger is not an image file of ours

struct InflateEnd {
  void operator()(z_stream* stream) const {
    inflateEnd(stream);
    delete stream;
  }
};

// The decompressed bytes of one file, read in order straight into the
// caller's buffers: gzip through zlib's streaming inflate fed from a 256 KiB
// input buffer (errors know the compressed byte), or the file itself when it
// does not start with the gzip magic. Not movable: zlib keeps pointers into
// the stream and the input buffer.
class ByteSource {
 public:
  ByteSource() = default;
  ByteSource(const ByteSource&) = delete;
  ByteSource& operator=(const ByteSource&) = delete;

  absl::Status Open(absl::string_view path) {
    ASSIGN_OR_RETURN(FileReader reader, FileReader::Open(path));
    reader_.emplace(std::move(reader));
    input_.resize(2);
    ASSIGN_OR_RETURN(const size_t got, reader_->Read(absl::MakeSpan(input_.data(), 2)));
    gzip_ = got == 2 && input_[0] == 0x1f && input_[1] == 0x8b;
    if (!gzip_) {
      sniffed_ = got;  // bytes 0..got-1 of the file, delivered first
      return absl::OkStatus();
    }
    // No larger than the file: a fixed 256 KiB, zeroed on every open, held the
    // IDX fuzzer at ~1,100-1,900 exec/s; sized, it runs at ~14,000.
    input_.resize(std::max<size_t>(2, std::min<size_t>(kInputBytes, reader_->size())));
    stream_.reset(new z_stream{});
    stream_->next_in = input_.data();
    stream_->avail_in = 2;
    if (inflateInit2(stream_.get(), 16 + MAX_WBITS) != Z_OK) {  // 16: gzip wrapper only
      stream_.reset();
      return absl::ResourceExhaustedError(absl::StrCat("zlib cannot start inflating '", path, "'"));
    }
    return absl::OkStatus();
  }

  // Fills `out` with the next bytes; `what` names them for errors.
  absl::Status Read(absl::Span<uint8_t> out, absl::string_view what) {
    if (gzip_) return Inflate(out, what);
    const size_t from_pending =
        std::min<size_t>(out.size(), position_ < sniffed_ ? sniffed_ - position_ : 0);
    std::memcpy(out.data(), input_.data() + position_, from_pending);
    ASSIGN_OR_RETURN(const size_t got, reader_->Read(out.subspan(from_pending)));
    if (from_pending + got < out.size()) {
      return absl::DataLossError(absl::StrCat(
          "'", path(), "' is truncated at byte ", reader_->size(), ": ", what, " needs bytes ",
          position_, "..", position_ + out.size() - 1));
    }
    position_ += out.size();
    return absl::OkStatus();
  }

  // DataLoss unless `n` more bytes could follow: checked before allocating
  // what a (possibly corrupt) header promises. Plain files: the rest of the
  // file; gzip: 1032 per compressed byte (deflate's maximum ratio).
  absl::Status CheckCanHold(uint64_t n, absl::string_view what) const {
    const uint64_t size = reader_->size();
    if (!gzip_) {
      if (position_ + n <= size) return absl::OkStatus();
      return absl::DataLossError(absl::StrCat("'", path(), "' is truncated at byte ", size,
                                              ": ", what, " needs bytes ", position_, "..",
                                              position_ + n - 1));
    }
    if (n <= uint64_t{1032} * size) return absl::OkStatus();
    return absl::DataLossError(absl::StrCat(
        "gzip file '", path(), "' (", size, " bytes) cannot hold ", what, " (", n,
        " bytes; deflate expands at most 1032:1): a truncated file or a corrupt header"));
  }

  // OK when the data ends here (for gzip: the trailer's CRC-32 and length check
  // out); InvalidArgument when more follows.
  absl::Status ExpectEnd(absl::string_view what) {
    const std::string message = absl::StrCat("'", path(), "' has data after ", what,
                                             " (decompressed byte ", position_, ")");
    if (!gzip_) {
      return position_ == reader_->size() ? absl::OkStatus()
                                          : absl::InvalidArgumentError(message);
    }
    uint8_t extra;
    const absl::Status status = Inflate(absl::MakeSpan(&extra, 1), what);
    if (status.ok()) return absl::InvalidArgumentError(message);
    if (ended_ && absl::IsDataLoss(status)) return absl::OkStatus();  // ended right here
    if (input_ended_) {
      return absl::DataLossError(absl::StrCat("gzip file '", path(), "' is truncated at byte ",
                                              reader_->size(), ": its trailer (CRC-32, length) "
                                              "is missing after ", what));
    }
    return status;
  }

 private:
  static constexpr size_t kInputBytes = size_t{256} << 10;

  const std::string& path() const { return reader_->path(); }

  absl::Status Inflate(absl::Span<uint8_t> out, absl::string_view what) {
    size_t done = 0;
    while (done < out.size()) {
      if (ended_) {
        return absl::DataLossError(absl::StrCat(
            "'", path(), "' decompresses to only ", position_, " bytes, short of ", what,
            ": truncated before compression at decompressed byte ", position_));
      }
      if (stream_->avail_in == 0) {
        ASSIGN_OR_RETURN(const size_t got, reader_->Read(absl::MakeSpan(input_)));
        if (got == 0) {
          input_ended_ = true;
          return absl::DataLossError(absl::StrCat(
              "gzip file '", path(), "' is truncated at byte ", reader_->size(),
              ": the stream stops at decompressed byte ", position_, ", inside ", what));
        }
        stream_->next_in = input_.data();
        stream_->avail_in = static_cast<uInt>(got);
      }
      const size_t n = std::min(out.size() - done, size_t{1} << 30);  // avail_out is 32-bit
      stream_->next_out = out.data() + done;
      stream_->avail_out = static_cast<uInt>(n);
      const int ret = inflate(stream_.get(), Z_NO_FLUSH);
      const size_t produced = n - stream_->avail_out;
      done += produced;
      position_ += produced;
      if (ret == Z_STREAM_END) {
        ended_ = true;
      } else if (ret != Z_OK && ret != Z_BUF_ERROR && ret != Z_MEM_ERROR) {  // data, dict
        return absl::DataLossError(absl::StrCat(
            "gzip file '", path(), "' is corrupt near byte ", stream_->total_in, ": ",
            stream_->msg == nullptr ? "invalid data" : stream_->msg));
      } else if (ret == Z_MEM_ERROR) {
        return absl::ResourceExhaustedError(absl::StrCat("zlib out of memory on '", path(), "'"));
      }
    }
    return absl::OkStatus();
  }

  std::optional<FileReader> reader_;
  std::vector<uint8_t> input_;  // compressed input (gzip), or the 2 sniffed bytes
  uint64_t sniffed_ = 0;        // plain files: bytes read to sniff (at most 2)
  bool gzip_ = false;
  std::unique_ptr<z_stream, InflateEnd> stream_;
  bool ended_ = false;        // gzip stream complete
  bool input_ended_ = false;  // gzip: the file ended inside the stream
  uint64_t position_ = 0;   // decompressed bytes delivered
};

uint32_t BigEndian32(const uint8_t* p) {
  return uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 | uint32_t{p[3]};
}

absl::Status CheckMagic(absl::string_view path, uint32_t magic, uint32_t expected,
                        absl::string_view kind) {
  if (magic == expected) return absl::OkStatus();
  std::string hint;
  if (magic == kImageMagic || magic == kLabelMagic) {
    hint = absl::StrCat(" (it is an IDX ", magic == kImageMagic ? "image" : "label",
                        " file: images and labels swapped?)");
  }
  return absl::InvalidArgumentError(
      absl::StrFormat("'%s' is not an IDX %s file: magic number 0x%08x, expected 0x%08x%s", path,
                      kind, magic, expected, hint));
}

// The existing one of path.gz and path, .gz first; "" when neither exists.
std::string FindIdxFile(const fs::path& stem) {
  std::error_code error;
  for (const std::string& candidate : {stem.string() + ".gz", stem.string()}) {
    if (fs::is_regular_file(candidate, error)) return candidate;
  }
  return "";
}

}  // namespace

absl::StatusOr<Dataset> ReadIdxDataset(absl::string_view images_path,
                                       absl::string_view labels_path, int num_classes,
                                       std::string name) {
  ByteSource images, labels;
  RETURN_IF_ERROR(images.Open(images_path));
  RETURN_IF_ERROR(labels.Open(labels_path));
  // The magic numbers first: a file of another kind fails on them, whatever its size.
  uint8_t image_header[16], label_header[8];
  RETURN_IF_ERROR(images.Read(absl::MakeSpan(image_header, 4), "the IDX magic number"));
  RETURN_IF_ERROR(labels.Read(absl::MakeSpan(label_header, 4), "the IDX magic number"));
  RETURN_IF_ERROR(CheckMagic(images_path, BigEndian32(image_header), kImageMagic, "image"));
  RETURN_IF_ERROR(CheckMagic(labels_path, BigEndian32(label_header), kLabelMagic, "label"));
  RETURN_IF_ERROR(images.Read(absl::MakeSpan(image_header + 4, 12), "the IDX image header"));
  RETURN_IF_ERROR(labels.Read(absl::MakeSpan(label_header + 4, 4), "the IDX label header"));
  const uint32_t count = BigEndian32(image_header + 4);
  const uint32_t rows = BigEndian32(image_header + 8), cols = BigEndian32(image_header + 12);
  const uint32_t label_count = BigEndian32(label_header + 4);
  if (count < 1 || count > (uint32_t{1} << 31) || rows < 1 || rows > kMaxSide || cols < 1 ||
      cols > kMaxSide) {
    return absl::InvalidArgumentError(absl::StrCat(
        "'", images_path, "': IDX header says ", count, " images of ", rows, "x", cols,
        "; expected 1..2^31 images of 1..", kMaxSide, " px a side"));
  }
  if (label_count != count) {
    return absl::InvalidArgumentError(absl::StrCat("'", images_path, "' has ", count,
                                                   " images but '", labels_path, "' has ",
                                                   label_count, " labels"));
  }
  const uint64_t payload = uint64_t{count} * rows * cols;
  const std::string pixels_what = absl::StrCat(count, " images of ", rows, "x", cols);
  const std::string labels_what = absl::StrCat(count, " labels");
  RETURN_IF_ERROR(images.CheckCanHold(payload, pixels_what));
  RETURN_IF_ERROR(labels.CheckCanHold(count, labels_what));
  const ImageShape shape{.channels = 1, .height = static_cast<int>(rows),
                         .width = static_cast<int>(cols)};
  std::vector<uint8_t> pixels(payload), label_bytes(count);
  RETURN_IF_ERROR(images.Read(absl::MakeSpan(pixels), pixels_what));
  RETURN_IF_ERROR(images.ExpectEnd(pixels_what));
  RETURN_IF_ERROR(labels.Read(absl::MakeSpan(label_bytes), labels_what));
  RETURN_IF_ERROR(labels.ExpectEnd(labels_what));
  for (uint32_t i = 0; i < count; ++i) {
    if (label_bytes[i] >= num_classes) {
      return absl::InvalidArgumentError(
          absl::StrCat("'", labels_path, "': label ", label_bytes[i], " of example ", i,
                       " (decompressed byte ", 8 + i, ") not in 0..", num_classes - 1));
    }
  }
  std::string provenance = absl::StrCat("IDX from ", images_path, ", ", labels_path, ": ",
                                        count, " images of ", rows, "x", cols);
  return Dataset::Create(std::move(name), std::move(provenance), shape, num_classes,
                         std::move(pixels), std::move(label_bytes));
}

absl::StatusOr<Dataset> LoadFashionMnist(absl::string_view dir, Split split,
                                         const FashionMnistOptions& options) {
  if (options.channels != 1 && options.channels != 3) {
    return absl::InvalidArgumentError(
        absl::StrCat("FashionMnistOptions.channels must be 1 or 3, got ", options.channels));
  }
  const fs::path root(std::string{dir});
  const std::string prefix = split == Split::kTrain ? "train" : "t10k";
  const std::string images = FindIdxFile(root / (prefix + "-images-idx3-ubyte"));
  const std::string labels = FindIdxFile(root / (prefix + "-labels-idx1-ubyte"));
  if (images.empty() || labels.empty()) {
    return absl::NotFoundError(absl::StrCat(
        "Fashion-MNIST not found in '", dir, "': expected ", prefix, "-images-idx3-ubyte.gz and ",
        prefix, "-labels-idx1-ubyte.gz (or without .gz); Debian's dataset-fashion-mnist "
        "package installs them in ", kFashionMnistDebianDir, " (or give the directory that holds them)"));
  }
  const int num_classes = static_cast<int>(kFashionMnistClassNames.size());
  ASSIGN_OR_RETURN(
      Dataset dataset,
      ReadIdxDataset(images, labels, num_classes, absl::StrCat("fashion_mnist/", SplitName(split))));
  if (options.size == FashionMnistOptions::Size::kPad32) {
    ASSIGN_OR_RETURN(dataset, PadImages(dataset, 32, 32));
  } else if (options.size == FashionMnistOptions::Size::kResize32) {
    ASSIGN_OR_RETURN(dataset, ResizeBilinear(dataset, 32, 32));
  }
  if (options.channels == 3) {
    ASSIGN_OR_RETURN(dataset, ReplicateChannels(dataset, 3));
  }
  return dataset;
}

}  // namespace aimc::training
