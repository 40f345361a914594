// A deterministic synthetic AnalogNAS-Bench benchmark for tests and
// benchmarks (NASLib's dummy-benchmark habit, style.md §7). Values are simple
// functions of the lexicographic index i, so tests can recompute them:
//   baseline_accuracy = 80 + (i % 1500) / 100; ptq = baseline - 0.5 (missing
//   when i % 97 == 0); qat = baseline - 0.25; noisy = baseline - 8;
//   analog = baseline - 2; noisy_drift_T[t] = noisy - 3 (t + 1) ± 0.125 (t + 1);
//   analog_drift_T[t] = analog - 0.5 (t + 1) ± 0.0625 (t + 1) (t = 0..3 over
//   kDriftTimesS); params = ParamCount(cell); flops = 1000 i + 7;
//   arch_index = 7919 i mod 15625 (a permutation).
// testonly. Thread-safe: pure functions.
#ifndef AIMC_NAS_TESTING_SYNTHETIC_BENCHMARK_H_
#define AIMC_NAS_TESTING_SYNTHETIC_BENCHMARK_H_

#include "nas/benchmark.pb.h"
#include "nas/benchmark_store.h"
#include "nas/cell.h"

namespace aimc::nas::test_util {

ArchRecord SyntheticRecord(const Cell& cell);

// The first `num_cells` cells in lexicographic order, or every `stride`-th
// cell, with a fixed provenance. REQUIRES: 1 <= num_cells * stride <= kNumCells.
BenchmarkStore SyntheticStore(int num_cells = kNumCells, int stride = 1);

}  // namespace aimc::nas::test_util

#endif  // AIMC_NAS_TESTING_SYNTHETIC_BENCHMARK_H_
