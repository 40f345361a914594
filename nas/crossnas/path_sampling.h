// SPOS path sampling for the CrossNAS supernet (crossnas_spec.md §3.1, [R]
// keep the code's depth-uniform scheme): depth n uniform in 1..D_max, n block
// types i.i.d. uniform, the whole draw repeated while the down-sampling cap is
// broken, then one channel index per slot i.i.d. uniform (skipped slots' draws
// are made and ignored, as in the code). The result is canonical and legal.
// Because of the redraw the depth is uniform only before rejection: accepted
// depths have P(n) proportional to P(types legal | n) (ExactDepthProbabilities).
// Randomness comes only from the caller's RandomCursor, which each call
// advances. No Status: options are REQUIRED valid. Thread-compatible.
#ifndef AIMC_NAS_CROSSNAS_PATH_SAMPLING_H_
#define AIMC_NAS_CROSSNAS_PATH_SAMPLING_H_

#include <vector>

#include "common/random_cursor.h"
#include "nas/crossnas/arch_genotype.h"

namespace aimc::nas::crossnas {

// REQUIRES: ValidateArchSpaceOptions(options).ok() and a cap that some depth
// can meet (always true: MVGG never down-samples).
ArchGenotype SampleSposPath(const ArchSpaceOptions& options, RandomCursor& rng);

// P(depth = n) for n = 1..max_blocks (index n - 1) of SampleSposPath.
std::vector<double> ExactDepthProbabilities(const ArchSpaceOptions& options);

}  // namespace aimc::nas::crossnas

#endif  // AIMC_NAS_CROSSNAS_PATH_SAMPLING_H_
