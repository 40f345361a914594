// Test helpers of experiments/crossnas: a tiny synthetic 3x32x32 ten-class dataset and a
// fresh directory under TEST_TMPDIR.
#ifndef AIMC_EXPERIMENTS_CROSSNAS_CROSSNAS_TESTING_H_
#define AIMC_EXPERIMENTS_CROSSNAS_CROSSNAS_TESTING_H_

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "training/data/dataset.h"

namespace aimc::experiments::crossnas::testing_data {

// Class k of 10 has a bright band on rows [3k, 3k + 3) over a seeded noise background.
inline training::Dataset Bands(int n, uint32_t seed = 12345) {
  const int pixels = 3 * 32 * 32;
  std::vector<uint8_t> data(static_cast<size_t>(n) * pixels);
  std::vector<uint8_t> labels(n);
  uint32_t state = seed;
  for (int i = 0; i < n; ++i) {
    labels[i] = static_cast<uint8_t>(i % 10);
    for (int p = 0; p < pixels; ++p) {
      state = state * 1664525u + 1013904223u;
      const int row = (p / 32) % 32;
      const bool band = row / 3 == labels[i];
      data[static_cast<size_t>(i) * pixels + p] =
          band ? 200 : static_cast<uint8_t>((state >> 24) % 64);
    }
  }
  absl::StatusOr<training::Dataset> d = training::Dataset::Create(
      "bands", "synthetic", {3, 32, 32}, 10, std::move(data), std::move(labels));
  EXPECT_TRUE(d.ok()) << d.status();
  return *std::move(d);
}

inline std::string FreshDir(const std::string& name) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  const std::string dir = absl::StrCat(tmp != nullptr ? tmp : "/tmp", "/", name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace aimc::experiments::crossnas::testing_data

#endif  // AIMC_EXPERIMENTS_CROSSNAS_CROSSNAS_TESTING_H_
