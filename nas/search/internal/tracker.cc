#include "nas/search/internal/tracker.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

namespace aimc::nas::search::internal {

absl::Status ValidateBudget(int budget) {
  if (budget >= 1) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat("budget: must be >= 1, got ", budget));
}

SearchTracker::SearchTracker(Objective& objective, int budget)
    : objective_(objective),
      budget_(std::min(budget, kNumCells)),
      max_calls_(kMaxCallsPerBudget * budget + kMaxCallsSlack),
      seen_(kNumCells, false),
      values_(kNumCells, 0.0) {
  AIMC_CHECK(budget >= 1);
}

bool SearchTracker::exhausted() const {
  return queries() >= budget_ || calls_ >= max_calls_;
}

absl::StatusOr<double> SearchTracker::Evaluate(const Cell& cell) {
  ++calls_;
  const int index = cell.LexIndex();
  if (seen_[index]) return values_[index];
  AIMC_CHECK(queries() < budget_);
  ASSIGN_OR_RETURN(const double value, objective_.Evaluate(cell));
  seen_[index] = true;
  values_[index] = value;
  if (trajectory_.empty() || value > best_value_) {
    best_cell_ = cell;
    best_value_ = value;
  }
  trajectory_.push_back({.query = queries() + 1,
                         .cell = cell,
                         .value = value,
                         .best_value = best_value_});
  return value;
}

double SearchTracker::value(const Cell& cell) const {
  AIMC_DCHECK(seen(cell));
  return values_[cell.LexIndex()];
}

std::optional<Cell> SearchTracker::SampleUnseen(RandomCursor& rng) const {
  constexpr int kRejectionTries = 64;
  const absl::Span<const Cell> all = AllCells();
  for (int i = 0; i < kRejectionTries; ++i) {
    const int index = rng.UniformInt(kNumCells);
    if (!seen_[index]) return all[index];
  }
  std::vector<int> unseen;
  for (int index = 0; index < kNumCells; ++index) {
    if (!seen_[index]) unseen.push_back(index);
  }
  if (unseen.empty()) return std::nullopt;
  return all[unseen[rng.UniformInt(static_cast<int>(unseen.size()))]];
}

SearchResult SearchTracker::Result() const {
  AIMC_CHECK(!trajectory_.empty());
  return SearchResult{.best_cell = best_cell_,
                      .best_value = best_value_,
                      .queries = queries(),
                      .trajectory = trajectory_};
}

}  // namespace aimc::nas::search::internal
