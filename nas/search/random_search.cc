#include "nas/search/random_search.h"

#include "common/status_macros.h"
#include "nas/primitives.h"
#include "nas/search/internal/tracker.h"

namespace aimc::nas::search {

absl::StatusOr<std::unique_ptr<RandomSearch>> RandomSearch::Create(
    const RandomSearchOptions& options) {
  return std::unique_ptr<RandomSearch>(new RandomSearch(options));
}

absl::StatusOr<SearchResult> RandomSearch::Run(Objective& objective, int budget,
                                               RandomCursor& rng) const {
  RETURN_IF_ERROR(internal::ValidateBudget(budget));
  internal::SearchTracker tracker(objective, budget);
  while (!tracker.exhausted()) {
    RETURN_IF_ERROR(tracker.Evaluate(SampleCell(rng, options_.naslib_rejection)).status());
  }
  return tracker.Result();
}

}  // namespace aimc::nas::search
