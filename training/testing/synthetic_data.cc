#include "training/testing/synthetic_data.h"

#include <utility>
#include <vector>

#include "common/status_macros.h"

namespace aimc::training::testing {

Dataset MakeBandsDataset(int64_t size, const ImageShape& shape, int num_classes,
                         uint64_t seed) {
  AIMC_CHECK(shape.height >= num_classes);
  std::vector<uint8_t> pixels(static_cast<size_t>(size * shape.pixels()));
  std::vector<uint8_t> labels(static_cast<size_t>(size));
  uint64_t state = seed * 6364136223846793005ULL + 1442695040888963407ULL;
  size_t i = 0;
  for (int64_t n = 0; n < size; ++n) {
    const int label = static_cast<int>(n % num_classes);
    labels[n] = static_cast<uint8_t>(label);
    const int band_begin = label * shape.height / num_classes;
    const int band_end = (label + 1) * shape.height / num_classes;
    for (int c = 0; c < shape.channels; ++c) {
      for (int y = 0; y < shape.height; ++y) {
        for (int x = 0; x < shape.width; ++x) {
          state = state * 6364136223846793005ULL + 1442695040888963407ULL;
          const bool band = y >= band_begin && y < band_end;
          pixels[i++] = band ? 200 : static_cast<uint8_t>((state >> 33) & 63);
        }
      }
    }
  }
  auto dataset = Dataset::Create("bands", "testing/synthetic_data.h", shape, num_classes,
                                 std::move(pixels), std::move(labels));
  AIMC_CHECK(dataset.ok());
  return *std::move(dataset);
}

}  // namespace aimc::training::testing
