// Helpers shared by the fuzz harnesses (tests/fuzz/README.md).
// FUZZ_CHECK aborts with a message when an invariant a harness asserts is
// broken: libFuzzer then saves the input as a crash artifact, and the corpus
// test fails. TempFile gives parsers that only read paths a file per process.
// Thread-compatible (libFuzzer runs a harness on one thread).
#ifndef AIMC_TESTS_FUZZ_FUZZ_UTIL_H_
#define AIMC_TESTS_FUZZ_FUZZ_UTIL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"

#define FUZZ_CHECK(cond, what) \
  ((cond) ? (void)0 : ::aimc::fuzz::internal::CheckFailed(__FILE__, __LINE__, #cond, (what)))

namespace aimc::fuzz {

namespace internal {
[[noreturn]] void CheckFailed(const char* file, int line, const char* cond, absl::string_view what);
}  // namespace internal

// The bytes of a fuzz input as a string_view (no copy; valid during the call).
inline absl::string_view AsView(const uint8_t* data, size_t size) {
  return absl::string_view(reinterpret_cast<const char*>(data), size);
}

// A file $TEST_TMPDIR (else $TMPDIR, else /tmp) /aimc_fuzz_<pid>_<tag>,
// rewritten by every Write and removed by the destructor. Used where a parser
// only takes a path; writes are not fsync'ed (nothing survives the process).
class TempFile {
 public:
  explicit TempFile(absl::string_view tag);
  ~TempFile();
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  // Replaces the contents; aborts if the file cannot be written (no input's fault).
  void Write(absl::string_view contents);
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Splits `input` into two parts at a 2-byte little-endian length prefix (the
// first part's size, clamped to what remains), for parsers of file pairs.
struct SplitInput {
  absl::string_view first;
  absl::string_view second;
};
SplitInput SplitAtLengthPrefix(absl::string_view input);

// A record-file image (common/record_io.h format) holding `records`, built
// independently of record_io.cc so the harnesses can check it against the parser.
std::string EncodeRecordImage(absl::Span<const std::string> records);

}  // namespace aimc::fuzz

#endif  // AIMC_TESTS_FUZZ_FUZZ_UTIL_H_
