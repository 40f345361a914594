#include "networks/analog/input_range_kernels.h"

#include <algorithm>

#include "common/fast_math.h"

namespace aimc::networks::analog {
namespace {
// Partial sums per lane: the order of additions is fixed by the source, so
// every clone (and the scalar tail) rounds the same way.
constexpr int kLanes = 16;
}  // namespace

AIMC_SIMD_CLONES int64_t ClampAndCountInside(const float* x, int64_t n, float r, float* out) {
  int32_t count = 0;  // int32 lets the loop vectorize
  for (int64_t i = 0; i < n; ++i) {
    const float v = x[i];
    count += static_cast<int32_t>(std::abs(v) < r);
    out[i] = std::min(std::max(v, -r), r);
  }
  return count;
}

AIMC_SIMD_CLONES double MaskClippedGradient(const float* x, int64_t n, float r, float* g) {
  float lane[kLanes] = {};
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    for (int l = 0; l < kLanes; ++l) {
      const float v = x[i + l], gv = g[i + l];
      const bool up = v >= r, down = v <= -r;
      lane[l] += (up ? std::min(gv, 0.0f) : 0.0f) - (down ? std::max(gv, 0.0f) : 0.0f);
      g[i + l] = (up || down) ? 0.0f : gv;
    }
  }
  double sum = 0;
  for (; i < n; ++i) {
    const float v = x[i], gv = g[i];
    const bool up = v >= r, down = v <= -r;
    sum += (up ? std::min(gv, 0.0f) : 0.0f) - (down ? std::max(gv, 0.0f) : 0.0f);
    if (up || down) g[i] = 0.0f;
  }
  for (float l : lane) sum += l;
  return sum;
}

}  // namespace aimc::networks::analog
