#include "common/random_cursor.h"

#include "common/status_macros.h"

namespace aimc {

uint32_t RandomCursor::NextBits() {
  AIMC_CHECK(position_ < RandomStream::kMaxNumbers);
  const uint64_t block = position_ / 4;
  if (block != cached_block_) {
    block_ = stream_.Block(block);
    cached_block_ = block;
  }
  return block_[position_++ % 4];
}

int RandomCursor::UniformInt(int n) {
  AIMC_CHECK(n >= 1);
  const uint32_t range = static_cast<uint32_t>(n);
  // Lemire (2019): the high word of x * range is uniform once the low word is
  // at least 2^32 mod range.
  uint64_t m = uint64_t{NextBits()} * range;
  if (static_cast<uint32_t>(m) < range) {
    const uint32_t threshold = static_cast<uint32_t>(-range) % range;
    while (static_cast<uint32_t>(m) < threshold) m = uint64_t{NextBits()} * range;
  }
  return static_cast<int>(m >> 32);
}

}  // namespace aimc
