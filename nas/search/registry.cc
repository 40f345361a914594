#include "nas/search/registry.h"

#include <functional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "nas/search/analognas_evolution.h"
#include "nas/search/bananas.h"
#include "nas/search/bayesian_optimization.h"
#include "nas/search/exhaustive.h"
#include "nas/search/generational_ga.h"
#include "nas/search/local_search.h"
#include "nas/search/random_search.h"
#include "nas/search/regularized_evolution.h"

namespace aimc::nas::search {
namespace {

using Factory = std::function<absl::StatusOr<std::unique_ptr<SearchAlgorithm>>()>;

template <typename Algorithm, typename Options>
Factory Make() {
  return []() -> absl::StatusOr<std::unique_ptr<SearchAlgorithm>> {
    absl::StatusOr<std::unique_ptr<Algorithm>> algorithm = Algorithm::Create(Options());
    if (!algorithm.ok()) return algorithm.status();
    return std::unique_ptr<SearchAlgorithm>(std::move(*algorithm));
  };
}

// The registry: every entry, in report order.
std::vector<std::pair<std::string, Factory>> Entries() {
  return {
      {"exhaustive", Make<Exhaustive, ExhaustiveOptions>()},
      {"random_search", Make<RandomSearch, RandomSearchOptions>()},
      {"regularized_evolution", Make<RegularizedEvolution, RegularizedEvolutionOptions>()},
      {"local_search", Make<LocalSearch, LocalSearchOptions>()},
      {"bayesian_optimization", Make<BayesianOptimization, BayesianOptimizationOptions>()},
      {"bananas", Make<Bananas, BananasOptions>()},
      {"analognas_evolution", Make<AnalogNasEvolution, AnalogNasEvolutionOptions>()},
      {"generational_ga", Make<GenerationalGa, GenerationalGaOptions>()},
  };
}

}  // namespace

std::vector<std::string> AlgorithmNames() {
  std::vector<std::string> names;
  for (const auto& [name, factory] : Entries()) names.push_back(name);
  return names;
}

absl::StatusOr<std::unique_ptr<SearchAlgorithm>> CreateAlgorithm(absl::string_view name) {
  for (const auto& [key, factory] : Entries()) {
    if (key == name) return factory();
  }
  return absl::NotFoundError(absl::StrCat("unknown search algorithm '", name,
                                          "' (known: ", absl::StrJoin(AlgorithmNames(), ", "),
                                          ")"));
}

}  // namespace aimc::nas::search
