// Record files: a sequence of binary records (typically serialised Protobuf
// messages), each protected by its length and a CRC-32.
//
// Format: the 8-byte magic "AIMCREC1", then per record a little-endian uint32
// payload length, a little-endian uint32 CRC-32 (boost::crc_32_type) of the
// payload, and the payload. Long jobs append a record per finished unit of work
// and Flush() (fsync) it, so a kill loses at most the record being written;
// OpenForAppend() drops such a torn tail and resumes after the last whole
// record. Whole files are written with WriteRecordsAtomically (temp + rename).
// Errors: NotFound (missing file), DataLoss for corruption, naming the path and
// byte offset ("at byte N"), Unavailable for IO errors.
// RecordWriter is thread-compatible (one writer per file).
#ifndef AIMC_COMMON_RECORD_IO_H_
#define AIMC_COMMON_RECORD_IO_H_

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"

namespace aimc {

inline constexpr absl::string_view kRecordMagic = "AIMCREC1";

// Reads every record. A truncated or corrupt file is DataLoss "at byte N".
absl::StatusOr<std::vector<std::string>> ReadRecords(absl::string_view path);

// Every whole record, tolerating a torn tail (a kill during an append): the
// file is not changed. Corruption before the tail is still DataLoss.
struct RecoveredRecords {
  std::vector<std::string> records;
  bool torn = false;       // the file ends inside a record
  size_t valid_bytes = 0;  // offset just after the last whole record
  size_t file_bytes = 0;
};
absl::StatusOr<RecoveredRecords> ReadRecordsRecovering(absl::string_view path);

// Parses records from an in-memory file image; `source` names it in errors.
absl::StatusOr<std::vector<std::string>> ParseRecords(absl::string_view image,
                                                      absl::string_view source);

// Writes a complete record file atomically.
absl::Status WriteRecordsAtomically(absl::string_view path,
                                    absl::Span<const std::string> records);

class RecordWriter {
 public:
  // Creates (or truncates) `path` and writes the magic.
  static absl::StatusOr<RecordWriter> Create(absl::string_view path);

  // Opens an existing file for appending, or creates it. Whole records already
  // there are kept and returned through `existing` (may be null); a torn last
  // record (a kill during Write) is cut off. Corruption before the tail is
  // DataLoss: nothing is ever overwritten.
  static absl::StatusOr<RecordWriter> OpenForAppend(absl::string_view path,
                                                    std::vector<std::string>* existing);

  RecordWriter(RecordWriter&&) = default;
  RecordWriter& operator=(RecordWriter&&) = default;
  ~RecordWriter();

  // Buffers one record; call Flush() to make it durable.
  absl::Status Write(absl::string_view payload);
  // fflush + fsync.
  absl::Status Flush();
  absl::Status Close();

 private:
  struct FileCloser {
    void operator()(std::FILE* f) const;
  };
  RecordWriter(std::string path, std::FILE* file) : path_(std::move(path)), file_(file) {}

  std::string path_;
  std::unique_ptr<std::FILE, FileCloser> file_;
};

}  // namespace aimc

#endif  // AIMC_COMMON_RECORD_IO_H_
