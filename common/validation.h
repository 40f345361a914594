// Field checks for config validation: each returns InvalidArgument whose
// message names the field, the value and what is allowed (style.md §5), e.g.
// "pcm.g_max_us: must be > 0 and finite, got -1". Thread-safe.
#ifndef AIMC_COMMON_VALIDATION_H_
#define AIMC_COMMON_VALIDATION_H_

#include <cmath>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace aimc {

inline absl::Status CheckPositive(absl::string_view field, double value) {
  if (value > 0 && std::isfinite(value)) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(field, ": must be > 0 and finite, got ", value));
}

inline absl::Status CheckNonNegative(absl::string_view field, double value) {
  if (value >= 0 && std::isfinite(value)) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(field, ": must be >= 0 and finite, got ", value));
}

inline absl::Status CheckRange(absl::string_view field, double value, double lo, double hi) {
  if (value >= lo && value <= hi) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat(field, ": must be ", lo, "..", hi, ", got ", value));
}

// The same status with `prefix` before its message ("device." + "pcm.g_max_us: ...").
inline absl::Status WithPrefix(absl::string_view prefix, const absl::Status& s) {
  if (s.ok()) return s;
  return absl::Status(s.code(), absl::StrCat(prefix, s.message()));
}

}  // namespace aimc

#endif  // AIMC_COMMON_VALIDATION_H_
