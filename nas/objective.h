// Objective: what a NAS algorithm maximises, one value per NB201 cell (a
// benchmark metric, a scalarised multi-objective, a surrogate's prediction, or
// a training run). Algorithms see only this interface (OpenSpiel's
// algorithms see only `Game`); nas and training meet through it in
// experiments/.
//
// QueryCounter wraps an Objective and counts distinct and total queries, so a
// search can stop at a query budget and report what it spent.
// Errors: Evaluate returns NotFound for a cell the source does not hold,
// InvalidArgument for a cell it cannot score. Thread-compatible.
#ifndef AIMC_NAS_OBJECTIVE_H_
#define AIMC_NAS_OBJECTIVE_H_

#include <cstdint>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "nas/cell.h"

namespace aimc::nas {

class Objective {
 public:
  virtual ~Objective() = default;
  // Higher is better (accuracies in percent, or negated costs).
  virtual absl::StatusOr<double> Evaluate(const Cell& cell) = 0;
  // E.g. "analog_drift_86400" or "surrogate(analog_drift_86400)".
  virtual std::string name() const = 0;
};

// Counts queries to `inner` (not owned; must outlive this) and caches values,
// so re-querying a cell is free and not counted twice when `count_repeats` is
// false (the usual NAS convention: a budget is a number of distinct cells).
class QueryCounter : public Objective {
 public:
  explicit QueryCounter(Objective* inner, bool count_repeats = false)
      : inner_(inner), count_repeats_(count_repeats) {}

  absl::StatusOr<double> Evaluate(const Cell& cell) override {
    ++total_queries_;
    if (auto it = cache_.find(cell); it != cache_.end()) {
      if (count_repeats_) ++counted_;
      return it->second;
    }
    absl::StatusOr<double> value = inner_->Evaluate(cell);
    if (!value.ok()) return value;
    cache_.emplace(cell, *value);
    ++counted_;
    return value;
  }
  std::string name() const override { return inner_->name(); }

  // Queries that count against a budget.
  int64_t counted() const { return counted_; }
  int64_t total_queries() const { return total_queries_; }
  int64_t distinct() const { return static_cast<int64_t>(cache_.size()); }

 private:
  Objective* inner_;
  bool count_repeats_;
  int64_t counted_ = 0, total_queries_ = 0;
  absl::flat_hash_map<Cell, double> cache_;
};

}  // namespace aimc::nas

#endif  // AIMC_NAS_OBJECTIVE_H_
