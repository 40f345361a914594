// AnalogNAS evolutionary search (Benmeziane et al. 2023) on NB201, as
// nas_spec.md §3.3 specifies for the reproduction (the released code targets a
// ResNet-like space and is degenerate there). Default (kSpec): P individuals
// by Latin-hypercube sampling over the 6 positions (per position a random
// permutation of ceil(P/5) copies of the 5 ops, truncated to P); members that
// violate the constraint are resampled uniformly, up to `max_resamples` times
// each; then `num_iterations` times, each member yields one child by `mutate`
// (one position, one of the other 4 ops), which replaces it if its value is
// higher and it satisfies the constraint. The answer is the argmax of every
// queried cell. The constraint (predicted AVM <= T_AVM in the paper) enters as
// an Objective: wrap the accuracy in ConstrainedObjective (multi_objective.h)
// and set `feasible_above` to its infeasible value; the default -inf means no
// constraint. kReleasedCode reproduces ea_optimized.py literally: P/10
// members, all resampled until every one is feasible, then each iteration
// every member is replaced by a fresh uniform cell with its mutation family's
// probability (no selection), and the answer is the last member of the last
// iteration (the code's best_x bug), whatever its value.
// Create returns InvalidArgument naming a bad field. Thread-compatible.
#ifndef AIMC_NAS_SEARCH_ANALOGNAS_EVOLUTION_H_
#define AIMC_NAS_SEARCH_ANALOGNAS_EVOLUTION_H_

#include <limits>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "nas/search/search_algorithm.h"

namespace aimc::nas::search {

struct AnalogNasEvolutionOptions {
  enum class Mode { kSpec, kReleasedCode };
  Mode mode = Mode::kSpec;
  int population_size = 50;   // P (kReleasedCode uses P / 10, at least 1); >= 1
  int num_iterations = 200;   // nb_iter; >= 1
  // A cell satisfies the constraint iff its value is > feasible_above.
  double feasible_above = -std::numeric_limits<double>::infinity();
  int max_resamples = 100;  // per member (kSpec) or rounds (kReleasedCode); >= 0
  // kReleasedCode only: family width if u < 0.4, depth if u < 0.8, else other;
  // each replaces the member by a uniform cell with its probability (0..1).
  double mutation_prob_width = 0.8;
  double mutation_prob_depth = 0.8;
  double mutation_prob_other = 0.6;
};

absl::Status Validate(const AnalogNasEvolutionOptions& options);

class AnalogNasEvolution : public SearchAlgorithm {
 public:
  static absl::StatusOr<std::unique_ptr<AnalogNasEvolution>> Create(
      const AnalogNasEvolutionOptions& options);

  std::string name() const override { return "analognas_evolution"; }
  absl::StatusOr<SearchResult> Run(Objective& objective, int budget,
                                   RandomCursor& rng) const override;

 private:
  explicit AnalogNasEvolution(const AnalogNasEvolutionOptions& options) : options_(options) {}
  AnalogNasEvolutionOptions options_;
};

}  // namespace aimc::nas::search

#endif  // AIMC_NAS_SEARCH_ANALOGNAS_EVOLUTION_H_
