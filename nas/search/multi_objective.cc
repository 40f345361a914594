#include "nas/search/multi_objective.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

namespace aimc::nas::search {
namespace {

absl::Status CheckObjectives(absl::string_view what, const Objective* primary,
                             const Objective* secondary) {
  if (primary != nullptr && secondary != nullptr) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat(what, ": primary and secondary objectives must be non-null"));
}

absl::Status CheckFinite(absl::string_view field, double value) {
  if (std::isfinite(value)) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(field, ": must be finite, got ", value));
}

}  // namespace

absl::StatusOr<std::unique_ptr<ConstrainedObjective>> ConstrainedObjective::Create(
    Objective* primary, Objective* secondary, double max_secondary, double infeasible_value) {
  RETURN_IF_ERROR(CheckObjectives("constrained objective", primary, secondary));
  RETURN_IF_ERROR(CheckFinite("constrained objective max_secondary", max_secondary));
  RETURN_IF_ERROR(CheckFinite("constrained objective infeasible_value", infeasible_value));
  return std::unique_ptr<ConstrainedObjective>(
      new ConstrainedObjective(primary, secondary, max_secondary, infeasible_value));
}

absl::StatusOr<bool> ConstrainedObjective::IsFeasible(const Cell& cell) {
  ASSIGN_OR_RETURN(const double secondary, secondary_->Evaluate(cell));
  return secondary <= max_secondary_;
}

absl::StatusOr<double> ConstrainedObjective::Evaluate(const Cell& cell) {
  ASSIGN_OR_RETURN(const bool feasible, IsFeasible(cell));
  if (!feasible) return infeasible_value_;
  return primary_->Evaluate(cell);
}

std::string ConstrainedObjective::name() const {
  return absl::StrCat(primary_->name(), " s.t. ", secondary_->name(), " <= ", max_secondary_);
}

absl::StatusOr<std::unique_ptr<ScalarizedObjective>> ScalarizedObjective::Create(
    Objective* primary, Objective* secondary, double weight) {
  RETURN_IF_ERROR(CheckObjectives("scalarized objective", primary, secondary));
  RETURN_IF_ERROR(CheckFinite("scalarized objective weight", weight));
  return std::unique_ptr<ScalarizedObjective>(new ScalarizedObjective(primary, secondary, weight));
}

absl::StatusOr<double> ScalarizedObjective::Evaluate(const Cell& cell) {
  ASSIGN_OR_RETURN(const double primary, primary_->Evaluate(cell));
  ASSIGN_OR_RETURN(const double secondary, secondary_->Evaluate(cell));
  return primary - weight_ * secondary;
}

std::string ScalarizedObjective::name() const {
  return absl::StrCat(primary_->name(), " - ", weight_, "*", secondary_->name());
}

}  // namespace aimc::nas::search
