// ParallelFor: split [0, n) into contiguous chunks over `num_threads` threads.
// Results must not depend on the split: callers index their random streams by
// element (common/random.h), so the thread count changes no number.
// Thread-safe if `fn` is safe to call concurrently on disjoint ranges.
#ifndef AIMC_COMMON_PARALLEL_H_
#define AIMC_COMMON_PARALLEL_H_

#include <cstdint>

#include "absl/functional/function_ref.h"

namespace aimc {

// Calls fn(begin, end) over disjoint ranges covering [0, n); blocks until all
// are done. num_threads <= 1 (or a small n) runs inline on the caller's thread.
// Ranges are multiples of `grain` except the last (keeps SIMD blocks whole).
void ParallelFor(int64_t n, int num_threads, int64_t grain,
                 absl::FunctionRef<void(int64_t begin, int64_t end)> fn);

}  // namespace aimc

#endif  // AIMC_COMMON_PARALLEL_H_
