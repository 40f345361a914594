// The two CrossNAS searches as EvolutionarySearch instances (crossnas_spec.md
// §4.3, §7, §9.3, §10.9, §10.10): the architecture search over ArchGenotype
// (8 genes of 11 states, per-gene mutation 0.1, canonicalised, legal under
// the down-sampling cap) and the quantisation + PIM search over QpimGenotype
// (L bit genes at 0.05, the crossbar/DAC and ADC genes at 0.5). Evaluators see
// typed genotypes; they return CandidateMetrics, InfeasibleCandidateError to
// have a candidate resampled (e.g. tile overflow), or any other error to stop.
// The evaluators are copied into the search and must stay callable while it
// runs. Thread-compatible.
#ifndef AIMC_NAS_CROSSNAS_CROSSNAS_SEARCH_H_
#define AIMC_NAS_CROSSNAS_CROSSNAS_SEARCH_H_

#include <functional>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "nas/crossnas/arch_genotype.h"
#include "nas/crossnas/evolution.h"
#include "nas/crossnas/fitness.h"
#include "nas/crossnas/qpim_genotype.h"

namespace aimc::nas::crossnas {

using ArchEvaluator = std::function<absl::StatusOr<CandidateMetrics>(const ArchGenotype&)>;
using QpimEvaluator = std::function<absl::StatusOr<CandidateMetrics>(const QpimGenotype&)>;

// Algorithm 1's sizes [R §4.3]: P 50, 25 mutations + 25 crossovers, top-K 10,
// 10 cycles (550 evaluations). T0 (§9.3): P 8, 4 + 4, top-K 4, 2 cycles.
EvolutionConfig ArchSearchConfig();
EvolutionConfig ArchSearchT0Config();
// Stage 4 [R §7]: P 25, 15 mutations + 10 crossovers, top-K 10, 10 cycles
// (275 evaluations). T0 (§9.3: P 6, 2 cycles; the split 4 + 2 and top-K 4
// are ours, keeping §7's 3:2 ratio).
EvolutionConfig QpimSearchConfig();
EvolutionConfig QpimSearchT0Config();

// Name "crossnas_arch/<D_max>[/res2]". REQUIRES: valid options.
GeneSpace ArchGeneSpace(const ArchSpaceOptions& options, double mutation_probability = 0.1);
// Name "crossnas_qpim/<L>". REQUIRES: 1 <= num_blocks <= 16.
GeneSpace QpimGeneSpace(int num_blocks, double bit_mutation_probability = 0.05,
                        double pim_mutation_probability = 0.5);

// Decoders of a ScoredCandidate's genes. REQUIRES: genes from the matching space.
ArchGenotype ArchFromGenes(absl::Span<const int> genes);
QpimGenotype QpimFromCandidateGenes(absl::Span<const int> genes);

absl::StatusOr<EvolutionarySearch> CreateArchSearch(const EvolutionConfig& config,
                                                    const ArchSpaceOptions& options,
                                                    ArchEvaluator evaluator);
absl::StatusOr<EvolutionarySearch> CreateQpimSearch(const EvolutionConfig& config, int num_blocks,
                                                    QpimEvaluator evaluator);

}  // namespace aimc::nas::crossnas

#endif  // AIMC_NAS_CROSSNAS_CROSSNAS_SEARCH_H_
