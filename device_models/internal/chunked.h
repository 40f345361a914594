// ForEachNormalChunk: the loop every device kernel shares. It walks [0, n) in
// cache-sized chunks over `num_threads` threads, fills a per-thread buffer with
// normals (first + begin ...) of `noise`, and hands (begin, count, xi) to `fn`,
// so noise generation and the element-wise formula fuse in one pass.
// Thread-safe if fn is safe on disjoint ranges.
#ifndef AIMC_DEVICE_MODELS_INTERNAL_CHUNKED_H_
#define AIMC_DEVICE_MODELS_INTERNAL_CHUNKED_H_

#include <algorithm>
#include <cstdint>

#include "absl/types/span.h"
#include "common/parallel.h"
#include "common/random.h"

namespace aimc::device_models::internal {

inline constexpr int64_t kChunk = 2048;  // 8 KiB of normals: stays in L1

template <typename Fn>
void ForEachNormalChunk(int64_t n, const RandomStream& noise, uint64_t first, int num_threads,
                        Fn&& fn) {
  ParallelFor(n, num_threads, kChunk, [&](int64_t begin, int64_t end) {
    alignas(64) float xi[kChunk];
    for (int64_t b = begin; b < end; b += kChunk) {
      const int64_t count = std::min(kChunk, end - b);
      noise.FillNormal(first + b, absl::MakeSpan(xi, count));
      fn(b, count, xi);
    }
  });
}

}  // namespace aimc::device_models::internal

#endif  // AIMC_DEVICE_MODELS_INTERNAL_CHUNKED_H_
