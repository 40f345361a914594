// Status helpers that Debian's Abseil (20220623) lacks: RETURN_IF_ERROR,
// ASSIGN_OR_RETURN, and CHECK macros for programmer errors (style.md §4).
// AIMC_CHECK is always on; AIMC_DCHECK compiles away under NDEBUG (hot loops).
// Thread-safe (no state).
#ifndef AIMC_COMMON_STATUS_MACROS_H_
#define AIMC_COMMON_STATUS_MACROS_H_

#include <cstdio>
#include <cstdlib>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define AIMC_STATUS_CONCAT_INNER_(a, b) a##b
#define AIMC_STATUS_CONCAT_(a, b) AIMC_STATUS_CONCAT_INNER_(a, b)

// Returns from the enclosing function if `expr` (an absl::Status) is not OK.
#define RETURN_IF_ERROR(expr)                                     \
  do {                                                            \
    ::absl::Status aimc_status_ = (expr);                         \
    if (!aimc_status_.ok()) return aimc_status_;                  \
  } while (false)

// `lhs` is a declaration or an lvalue; `expr` yields absl::StatusOr<T>.
//   ASSIGN_OR_RETURN(auto config, LoadConfig(path));
#define ASSIGN_OR_RETURN(lhs, expr) \
  AIMC_ASSIGN_OR_RETURN_IMPL_(AIMC_STATUS_CONCAT_(aimc_statusor_, __LINE__), lhs, expr)

#define AIMC_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                                \
  if (!statusor.ok()) return std::move(statusor).status(); \
  lhs = std::move(statusor).value()

namespace aimc::internal {
[[noreturn]] inline void CheckFailed(const char* file, int line, const char* cond) {
  std::fprintf(stderr, "%s:%d: AIMC_CHECK failed: %s\n", file, line, cond);
  std::abort();
}
}  // namespace aimc::internal

// Aborts with the condition's text: for broken invariants, never for bad input.
#define AIMC_CHECK(cond) \
  ((cond) ? (void)0 : ::aimc::internal::CheckFailed(__FILE__, __LINE__, #cond))

#ifdef NDEBUG
#define AIMC_DCHECK(cond) ((void)0)
#else
#define AIMC_DCHECK(cond) AIMC_CHECK(cond)
#endif

#endif  // AIMC_COMMON_STATUS_MACROS_H_
