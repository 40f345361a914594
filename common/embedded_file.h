// A file compiled into the binary by the embedded_files() Bazel macro
// (common/embed.bzl), so presets are found by name whichever workspace uses
// the library. Both strings have static storage duration. Thread-safe.
#ifndef AIMC_COMMON_EMBEDDED_FILE_H_
#define AIMC_COMMON_EMBEDDED_FILE_H_

#include "absl/strings/string_view.h"

namespace aimc {

struct EmbeddedFile {
  absl::string_view name;      // file name without directory or extension
  absl::string_view contents;  // the file's bytes
};

}  // namespace aimc

#endif  // AIMC_COMMON_EMBEDDED_FILE_H_
