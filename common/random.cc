#include "common/random.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

#include "common/fast_math.h"
#include "common/status_macros.h"

namespace aimc {
namespace {

// Philox4x32 constants (Salmon et al. 2011; Random123 philox.h).
constexpr uint32_t kM0 = 0xD2511F53u;
constexpr uint32_t kM1 = 0xCD9E8D57u;
constexpr uint32_t kW0 = 0x9E3779B9u;
constexpr uint32_t kW1 = 0xBB67AE85u;
constexpr int kRounds = 10;

// Blocks evaluated together: a multiple of every SIMD width we care about.
constexpr int kLanes = 64;

// Counter layout: (block low 32 bits, draw, instance, entity); blocks are
// < 2^32 (kMaxNumbers). Key: the 64-bit seed.
struct Lanes {
  alignas(64) uint32_t w[4][kLanes];
};

// The kernels below are plain loops over lanes with no cross-lane dependence,
// compiled for AVX2 and baseline x86-64 (common/fast_math.h).
#define AIMC_RANDOM_KERNEL AIMC_SIMD_CLONES
#define AIMC_INLINE AIMC_ALWAYS_INLINE

// Philox4x32-10 over kLanes consecutive blocks starting at `block0`.
AIMC_INLINE void PhiloxLanesImpl(const StreamKey& key, uint64_t block0, Lanes* out) {
  uint32_t* c0 = out->w[0];
  uint32_t* c1 = out->w[1];
  uint32_t* c2 = out->w[2];
  uint32_t* c3 = out->w[3];
  for (int l = 0; l < kLanes; ++l) {
    c0[l] = static_cast<uint32_t>(block0 + l);
    c1[l] = key.draw;
    c2[l] = key.instance;
    c3[l] = key.entity;
  }
  uint32_t k0 = static_cast<uint32_t>(key.seed);
  uint32_t k1 = static_cast<uint32_t>(key.seed >> 32);
  for (int r = 0; r < kRounds; ++r) {
    if (r > 0) {
      k0 += kW0;
      k1 += kW1;
    }
    for (int l = 0; l < kLanes; ++l) {
      const uint64_t p0 = uint64_t{kM0} * c0[l];
      const uint64_t p1 = uint64_t{kM1} * c2[l];
      const uint32_t n0 = static_cast<uint32_t>(p1 >> 32) ^ c1[l] ^ k0;
      const uint32_t n2 = static_cast<uint32_t>(p0 >> 32) ^ c3[l] ^ k1;
      c0[l] = n0;
      c1[l] = static_cast<uint32_t>(p1);
      c2[l] = n2;
      c3[l] = static_cast<uint32_t>(p0);
    }
  }
}

// Box-Muller: number 4b+2p+{0,1} = r cos(theta), r sin(theta) with r from word
// 2p and theta from word 2p+1 of block b. theta = q pi/2 + phi: the top 2 bits
// pick the quadrant q, the next 24 bits phi in [-pi/4, pi/4), where Taylor
// series to x^9 (sin) and x^10 (cos) are exact to float rounding (remainder
// < 3e-9).
AIMC_INLINE void BoxMullerPair(const uint32_t* w_r, const uint32_t* w_theta, float* z_cos,
                               float* z_sin) {
  constexpr float kHalfPi = 1.57079632679489661923f;
  for (int l = 0; l < kLanes; ++l) {
    // u in [2^-32, 1]: 31 random bits plus half a step, never 0.
    const float u = static_cast<float>(static_cast<int32_t>(w_r[l] >> 1)) * 4.656612873e-10f +
                    2.328306437e-10f;
    const float r = std::sqrt(-2.0f * FastLog(u));
    const uint32_t q = w_theta[l] >> 30;
    const float f = static_cast<float>(static_cast<int32_t>((w_theta[l] >> 6) & 0xffffffu)) *
                        5.960464478e-08f -
                    0.5f;  // in [-0.5, 0.5)
    const float x = f * kHalfPi;
    const float x2 = x * x;
    const float sin_x =
        x * (1.0f + x2 * (-1.0f / 6 + x2 * (1.0f / 120 + x2 * (-1.0f / 5040 + x2 * (1.0f / 362880)))));
    const float cos_x =
        1.0f + x2 * (-0.5f + x2 * (1.0f / 24 + x2 * (-1.0f / 720 + x2 * (1.0f / 40320 + x2 * (-1.0f / 3628800)))));
    // Rotate (cos x, sin x) by q quarter turns.
    const bool odd = (q & 1u) != 0;
    const float sign = (q & 2u) != 0 ? -1.0f : 1.0f;
    const float c = odd ? -sin_x : cos_x;
    const float s = odd ? cos_x : sin_x;
    z_cos[l] = sign * r * c;
    z_sin[l] = sign * r * s;
  }
}

AIMC_RANDOM_KERNEL void PhiloxLanes(const StreamKey& key, uint64_t block0, Lanes* out) {
  PhiloxLanesImpl(key, block0, out);
}

// Writes 4 * kLanes numbers for blocks block0.. in stream order.
AIMC_RANDOM_KERNEL void NormalLanes(const StreamKey& key, uint64_t block0, float* out) {
  Lanes bits;
  PhiloxLanesImpl(key, block0, &bits);
  alignas(64) float z[4][kLanes];
  BoxMullerPair(bits.w[0], bits.w[1], z[0], z[1]);
  BoxMullerPair(bits.w[2], bits.w[3], z[2], z[3]);
  for (int l = 0; l < kLanes; ++l) {
    out[4 * l + 0] = z[0][l];
    out[4 * l + 1] = z[1][l];
    out[4 * l + 2] = z[2][l];
    out[4 * l + 3] = z[3][l];
  }
}

AIMC_RANDOM_KERNEL void UniformLanes(const StreamKey& key, uint64_t block0, float* out) {
  Lanes bits;
  PhiloxLanesImpl(key, block0, &bits);
  for (int l = 0; l < kLanes; ++l) {
    for (int w = 0; w < 4; ++w) {
      // 24-bit grid midpoints: (k + 0.5) 2^-24, in (0, 1).
      out[4 * l + w] =
          (static_cast<float>(static_cast<int32_t>(bits.w[w][l] >> 8)) + 0.5f) * 5.960464478e-08f;
    }
  }
}

void BitsLanes(const StreamKey& key, uint64_t block0, uint32_t* out) {
  Lanes bits;
  PhiloxLanes(key, block0, &bits);
  for (int l = 0; l < kLanes; ++l)
    for (int w = 0; w < 4; ++w) out[4 * l + w] = bits.w[w][l];
}

// Runs `emit(key, first_block, buffer)` over the chunks covering [first, first + n) and
// copies the wanted part of each chunk to out.
template <typename T, typename Emit>
void FillChunked(const StreamKey& key, uint64_t first, absl::Span<T> out, Emit emit) {
  AIMC_CHECK(first + out.size() <= RandomStream::kMaxNumbers);
  constexpr uint64_t kChunk = 4 * kLanes;  // numbers per PhiloxLanes call
  alignas(64) T buffer[kChunk];
  uint64_t pos = first;
  const uint64_t end = first + out.size();
  T* dst = out.data();
  while (pos < end) {
    const uint64_t chunk_start = pos / kChunk * kChunk;
    const uint64_t skip = pos - chunk_start;
    const uint64_t take = std::min<uint64_t>(kChunk - skip, end - pos);
    if (skip == 0 && take == kChunk) {
      emit(key, chunk_start / 4, dst);  // whole chunk: straight to the output
    } else {
      emit(key, chunk_start / 4, buffer);
      std::memcpy(dst, buffer + skip, take * sizeof(T));
    }
    dst += take;
    pos += take;
  }
}

}  // namespace

void RandomStream::FillBits(uint64_t first, absl::Span<uint32_t> out) const {
  FillChunked(key_, first, out, BitsLanes);
}

void RandomStream::FillUniform(uint64_t first, absl::Span<float> out) const {
  FillChunked(key_, first, out, UniformLanes);
}

void RandomStream::FillNormal(uint64_t first, absl::Span<float> out) const {
  FillChunked(key_, first, out, NormalLanes);
}

std::array<uint32_t, 4> RandomStream::Block(uint64_t block) const {
  uint32_t c[4] = {static_cast<uint32_t>(block), key_.draw, key_.instance, key_.entity};
  uint32_t k0 = static_cast<uint32_t>(key_.seed);
  uint32_t k1 = static_cast<uint32_t>(key_.seed >> 32);
  for (int r = 0; r < kRounds; ++r) {
    if (r > 0) {
      k0 += kW0;
      k1 += kW1;
    }
    const uint64_t p0 = uint64_t{kM0} * c[0];
    const uint64_t p1 = uint64_t{kM1} * c[2];
    const uint32_t n[4] = {static_cast<uint32_t>(p1 >> 32) ^ c[1] ^ k0, static_cast<uint32_t>(p1),
                           static_cast<uint32_t>(p0 >> 32) ^ c[3] ^ k1, static_cast<uint32_t>(p0)};
    std::memcpy(c, n, sizeof(c));
  }
  return {c[0], c[1], c[2], c[3]};
}

}  // namespace aimc
