#include "networks/analog/input_range_kernels.h"

#include <cmath>
#include <random>
#include <vector>

#include "gtest/gtest.h"

namespace aimc::networks::analog {
namespace {

// Against a plain loop, on lengths around the 16 lanes and with inputs
// exactly at ±r (they count as clipped, as x >= r in the reference toolkit).
TEST(InputRangeKernelsTest, MatchPlainLoops) {
  std::mt19937 gen(7);
  std::normal_distribution<float> normal(0.0f, 2.0f);
  const float r = 2.5f;
  for (int64_t n : {0, 1, 15, 16, 17, 100, 1000}) {
    SCOPED_TRACE(n);
    std::vector<float> x(n), g(n);
    for (int64_t i = 0; i < n; ++i) {
      x[i] = i % 7 == 3 ? (i % 2 ? r : -r) : normal(gen);
      g[i] = normal(gen);
    }
    std::vector<float> clamped(n);
    int64_t inside = 0;
    double want = 0;
    std::vector<float> masked = g;
    for (int64_t i = 0; i < n; ++i) {
      inside += std::abs(x[i]) < r;
      if (x[i] >= r) want += std::min(g[i], 0.0f);
      if (x[i] <= -r) want -= std::max(g[i], 0.0f);
      if (x[i] >= r || x[i] <= -r) masked[i] = 0;
    }
    EXPECT_EQ(ClampAndCountInside(x.data(), n, r, clamped.data()), inside);
    for (int64_t i = 0; i < n; ++i) EXPECT_EQ(clamped[i], std::min(std::max(x[i], -r), r));
    const double got = MaskClippedGradient(x.data(), n, r, g.data());
    EXPECT_NEAR(got, want, 1e-4 * (1 + std::abs(want)));
    EXPECT_EQ(g, masked);
  }
}

}  // namespace
}  // namespace aimc::networks::analog
