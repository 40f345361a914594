// Whole-file reads and atomic whole-file writes.
//
// WriteFileAtomically writes to `path.tmp.<pid>`, flushes it to disk (fsync),
// then renames it over `path`: a reader, or a run killed at any moment, sees the
// old file or the new one, never a mix (LevelDB's CURRENT-file habit). Errors
// are NotFound (missing file) or Internal/Unavailable-like IO errors carrying
// the path and errno text. Thread-compatible per path.
#ifndef AIMC_COMMON_FILE_H_
#define AIMC_COMMON_FILE_H_

#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace aimc {

absl::StatusOr<std::string> ReadFile(absl::string_view path);

absl::Status WriteFileAtomically(absl::string_view path, absl::string_view contents);

bool FileExists(absl::string_view path);

// FNV-1a 64 of `text` as 16 hex digits: a stable file name for a store key
// (std::hash is not stable across builds).
std::string StableHash(absl::string_view text);

}  // namespace aimc

#endif  // AIMC_COMMON_FILE_H_
