// Regularized ("aging") evolution (nas_spec.md §3.2b; Real et al. 2019 as in
// NASLib re/optimizer.py with nb201_defaults.yaml): `num_init` random cells
// seed the population; then per step `sample_size` members are drawn with
// replacement, the best (first on ties) is the parent, its mutant is queried
// and appended, and once the population exceeds `population_size` the oldest
// member leaves. Defaults are NASLib's; naszilla's variant is num_init 10 with
// per_edge_mutation. Create returns InvalidArgument naming a bad field.
// Thread-compatible.
#ifndef AIMC_NAS_SEARCH_REGULARIZED_EVOLUTION_H_
#define AIMC_NAS_SEARCH_REGULARIZED_EVOLUTION_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "nas/search/search_algorithm.h"

namespace aimc::nas::search {

struct RegularizedEvolutionOptions {
  int population_size = 30;  // maximum population (deque maxlen); >= 1
  int sample_size = 10;      // tournament draws, with replacement; >= 1
  int num_init = 30;         // random initial members, 1..population_size (naszilla: 10)
  // false (NASLib): one uniform position gets one of the other 4 ops.
  // true (naszilla): each op changes with probability 1/4; may equal the parent.
  bool per_edge_mutation = false;
  bool naslib_rejection = false;  // initial samples avoid NASLib's 245 rejected cells
};

absl::Status Validate(const RegularizedEvolutionOptions& options);

class RegularizedEvolution : public SearchAlgorithm {
 public:
  static absl::StatusOr<std::unique_ptr<RegularizedEvolution>> Create(
      const RegularizedEvolutionOptions& options);

  std::string name() const override { return "regularized_evolution"; }
  absl::StatusOr<SearchResult> Run(Objective& objective, int budget,
                                   RandomCursor& rng) const override;

 private:
  explicit RegularizedEvolution(const RegularizedEvolutionOptions& options) : options_(options) {}
  RegularizedEvolutionOptions options_;
};

}  // namespace aimc::nas::search

#endif  // AIMC_NAS_SEARCH_REGULARIZED_EVOLUTION_H_
