// SearchTracker: the budget, cache, incumbent and trajectory every algorithm
// in nas/search shares (search_algorithm.h's budget rules). Values are cached
// by lexicographic index, so a repeat costs neither a query nor a call to the
// objective. Evaluate returns the objective's error unchanged.
// Thread-compatible.
#ifndef AIMC_NAS_SEARCH_INTERNAL_TRACKER_H_
#define AIMC_NAS_SEARCH_INTERNAL_TRACKER_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/random_cursor.h"
#include "nas/cell.h"
#include "nas/objective.h"
#include "nas/search/search_algorithm.h"

namespace aimc::nas::search::internal {

// InvalidArgument unless budget >= 1 (names the value).
absl::Status ValidateBudget(int budget);

class SearchTracker {
 public:
  // `objective` is not owned and must outlive this tracker. The budget is
  // clamped to kNumCells. REQUIRES: budget >= 1.
  SearchTracker(Objective& objective, int budget);

  // True once `budget` cells were queried or the call cap was reached: the
  // caller must not evaluate an unseen cell any more.
  bool exhausted() const;
  bool seen(const Cell& cell) const { return seen_[cell.LexIndex()]; }
  int64_t queries() const { return static_cast<int64_t>(trajectory_.size()); }

  // The cached value, or a new counted query. REQUIRES: seen(cell) or
  // !exhausted().
  absl::StatusOr<double> Evaluate(const Cell& cell);
  // REQUIRES: seen(cell).
  double value(const Cell& cell) const;

  // A uniform cell not queried yet (rejection first, then a draw over the
  // unseen list), or nullopt when every cell was queried.
  std::optional<Cell> SampleUnseen(RandomCursor& rng) const;

  // REQUIRES: queries() >= 1.
  const Cell& best_cell() const { return best_cell_; }
  double best_value() const { return best_value_; }

  // The result so far (best = first maximum in query order).
  SearchResult Result() const;

 private:
  Objective& objective_;
  int budget_;
  int64_t max_calls_;
  int64_t calls_ = 0;
  std::vector<bool> seen_;
  std::vector<double> values_;
  Cell best_cell_;
  double best_value_ = 0;
  std::vector<TrajectoryPoint> trajectory_;
};

}  // namespace aimc::nas::search::internal

#endif  // AIMC_NAS_SEARCH_INTERNAL_TRACKER_H_
