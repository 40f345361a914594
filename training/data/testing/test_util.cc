#include "training/data/testing/test_util.h"

#include <cstdlib>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/file.h"
#include "gtest/gtest.h"

namespace aimc::training::test_util {

uint8_t SyntheticPixel(int64_t n, int c, int y, int x) {
  return static_cast<uint8_t>((n * 37 + c * 101 + y * 13 + x * 7) % 256);
}

Dataset MakeDataset(int64_t size, const ImageShape& shape, int num_classes) {
  std::vector<uint8_t> pixels, labels;
  pixels.reserve(size * shape.pixels());
  for (int64_t n = 0; n < size; ++n) {
    for (int c = 0; c < shape.channels; ++c) {
      for (int y = 0; y < shape.height; ++y) {
        for (int x = 0; x < shape.width; ++x) pixels.push_back(SyntheticPixel(n, c, y, x));
      }
    }
    labels.push_back(static_cast<uint8_t>(n % num_classes));
  }
  auto dataset = Dataset::Create("synthetic", "test_util::MakeDataset", shape, num_classes,
                                 std::move(pixels), std::move(labels));
  EXPECT_TRUE(dataset.ok()) << dataset.status();
  return *std::move(dataset);
}

std::string TempPath(absl::string_view name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return absl::StrCat(dir != nullptr ? dir : "/tmp", "/", name);
}

void WriteBytes(const std::string& path, absl::string_view contents) {
  const absl::Status status = WriteFileAtomically(path, contents);
  ASSERT_TRUE(status.ok()) << status;
}

}  // namespace aimc::training::test_util
