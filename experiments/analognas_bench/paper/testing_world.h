// A synthetic benchmark for the paper targets' tests, whose robustness
// structure is known by construction (testonly). Values are functions of the
// cell's op counts plus a deterministic jitter of its lexicographic index:
//   baseline = 80 + 2 n3 + n1 - nz + 2 j1,   ptq/qat = baseline - 0.3/0.6 + 0.2 j
//   kPaperLike: noisy  = baseline - (4 + 5 n1 - 0.5 (n3 + ns + np)) + 3 j4
//               analog = baseline - 1 - 0.3 n1 + 0.5 j5
//               noisy_drift_T  = noisy  - (3 + 3t)(1 + 0.2 (n1 + nz))
//               analog_drift_T = analog - (0.5 + 0.5t)(1 + 0.3 (np + nz))
//     so robust cells have fewer 1x1 convs, PTQ tracks baseline better than
//     noisy, and HWT cuts the drift drop (the paper's findings hold);
//   kInverted: ptq = 70 + 20 j2 (unrelated to baseline), noisy = baseline -
//     (4 + 0.5 n3 - 0.5 n1) + 0.3 j4, and the two drift branches swapped, so
//     those findings do not hold.
// (n3, n1, ns, np, nz = edges with 3x3, 1x1, skip, pool, none; j in [-0.5, 0.5).)
#ifndef AIMC_EXPERIMENTS_ANALOGNAS_BENCH_PAPER_TESTING_WORLD_H_
#define AIMC_EXPERIMENTS_ANALOGNAS_BENCH_PAPER_TESTING_WORLD_H_

#include "nas/benchmark_store.h"

namespace aimc::experiments::anb_paper::testing {

enum class World { kPaperLike, kInverted };

// Every `stride`-th cell in lexicographic order, provenance scale "test".
nas::BenchmarkStore MakeWorld(World world, int stride = 5);

}  // namespace aimc::experiments::anb_paper::testing

#endif  // AIMC_EXPERIMENTS_ANALOGNAS_BENCH_PAPER_TESTING_WORLD_H_
