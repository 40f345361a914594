// Seed-stable, counter-based random numbers (style.md §6).
//
// A RandomStream is keyed by (seed, entity, instance, draw) and returns the
// i-th number of that stream for any i, in any order, on any thread: number i
// depends only on the key and i. So thread counts, chunking and resumed runs
// change no result. The generator is Philox4x32-10 (Salmon et al., SC'11), the
// one in Debian's librandom123-dev; this file evaluates it over blocks of
// counters in a form the compiler vectorises, and the tests check it
// bit-for-bit against Random123's own philox4x32. Normals use Box-Muller with
// a 31-bit radius uniform (|z| <= 6.66) and a 26-bit angle, through
// vectorisable polynomial log/sin/cos (random.cc); kernels are compiled for
// AVX2 and for baseline x86-64 and chosen at run time.
//
// Key conventions: `entity` names what is being randomised (a tile, a layer),
// `instance` a programming instance or repetition, `draw` the purpose within it
// (programming noise, drift exponent, the k-th read); see each caller.
// Thread-safe: a RandomStream is an immutable value.
#ifndef AIMC_COMMON_RANDOM_H_
#define AIMC_COMMON_RANDOM_H_

#include <array>
#include <cstdint>

#include "absl/types/span.h"

namespace aimc {

struct StreamKey {
  uint64_t seed = 0;
  uint32_t entity = 0;
  uint32_t instance = 0;
  uint32_t draw = 0;
};

class RandomStream {
 public:
  // Each stream holds 2^34 numbers (2^32 Philox blocks of 4).
  static constexpr uint64_t kMaxNumbers = uint64_t{1} << 34;

  explicit RandomStream(const StreamKey& key) : key_(key) {}

  const StreamKey& key() const { return key_; }

  // A stream for another purpose within the same (seed, entity, instance).
  RandomStream WithDraw(uint32_t draw) const {
    StreamKey k = key_;
    k.draw = draw;
    return RandomStream(k);
  }

  // out[k] = 32 random bits number (first + k) of this stream.
  // REQUIRES: first + out.size() <= kMaxNumbers.
  void FillBits(uint64_t first, absl::Span<uint32_t> out) const;

  // out[k] = uniform in (0, 1) (24-bit grid, midpoints: never 0 or 1), from
  // number (first + k).
  void FillUniform(uint64_t first, absl::Span<float> out) const;

  // out[k] = standard normal number (first + k). Numbers 4b..4b+3 come from
  // Philox block b (two Box-Muller pairs). |out[k]| <= 6.66.
  void FillNormal(uint64_t first, absl::Span<float> out) const;

  // One Philox block: the 4 words for counter block `block` (reference path,
  // used by tests and by code that wants a few numbers).
  std::array<uint32_t, 4> Block(uint64_t block) const;

 private:
  StreamKey key_;
};

}  // namespace aimc

#endif  // AIMC_COMMON_RANDOM_H_
