#include "nas/search/regularized_evolution.h"

#include <deque>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "nas/primitives.h"
#include "nas/search/internal/draws.h"
#include "nas/search/internal/tracker.h"

namespace aimc::nas::search {

absl::Status Validate(const RegularizedEvolutionOptions& o) {
  if (o.population_size < 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "regularized_evolution.population_size: must be >= 1, got ", o.population_size));
  }
  if (o.sample_size < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("regularized_evolution.sample_size: must be >= 1, got ", o.sample_size));
  }
  if (o.num_init < 1 || o.num_init > o.population_size) {
    return absl::InvalidArgumentError(
        absl::StrCat("regularized_evolution.num_init: must be 1..population_size (",
                     o.population_size, "), got ", o.num_init));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<RegularizedEvolution>> RegularizedEvolution::Create(
    const RegularizedEvolutionOptions& options) {
  RETURN_IF_ERROR(Validate(options));
  return std::unique_ptr<RegularizedEvolution>(new RegularizedEvolution(options));
}

absl::StatusOr<SearchResult> RegularizedEvolution::Run(Objective& objective, int budget,
                                                       RandomCursor& rng) const {
  RETURN_IF_ERROR(internal::ValidateBudget(budget));
  internal::SearchTracker tracker(objective, budget);
  struct Member {
    Cell cell;
    double value;
  };
  std::deque<Member> population;
  for (int i = 0; i < options_.num_init && !tracker.exhausted(); ++i) {
    const Cell cell = SampleCell(rng, options_.naslib_rejection);
    ASSIGN_OR_RETURN(const double value, tracker.Evaluate(cell));
    population.push_back({cell, value});
  }
  while (!tracker.exhausted()) {
    const Member* parent = nullptr;
    for (int i = 0; i < options_.sample_size; ++i) {
      const Member& m = population[rng.UniformInt(static_cast<int>(population.size()))];
      if (parent == nullptr || m.value > parent->value) parent = &m;
    }
    const Cell child = options_.per_edge_mutation ? internal::MutatePerEdge(parent->cell, rng)
                                                  : MutateCell(parent->cell, rng);
    ASSIGN_OR_RETURN(const double value, tracker.Evaluate(child));
    population.push_back({child, value});
    if (static_cast<int>(population.size()) > options_.population_size) population.pop_front();
  }
  return tracker.Result();
}

}  // namespace aimc::nas::search
