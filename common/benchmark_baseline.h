// Helpers for Google Benchmark binaries that report each kernel as a ratio to
// a baseline measured in the same run (style.md §8). testonly.
#ifndef AIMC_COMMON_BENCHMARK_BASELINE_H_
#define AIMC_COMMON_BENCHMARK_BASELINE_H_

#include <algorithm>
#include <chrono>

#include "absl/functional/function_ref.h"

namespace aimc {

// Mean wall time (s) of one call of fn, over as many calls as fit in
// `min_seconds` (at least 3), after one warm-up call: the same statistic Google
// Benchmark reports for the kernels compared with it.
inline double MeanSeconds(absl::FunctionRef<void()> fn, double min_seconds = 0.5) {
  fn();
  const auto start = std::chrono::steady_clock::now();
  int calls = 0;
  double elapsed = 0;
  while (calls < 3 || elapsed < min_seconds) {
    fn();
    ++calls;
    elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  return elapsed / calls;
}

// Wall-clock stopwatch for a benchmark's timed loop.
class Stopwatch {
 public:
  Stopwatch() : start_(std::chrono::steady_clock::now()) {}
  double Seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_;
};

}  // namespace aimc

#endif  // AIMC_COMMON_BENCHMARK_BASELINE_H_
