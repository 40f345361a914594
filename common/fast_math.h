// Vectorisable float ln/exp for element-wise kernels over large arrays.
//
// glibc's logf/expf/powf are scalar calls that stop gcc from vectorising a
// loop; these inline versions are plain arithmetic and bit operations, so a
// loop of them compiles to SIMD (AVX2 in AIMC_SIMD_CLONES functions). Accuracy:
// FastLog and FastExp are within 2 float ulps over their domains (tested in
// fast_math_test.cc against <cmath>). Inputs outside the domain are the
// caller's bug (AIMC_DCHECK would cost a branch; tests cover the edges).
// Thread-safe (pure functions).
#ifndef AIMC_COMMON_FAST_MATH_H_
#define AIMC_COMMON_FAST_MATH_H_

#include <bit>
#include <cstdint>

// Compile a kernel twice, for AVX2 and for baseline x86-64, chosen at run time:
// default builds run on any x86-64 and still use AVX2 where the CPU has it.
#define AIMC_SIMD_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
// Helpers called from AIMC_SIMD_CLONES kernels must inline to take the
// clone's instruction set.
#define AIMC_ALWAYS_INLINE inline __attribute__((always_inline))

namespace aimc {

// ln(x) for normal positive floats (x >= 1.2e-38, finite): x = m 2^e with m in
// [sqrt(1/2), sqrt(2)), ln m = 2 atanh(s), s = (m-1)/(m+1), |s| <= 0.1716,
// series to s^9 (truncation < 4e-10).
AIMC_ALWAYS_INLINE float FastLog(float x) {
  const uint32_t shifted = std::bit_cast<uint32_t>(x) - 0x3f3504f3u;  // 0x3f3504f3 = sqrt(1/2)
  const int32_t e = static_cast<int32_t>(shifted) >> 23;
  const float m = std::bit_cast<float>((shifted & 0x007fffffu) + 0x3f3504f3u);
  const float s = (m - 1.0f) / (m + 1.0f);
  const float s2 = s * s;
  const float series =
      s * (2.0f + s2 * (2.0f / 3 + s2 * (2.0f / 5 + s2 * (2.0f / 7 + s2 * (2.0f / 9)))));
  return series + static_cast<float>(e) * 0.693147180559945309f;
}

// e^x for x in [-87, 88] (results are normal floats); x below -87 returns
// ~2^-126-ish tiny values, never denormals or NaN. x = k ln2 + r, |r| <= ln2/2,
// Taylor series of e^r to r^7 (truncation < 2e-8 relative).
AIMC_ALWAYS_INLINE float FastExp(float x) {
  x = x < -87.0f ? -87.0f : (x > 88.0f ? 88.0f : x);
  // Round to nearest by adding and subtracting 1.5 * 2^23 (roundps needs
  // SSE4.1, which baseline x86-64 lacks; a libm call would stop vectorising).
  const float k = (x * 1.44269504088896341f + 12582912.0f) - 12582912.0f;
  // Two-part ln 2 keeps r exact to float precision.
  const float r = (x - k * 0.693145751953125f) - k * 1.42860682030941723212e-6f;
  const float p =
      1.0f + r * (1.0f + r * (0.5f + r * (1.0f / 6 +
                 r * (1.0f / 24 + r * (1.0f / 120 + r * (1.0f / 720 + r * (1.0f / 5040)))))));
  // 2^k by building the exponent; k in [-126, 127] after the clamp above.
  const int32_t ki = static_cast<int32_t>(k);
  return p * std::bit_cast<float>(static_cast<uint32_t>(ki + 127) << 23);
}

}  // namespace aimc

#endif  // AIMC_COMMON_FAST_MATH_H_
