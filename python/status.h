// absl::Status at the Python boundary: every error of the C++ core becomes a
// Python exception whose str() is the Status message, of a class chosen by
// the code, so callers can catch the built-in kinds they know:
//   InvalidArgument    -> aimc_nas.InvalidArgumentError (also a ValueError)
//   NotFound           -> aimc_nas.NotFoundError (also a LookupError)
//   DataLoss           -> aimc_nas.DataLossError (also an OSError)
//   any other code     -> aimc_nas.StatusError (a RuntimeError; the base of all)
// Each exception has `code`, the absl code's name ("INVALID_ARGUMENT").
// Raise* need the GIL: release it around the C++ call, raise after.
#ifndef AIMC_PYTHON_STATUS_H_
#define AIMC_PYTHON_STATUS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "pybind11/pybind11.h"

namespace aimc::python {

// Creates the exception classes in `m`. Called once, from the module init.
void RegisterExceptions(pybind11::module_& m);

// Sets the Python error for `status` and throws pybind11::error_already_set.
// REQUIRES: !status.ok().
[[noreturn]] void RaiseStatus(const absl::Status& status);

inline void ThrowIfError(const absl::Status& status) {
  if (!status.ok()) RaiseStatus(status);
}

template <typename T>
T ValueOrThrow(absl::StatusOr<T> value) {
  if (!value.ok()) RaiseStatus(value.status());
  return *std::move(value);
}

}  // namespace aimc::python

#endif  // AIMC_PYTHON_STATUS_H_
