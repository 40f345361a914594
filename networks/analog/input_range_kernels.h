// Element-wise passes of the analog layers' input-range backward on raw float
// arrays. No LibTorch here: this translation unit is built for SIMD
// (AIMC_KERNEL_COPTS and AVX2/AVX-512 clones), which the LibTorch ones are not.
// Results are identical on every instruction set: sums run in fixed lanes.
#ifndef AIMC_NETWORKS_ANALOG_INPUT_RANGE_KERNELS_H_
#define AIMC_NETWORKS_ANALOG_INPUT_RANGE_KERNELS_H_

#include <cstdint>

namespace aimc::networks::analog {

// out[i] = clamp(x[i], -r, r) for i < n; returns how many |x[i]| < r.
// n < 2^31.
int64_t ClampAndCountInside(const float* x, int64_t n, float r, float* out);

// Zeroes g[i] where x[i] >= r or x[i] <= -r (the input was clipped) and
// returns the input-range gradient of those elements:
// sum over x >= r of min(g, 0) minus sum over x <= -r of max(g, 0).
double MaskClippedGradient(const float* x, int64_t n, float r, float* g);

}  // namespace aimc::networks::analog

#endif  // AIMC_NETWORKS_ANALOG_INPUT_RANGE_KERNELS_H_
