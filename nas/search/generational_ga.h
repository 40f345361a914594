// The "Evolutionary Algorithm" of the AnalogNAS-Bench examples (nas_spec.md
// §3.2a, examples/evolutionary_algorithm.py): a generational GA. A population
// of `population_size` uniform cells (drawn with replacement); each
// generation builds as many children: two parents by tournament (`tournament`
// distinct members, the fittest wins, the first on ties), single-point
// crossover with probability `crossover_p` (cut uniform in 1..5, tails
// swapped; else copies), then each child mutated with probability
// `mutation_p` (one uniform position gets a uniform op). The children replace
// the whole population (no elitism); the best cell ever queried is the answer.
// It runs until the budget is spent or `generations` generations are done.
// Fitness is cached (a repeat is free, search_algorithm.h).
// compat_op_range_0_to_5 reproduces the example's bug: a mutation draws from
// 0..5, and a tuple holding 5 (no op) has fitness -inf without a query.
// Create returns InvalidArgument naming a bad field. Thread-compatible.
#ifndef AIMC_NAS_SEARCH_GENERATIONAL_GA_H_
#define AIMC_NAS_SEARCH_GENERATIONAL_GA_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "nas/search/search_algorithm.h"

namespace aimc::nas::search {

struct GenerationalGaOptions {
  // The example's function defaults are P 20, G 10, p_m 0.2, k 3; its
  // __main__ run uses P 300, G 200, p_m 0.5, k 8. Under a query budget the
  // generations are unbounded by default (0), as in Table 1's protocol.
  int population_size = 20;  // >= 2
  int generations = 0;       // 0: until the budget is spent
  double crossover_p = 0.8;  // [0, 1]
  double mutation_p = 0.2;   // [0, 1]
  int tournament = 3;        // distinct members per tournament, 1..population_size
  bool compat_op_range_0_to_5 = false;
};

absl::Status Validate(const GenerationalGaOptions& options);

class GenerationalGa : public SearchAlgorithm {
 public:
  static absl::StatusOr<std::unique_ptr<GenerationalGa>> Create(
      const GenerationalGaOptions& options);

  std::string name() const override { return "generational_ga"; }
  absl::StatusOr<SearchResult> Run(Objective& objective, int budget,
                                   RandomCursor& rng) const override;

 private:
  explicit GenerationalGa(const GenerationalGaOptions& options) : options_(options) {}
  GenerationalGaOptions options_;
};

}  // namespace aimc::nas::search

#endif  // AIMC_NAS_SEARCH_GENERATIONAL_GA_H_
