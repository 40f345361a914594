// RandomCursor: the generator of the discrete search code (sampling cells,
// mutating, shuffling). It reads one aimc::RandomStream (common/random.h) word
// by word from a start position the caller chooses: word i is stream number i
// (RandomStream::FillBits), so every draw depends only on the stream key and
// the position, never on the process or the thread. Save position() to resume.
// Uniform integers use Lemire's multiply-and-reject (exact, no modulo bias);
// how many words a draw consumes is data-dependent but deterministic.
// No call returns a Status; running past RandomStream::kMaxNumbers is a CHECK.
// Thread-compatible: a cursor is a small mutable value; give each thread its own.
#ifndef AIMC_COMMON_RANDOM_CURSOR_H_
#define AIMC_COMMON_RANDOM_CURSOR_H_

#include <array>
#include <cstdint>
#include <utility>

#include "absl/types/span.h"
#include "common/random.h"

namespace aimc {

class RandomCursor {
 public:
  // Starts at number `position` of `stream` (copied: a stream is its key).
  explicit RandomCursor(const RandomStream& stream, uint64_t position = 0)
      : stream_(stream), position_(position) {}

  const RandomStream& stream() const { return stream_; }
  // The number the next draw starts from.
  uint64_t position() const { return position_; }

  // The next 32 random bits.
  uint32_t NextBits();

  // Uniform in [0, n). REQUIRES: n >= 1.
  int UniformInt(int n);

  // Uniform random permutation (Fisher-Yates, last element first).
  template <typename T>
  void Shuffle(absl::Span<T> items) {
    for (size_t i = items.size(); i > 1; --i) {
      const size_t j = static_cast<size_t>(UniformInt(static_cast<int>(i)));
      using std::swap;
      swap(items[i - 1], items[j]);
    }
  }

 private:
  static constexpr uint64_t kNoBlock = ~uint64_t{0};

  RandomStream stream_;
  uint64_t position_;
  uint64_t cached_block_ = kNoBlock;  // Philox block held in block_
  std::array<uint32_t, 4> block_{};
};

}  // namespace aimc

#endif  // AIMC_COMMON_RANDOM_CURSOR_H_
