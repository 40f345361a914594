#include "nas/crossnas/crossnas_search.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

namespace aimc::nas::crossnas {

EvolutionConfig ArchSearchConfig() { return EvolutionConfig{}; }

EvolutionConfig ArchSearchT0Config() {
  EvolutionConfig c;
  c.population_size = 8;
  c.num_mutations = 4;
  c.num_crossovers = 4;
  c.top_k = 4;
  c.num_cycles = 2;
  return c;
}

EvolutionConfig QpimSearchConfig() {
  EvolutionConfig c;
  c.population_size = 25;
  c.num_mutations = 15;
  c.num_crossovers = 10;
  c.top_k = 10;
  c.num_cycles = 10;
  return c;
}

EvolutionConfig QpimSearchT0Config() {
  EvolutionConfig c = QpimSearchConfig();
  c.population_size = 6;
  c.num_mutations = 4;
  c.num_crossovers = 2;
  c.top_k = 4;
  c.num_cycles = 2;
  return c;
}

GeneSpace ArchGeneSpace(const ArchSpaceOptions& options, double mutation_probability) {
  AIMC_CHECK(ValidateArchSpaceOptions(options).ok());
  GeneSpace space;
  space.name =
      absl::StrCat("crossnas_arch/", options.max_blocks, options.res_stride2 ? "/res2" : "",
                   "/down", options.max_downsampling_blocks);
  space.num_states.assign(options.max_blocks, kNumArchGeneStates);
  space.mutation_probability.assign(options.max_blocks, mutation_probability);
  const int slots = options.max_blocks;
  space.canonicalize = [slots](absl::Span<const int> raw) {
    absl::StatusOr<ArchGenotype> g = ArchGenotype::FromGenes(raw, slots);
    AIMC_CHECK(g.ok());
    return g->Canonical().genes();
  };
  space.is_legal = [options](absl::Span<const int> genes) {
    absl::StatusOr<ArchGenotype> g = ArchGenotype::FromGenes(genes, options.max_blocks);
    return g.ok() && IsArchLegal(*g, options);
  };
  return space;
}

GeneSpace QpimGeneSpace(int num_blocks, double bit_mutation_probability,
                        double pim_mutation_probability) {
  AIMC_CHECK(num_blocks >= 1 && num_blocks <= 16);
  GeneSpace space;
  space.name = absl::StrCat("crossnas_qpim/", num_blocks);
  space.num_states.assign(num_blocks, kNumBitGeneStates);
  space.num_states.push_back(kNumCrossbarDacGeneStates);
  space.num_states.push_back(kNumAdcGeneStates);
  space.mutation_probability.assign(num_blocks, bit_mutation_probability);
  space.mutation_probability.push_back(pim_mutation_probability);
  space.mutation_probability.push_back(pim_mutation_probability);
  return space;
}

ArchGenotype ArchFromGenes(absl::Span<const int> genes) {
  absl::StatusOr<ArchGenotype> g = ArchGenotype::FromGenes(genes, static_cast<int>(genes.size()));
  AIMC_CHECK(g.ok());
  return *std::move(g);
}

QpimGenotype QpimFromCandidateGenes(absl::Span<const int> genes) {
  absl::StatusOr<QpimGenotype> g = QpimFromGenes(genes, static_cast<int>(genes.size()) - 2);
  AIMC_CHECK(g.ok());
  return *std::move(g);
}

absl::StatusOr<EvolutionarySearch> CreateArchSearch(const EvolutionConfig& config,
                                                    const ArchSpaceOptions& options,
                                                    ArchEvaluator evaluator) {
  RETURN_IF_ERROR(ValidateArchSpaceOptions(options));
  if (!evaluator) return absl::InvalidArgumentError("evaluator: must be set");
  GeneEvaluator wrapped = [evaluator = std::move(evaluator)](absl::Span<const int> genes) {
    return evaluator(ArchFromGenes(genes));
  };
  return EvolutionarySearch::Create(config, ArchGeneSpace(options), std::move(wrapped));
}

absl::StatusOr<EvolutionarySearch> CreateQpimSearch(const EvolutionConfig& config, int num_blocks,
                                                    QpimEvaluator evaluator) {
  if (num_blocks < 1 || num_blocks > 16) {
    return absl::InvalidArgumentError(absl::StrCat("num_blocks: must be 1..16, got ", num_blocks));
  }
  if (!evaluator) return absl::InvalidArgumentError("evaluator: must be set");
  GeneEvaluator wrapped = [evaluator = std::move(evaluator)](absl::Span<const int> genes) {
    return evaluator(QpimFromCandidateGenes(genes));
  };
  return EvolutionarySearch::Create(config, QpimGeneSpace(num_blocks), std::move(wrapped));
}

}  // namespace aimc::nas::crossnas
