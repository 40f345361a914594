// Test helpers of training/data: tiny synthetic datasets and scratch files
// under $TEST_TMPDIR. testonly. Thread-safe (no state).
#ifndef AIMC_TRAINING_DATA_TESTING_TEST_UTIL_H_
#define AIMC_TRAINING_DATA_TESTING_TEST_UTIL_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "training/data/dataset.h"

namespace aimc::training::test_util {

// The pixel of example n at (c, y, x) in MakeDataset: (n * 37 + c * 101 +
// y * 13 + x * 7) % 256.
uint8_t SyntheticPixel(int64_t n, int c, int y, int x);

// `size` uint8 examples of `shape` with SyntheticPixel values and label
// n % num_classes, named "synthetic".
Dataset MakeDataset(int64_t size, const ImageShape& shape, int num_classes = 10);

// A fresh path $TEST_TMPDIR/<name> (or /tmp/<name>), for scratch files.
std::string TempPath(absl::string_view name);

// Writes `contents` to `path`, failing the test on error.
void WriteBytes(const std::string& path, absl::string_view contents);

}  // namespace aimc::training::test_util

#endif  // AIMC_TRAINING_DATA_TESTING_TEST_UTIL_H_
