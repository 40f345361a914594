// Two objectives combined into one, for multi-objective search (nas_spec.md
// §3.0, §3.3: e.g. 1-day accuracy and its variation over one month, AVM).
// ConstrainedObjective: primary(cell) when secondary(cell) <= max_secondary,
// else `infeasible_value` (a death penalty; keep it below every feasible value
// and finite, so model-based searches can still fit it; 0 suits accuracies in
// percent). ScalarizedObjective: primary(cell) - weight * secondary(cell)
// (e.g. accuracy - λ AVM). `secondary` is read as a raw quantity, lower is
// better (AVM is a drop in accuracy points), not as "higher is better".
// Both objectives are not owned and must outlive the wrapper. Create returns
// InvalidArgument for a null objective or a non-finite number; Evaluate
// returns either objective's error. Thread-compatible.
#ifndef AIMC_NAS_SEARCH_MULTI_OBJECTIVE_H_
#define AIMC_NAS_SEARCH_MULTI_OBJECTIVE_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "nas/cell.h"
#include "nas/objective.h"

namespace aimc::nas::search {

class ConstrainedObjective : public Objective {
 public:
  static absl::StatusOr<std::unique_ptr<ConstrainedObjective>> Create(Objective* primary,
                                                                      Objective* secondary,
                                                                      double max_secondary,
                                                                      double infeasible_value);

  // Queries `secondary` first, and `primary` only when feasible.
  absl::StatusOr<double> Evaluate(const Cell& cell) override;
  // "primary s.t. secondary <= T".
  std::string name() const override;

  absl::StatusOr<bool> IsFeasible(const Cell& cell);
  double max_secondary() const { return max_secondary_; }
  double infeasible_value() const { return infeasible_value_; }

 private:
  ConstrainedObjective(Objective* primary, Objective* secondary, double max_secondary,
                       double infeasible_value)
      : primary_(primary),
        secondary_(secondary),
        max_secondary_(max_secondary),
        infeasible_value_(infeasible_value) {}

  Objective* primary_;
  Objective* secondary_;
  double max_secondary_;
  double infeasible_value_;
};

class ScalarizedObjective : public Objective {
 public:
  static absl::StatusOr<std::unique_ptr<ScalarizedObjective>> Create(Objective* primary,
                                                                     Objective* secondary,
                                                                     double weight);

  absl::StatusOr<double> Evaluate(const Cell& cell) override;
  // "primary - w*secondary".
  std::string name() const override;

 private:
  ScalarizedObjective(Objective* primary, Objective* secondary, double weight)
      : primary_(primary), secondary_(secondary), weight_(weight) {}

  Objective* primary_;
  Objective* secondary_;
  double weight_;
};

}  // namespace aimc::nas::search

#endif  // AIMC_NAS_SEARCH_MULTI_OBJECTIVE_H_
