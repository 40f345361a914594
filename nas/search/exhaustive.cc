#include "nas/search/exhaustive.h"

#include "common/status_macros.h"
#include "nas/search/internal/tracker.h"

namespace aimc::nas::search {

absl::StatusOr<std::unique_ptr<Exhaustive>> Exhaustive::Create(const ExhaustiveOptions&) {
  return std::unique_ptr<Exhaustive>(new Exhaustive());
}

absl::StatusOr<SearchResult> Exhaustive::Run(Objective& objective, int budget,
                                             RandomCursor&) const {
  RETURN_IF_ERROR(internal::ValidateBudget(budget));
  internal::SearchTracker tracker(objective, kNumCells);
  for (const Cell& cell : AllCells()) RETURN_IF_ERROR(tracker.Evaluate(cell).status());
  return tracker.Result();
}

}  // namespace aimc::nas::search
