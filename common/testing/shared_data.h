// Locating the project's real-data folder ../shared/data (shared/data/README.md)
// from a test, which skips when it is absent (style.md §7). Places tried, in
// order: $AIMC_SHARED_DATA; <checkout>/../shared/data, where <checkout> is found
// by resolving the runfiles symlink of this library's own source file (listed
// in its `data`) back into the source tree; $BUILD_WORKSPACE_DIRECTORY/../shared/data;
// ../shared/data from the working directory. Returns NotFound listing every
// place tried. testonly. Thread-safe (reads the environment only).
#ifndef AIMC_COMMON_TESTING_SHARED_DATA_H_
#define AIMC_COMMON_TESTING_SHARED_DATA_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace aimc::test_util {

// The path of `relative_path` (e.g. "nas_bench_201/cifar10_test_accuracy.csv")
// inside the first shared-data folder above that holds it.
absl::StatusOr<std::string> FindSharedDataFile(absl::string_view relative_path);

}  // namespace aimc::test_util

#endif  // AIMC_COMMON_TESTING_SHARED_DATA_H_
