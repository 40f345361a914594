// Sequential reads of a file straight into the caller's buffers (POSIX read),
// so a loader makes no whole-file copy. Measured on the 2-vCPU VM: reading the
// 14 MB CIFAR subset through an ostringstream (common/file.h's ReadFile used to) took
// 146-180 ms, a sized read 10-13 ms, and first-touching 14 MB of new memory
// ~60 ms; the loader went from 250 to 50 ms. Errors carry the path and errno:
// NotFound, PermissionDenied, InvalidArgument (a directory or device),
// Unavailable (other IO errors).
// Thread-compatible.
#ifndef AIMC_COMMON_FILE_READER_H_
#define AIMC_COMMON_FILE_READER_H_

#include <cstdint>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace aimc {

class FileReader {
 public:
  static absl::StatusOr<FileReader> Open(absl::string_view path);

  FileReader(FileReader&& other) noexcept;
  FileReader& operator=(FileReader&& other) noexcept;
  FileReader(const FileReader&) = delete;
  FileReader& operator=(const FileReader&) = delete;
  ~FileReader();

  const std::string& path() const { return path_; }
  uint64_t size() const { return size_; }          // bytes, when opened
  uint64_t position() const { return position_; }  // bytes read so far

  // Reads up to out.size() bytes into `out`; returns how many (fewer only at
  // the end of the file, 0 there).
  absl::StatusOr<size_t> Read(absl::Span<uint8_t> out);

 private:
  FileReader(std::string path, int fd, uint64_t size)
      : path_(std::move(path)), fd_(fd), size_(size) {}

  std::string path_;
  int fd_ = -1;
  uint64_t size_ = 0;
  uint64_t position_ = 0;
};

}  // namespace aimc

#endif  // AIMC_COMMON_FILE_READER_H_
