// Sizes of the CrossNAS search space (crossnas_spec.md §2.1 Table 1, §2.4) and
// Table 1's rows, computed from the genotype libraries' constants so that the
// table the experiment prints is the one the code searches. Closed forms by
// dynamic programming over the number of down-sampling blocks; exact integers
// (unsigned __int128 for the joint counts, which pass 2^64). A brute-force
// enumeration over raw genotypes checks the closed form on small spaces.
// No Status: options are REQUIRED valid (ValidateArchSpaceOptions).
// Thread-safe: pure functions.
#ifndef AIMC_NAS_CROSSNAS_SPACE_SIZE_H_
#define AIMC_NAS_CROSSNAS_SPACE_SIZE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "nas/crossnas/arch_genotype.h"

namespace aimc::nas::crossnas {

using Count128 = unsigned __int128;
std::string Count128ToString(Count128 value);

// Σ_{n=1..D_max} 9^n: every block sequence, no down-sampling cap.
uint64_t NominalArchCount(const ArchSpaceOptions& options);
// Distinct legal canonical architectures of depth n = 1..D_max (index n - 1).
std::vector<uint64_t> LegalArchCountsByDepth(const ArchSpaceOptions& options);
uint64_t LegalArchCount(const ArchSpaceOptions& options);
// 11^D_max raw genotypes (skips anywhere, both skip codes).
uint64_t RawGenotypeCount(const ArchSpaceOptions& options);
// Raw genotypes the code's is_legal accepts: gene 1 not a skip and the cap
// met (before canonicalisation).
uint64_t CodeLegalRawGenotypeCount(const ArchSpaceOptions& options);

// Brute force: canonicalises all 11^D_max raw genotypes and counts distinct
// legal ones per depth. REQUIRES: options.max_blocks <= 6 (11^6 = 1.8M).
std::vector<uint64_t> EnumerateLegalArchCountsByDepth(const ArchSpaceOptions& options);

// Bit maps x PIM configurations of one n-block net: 9^n * 32.
uint64_t QpimConfigsPerArch(int num_blocks);

// Σ over architectures of (bit maps x 32 PIM configurations), per-block bits
// (9 per block) or per-conv bits (9 per conv: 2 for VGG/MVGG, 3 for RES with
// its shortcut); `with_cap` counts only legal architectures.
Count128 JointSpaceSize(const ArchSpaceOptions& options, bool per_conv_bits, bool with_cap);

// Table 1 of the paper as (level, parameter, choices) from the constants.
struct Table1Row {
  std::string level;
  std::string parameter;
  std::string choices;
};
std::vector<Table1Row> Table1Rows(const ArchSpaceOptions& options);

}  // namespace aimc::nas::crossnas

#endif  // AIMC_NAS_CROSSNAS_SPACE_SIZE_H_
