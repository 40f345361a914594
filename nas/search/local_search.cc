#include "nas/search/local_search.h"

#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "nas/primitives.h"
#include "nas/search/internal/tracker.h"

namespace aimc::nas::search {
namespace {

using internal::SearchTracker;

struct Incumbent {
  Cell cell;
  double value = 0;
  bool valid = false;
};

// Queries up to `count` distinct unqueried random cells; returns the best (or
// an invalid incumbent when nothing could be queried).
absl::StatusOr<Incumbent> RandomStart(SearchTracker& tracker, int count, RandomCursor& rng) {
  Incumbent best;
  for (int i = 0; i < count && !tracker.exhausted(); ++i) {
    const std::optional<Cell> cell = tracker.SampleUnseen(rng);
    if (!cell.has_value()) break;
    ASSIGN_OR_RETURN(const double value, tracker.Evaluate(*cell));
    if (!best.valid || value > best.value) best = {*cell, value, true};
  }
  return best;
}

// naszilla: dedup, first improvement, restart with num_init fresh cells.
absl::Status RunNaszilla(SearchTracker& tracker, int num_init, RandomCursor& rng) {
  ASSIGN_OR_RETURN(Incumbent incumbent, RandomStart(tracker, num_init, rng));
  while (incumbent.valid && !tracker.exhausted()) {
    bool improved = false;
    for (const Cell& neighbour : ShuffledNeighbours(incumbent.cell, rng)) {
      if (tracker.exhausted()) return absl::OkStatus();
      if (tracker.seen(neighbour)) continue;
      ASSIGN_OR_RETURN(const double value, tracker.Evaluate(neighbour));
      if (value > incumbent.value) {
        incumbent = {neighbour, value, true};
        improved = true;
        break;
      }
    }
    if (!improved) {
      ASSIGN_OR_RETURN(incumbent, RandomStart(tracker, num_init, rng));
    }
  }
  return absl::OkStatus();
}

// NASLib: no dedup, scan the whole neighbourhood, best improvement; a local
// optimum restarts from one random cell, which becomes chosen and best.
absl::Status RunNaslib(SearchTracker& tracker, int num_init, RandomCursor& rng) {
  Incumbent best;
  for (int i = 0; i < num_init && !tracker.exhausted(); ++i) {
    const Cell cell = SampleCell(rng);
    ASSIGN_OR_RETURN(const double value, tracker.Evaluate(cell));
    if (!best.valid || value > best.value) best = {cell, value, true};
  }
  Cell chosen = best.cell;
  while (!tracker.exhausted()) {
    for (const Cell& neighbour : ShuffledNeighbours(chosen, rng)) {
      if (tracker.exhausted()) return absl::OkStatus();
      ASSIGN_OR_RETURN(const double value, tracker.Evaluate(neighbour));
      if (value > best.value) best = {neighbour, value, true};
    }
    if (best.cell != chosen) {
      chosen = best.cell;
    } else if (!tracker.exhausted()) {
      const Cell cell = SampleCell(rng);
      ASSIGN_OR_RETURN(const double value, tracker.Evaluate(cell));
      best = {cell, value, true};
      chosen = cell;
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status Validate(const LocalSearchOptions& o) {
  if (o.num_init >= 1) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("local_search.num_init: must be >= 1, got ", o.num_init));
}

absl::StatusOr<std::unique_ptr<LocalSearch>> LocalSearch::Create(
    const LocalSearchOptions& options) {
  RETURN_IF_ERROR(Validate(options));
  return std::unique_ptr<LocalSearch>(new LocalSearch(options));
}

absl::StatusOr<SearchResult> LocalSearch::Run(Objective& objective, int budget,
                                              RandomCursor& rng) const {
  RETURN_IF_ERROR(internal::ValidateBudget(budget));
  SearchTracker tracker(objective, budget);
  RETURN_IF_ERROR(options_.naslib_variant ? RunNaslib(tracker, options_.num_init, rng)
                                          : RunNaszilla(tracker, options_.num_init, rng));
  return tracker.Result();
}

}  // namespace aimc::nas::search
