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

// Runs share(0 .. count-1), concurrently where it can, and returns when all
// are done. The shares are fixed by ParallelFor: a backend changes which
// threads run them, never the numbers.
using ParallelBackend = void (*)(int count, absl::FunctionRef<void(int share)> share);

// Replaces the built-in pool for every later ParallelFor (nullptr restores
// it). A program whose main library keeps its own pool (LibTorch's OpenMP
// threads) installs that one, so that two pools do not spin against each
// other on few cores. Call before any parallel work, not concurrently with it.
void SetParallelBackend(ParallelBackend backend);

}  // namespace aimc

#endif  // AIMC_COMMON_PARALLEL_H_
