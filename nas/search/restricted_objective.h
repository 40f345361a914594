// RestrictedObjective: an Objective on a subset of the 15,625 NB201 cells, the
// "restricted space" of a partial benchmark (e.g. the tiny benchmark's 2,684
// cells). A covered cell gets its stored value or the inner objective's value;
// every other cell is infeasible and gets `penalty`, a finite value below every
// covered value (a death penalty, as ConstrainedObjective's). Algorithms still
// search all 15,625 cells, so queries of uncovered cells count against the
// budget; a TruthTable (trials.h) over it ranks covered cells among
// themselves (uncovered cells share the last rank). Also the Table-1
// surrogate (nas_spec.md §3.0) fitted on covered cells only, and its held-out
// quality on the other covered cells.
// Errors: InvalidArgument for bad arguments (named); Evaluate returns the
// inner objective's error. Thread-compatible (Evaluate updates counters).
#ifndef AIMC_NAS_SEARCH_RESTRICTED_OBJECTIVE_H_
#define AIMC_NAS_SEARCH_RESTRICTED_OBJECTIVE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "common/random_cursor.h"
#include "nas/cell.h"
#include "nas/objective.h"
#include "nas/search/surrogate.h"

namespace aimc::nas::search {

class RestrictedObjective : public Objective {
 public:
  // `inner` (not owned; must outlive this) is queried on `covered` cells only.
  // The caller keeps `penalty` below every value `inner` returns there.
  // InvalidArgument for a null inner, no covered cell, a repeated cell or a
  // non-finite penalty.
  static absl::StatusOr<std::unique_ptr<RestrictedObjective>> Create(
      Objective* inner, absl::Span<const Cell> covered, double penalty);

  // Stored values: cells[i] has values[i] (percent for accuracies); a NaN
  // value leaves its cell uncovered. InvalidArgument for mismatched sizes, a
  // repeated cell, an infinite value, no covered cell, a non-finite penalty or
  // a covered value <= penalty. `name` names the metric.
  static absl::StatusOr<std::unique_ptr<RestrictedObjective>> FromValues(
      std::string name, absl::Span<const Cell> cells, absl::Span<const double> values,
      double penalty);

  // The covered cell's value, else `penalty` (counted in uncovered_queries).
  absl::StatusOr<double> Evaluate(const Cell& cell) override;
  // "<inner name> on N cells".
  std::string name() const override;

  bool Covers(const Cell& cell) const { return covered_[cell.LexIndex()]; }
  int num_covered() const { return static_cast<int>(covered_cells_.size()); }
  // In lexicographic order.
  const std::vector<Cell>& covered_cells() const { return covered_cells_; }
  double penalty() const { return penalty_; }

  // Distinct uncovered cells evaluated since creation or ResetCounts.
  int64_t uncovered_queries() const { return uncovered_distinct_; }
  void ResetCounts();

 private:
  RestrictedObjective(Objective* inner, std::string name, std::vector<bool> covered,
                      std::vector<double> values, double penalty);

  Objective* inner_;                // null: values_ hold the covered values
  std::string name_;                // FromValues only
  std::vector<bool> covered_;       // by lexicographic index
  std::vector<Cell> covered_cells_;
  std::vector<double> values_;      // by lexicographic index (FromValues)
  double penalty_;
  std::vector<bool> seen_uncovered_;  // by lexicographic index
  int64_t uncovered_distinct_ = 0;
};

// The Table-1 surrogate on the covered space: `num_train` distinct covered
// cells drawn uniformly from `rng` (partial Fisher-Yates over covered_cells()),
// their values from `source` (not owned), fitted by Surrogate::Train. Spends
// no uncovered query. InvalidArgument unless 2 <= num_train <= num_covered;
// Surrogate::Train's and source's errors otherwise.
absl::StatusOr<std::unique_ptr<Surrogate>> TrainSurrogateOnCovered(
    RestrictedObjective& source, int num_train, const SurrogateOptions& options,
    RandomCursor& rng);

// Kendall tau-b and R² of the surrogate's predictions against `source` on
// the covered cells it was not trained on (num_cells 0 and NaNs when none).
absl::StatusOr<SurrogateQuality> HeldOutOnCovered(const Surrogate& surrogate,
                                                  RestrictedObjective& source);

}  // namespace aimc::nas::search

#endif  // AIMC_NAS_SEARCH_RESTRICTED_OBJECTIVE_H_
