// Exhaustive search (nas_spec.md §3.7; ANB examples/brute_force.py): evaluate
// every NB201 cell in lexicographic order and return the argmax (the first one
// on ties). It ignores the budget and always spends kNumCells queries: it is
// the reference optimum, not a budgeted method. Thread-compatible.
#ifndef AIMC_NAS_SEARCH_EXHAUSTIVE_H_
#define AIMC_NAS_SEARCH_EXHAUSTIVE_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "nas/search/search_algorithm.h"

namespace aimc::nas::search {

struct ExhaustiveOptions {};

class Exhaustive : public SearchAlgorithm {
 public:
  static absl::StatusOr<std::unique_ptr<Exhaustive>> Create(const ExhaustiveOptions& options);

  std::string name() const override { return "exhaustive"; }
  // `budget` must be >= 1 but is otherwise ignored; `rng` is not used.
  absl::StatusOr<SearchResult> Run(Objective& objective, int budget,
                                   RandomCursor& rng) const override;

 private:
  Exhaustive() = default;
};

}  // namespace aimc::nas::search

#endif  // AIMC_NAS_SEARCH_EXHAUSTIVE_H_
