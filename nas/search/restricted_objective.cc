#include "nas/search/restricted_objective.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/correlation.h"
#include "common/status_macros.h"

namespace aimc::nas::search {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

absl::Status CheckPenalty(double penalty) {
  if (std::isfinite(penalty)) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("restricted objective penalty: must be finite, got ", penalty));
}

absl::Status RepeatedCell(const Cell& cell) {
  return absl::InvalidArgumentError(
      absl::StrCat("restricted objective: cell ", cell.ToTupleString(), " given twice"));
}

absl::Status NoCoveredCell() {
  return absl::InvalidArgumentError("restricted objective: no covered cell");
}

}  // namespace

RestrictedObjective::RestrictedObjective(Objective* inner, std::string name,
                                         std::vector<bool> covered, std::vector<double> values,
                                         double penalty)
    : inner_(inner),
      name_(std::move(name)),
      covered_(std::move(covered)),
      values_(std::move(values)),
      penalty_(penalty),
      seen_uncovered_(kNumCells, false) {
  for (const Cell& cell : AllCells()) {
    if (covered_[cell.LexIndex()]) covered_cells_.push_back(cell);
  }
}

absl::StatusOr<std::unique_ptr<RestrictedObjective>> RestrictedObjective::Create(
    Objective* inner, absl::Span<const Cell> covered, double penalty) {
  if (inner == nullptr) {
    return absl::InvalidArgumentError("restricted objective: inner objective must be non-null");
  }
  RETURN_IF_ERROR(CheckPenalty(penalty));
  if (covered.empty()) return NoCoveredCell();
  std::vector<bool> mask(kNumCells, false);
  for (const Cell& cell : covered) {
    if (mask[cell.LexIndex()]) return RepeatedCell(cell);
    mask[cell.LexIndex()] = true;
  }
  return std::unique_ptr<RestrictedObjective>(
      new RestrictedObjective(inner, "", std::move(mask), {}, penalty));
}

absl::StatusOr<std::unique_ptr<RestrictedObjective>> RestrictedObjective::FromValues(
    std::string name, absl::Span<const Cell> cells, absl::Span<const double> values,
    double penalty) {
  RETURN_IF_ERROR(CheckPenalty(penalty));
  if (cells.size() != values.size()) {
    return absl::InvalidArgumentError(absl::StrCat("restricted objective '", name, "': ",
                                                   cells.size(), " cells but ", values.size(),
                                                   " values"));
  }
  std::vector<bool> mask(kNumCells, false), given(kNumCells, false);
  std::vector<double> by_index(kNumCells, kNaN);
  for (size_t i = 0; i < cells.size(); ++i) {
    const int index = cells[i].LexIndex();
    if (given[index]) return RepeatedCell(cells[i]);
    given[index] = true;
    const double v = values[i];
    if (std::isnan(v)) continue;
    if (!std::isfinite(v) || v <= penalty) {
      return absl::InvalidArgumentError(
          absl::StrCat("restricted objective '", name, "': value ", v, " of cell ",
                       cells[i].ToTupleString(), " must be finite and above the penalty ",
                       penalty));
    }
    mask[index] = true;
    by_index[index] = v;
  }
  if (std::find(mask.begin(), mask.end(), true) == mask.end()) return NoCoveredCell();
  return std::unique_ptr<RestrictedObjective>(new RestrictedObjective(
      nullptr, std::move(name), std::move(mask), std::move(by_index), penalty));
}

absl::StatusOr<double> RestrictedObjective::Evaluate(const Cell& cell) {
  const int index = cell.LexIndex();
  if (!covered_[index]) {
    if (!seen_uncovered_[index]) {
      seen_uncovered_[index] = true;
      ++uncovered_distinct_;
    }
    return penalty_;
  }
  if (inner_ == nullptr) return values_[index];
  return inner_->Evaluate(cell);
}

std::string RestrictedObjective::name() const {
  return absl::StrCat(inner_ == nullptr ? name_ : inner_->name(), " on ", num_covered(),
                      " cells");
}

void RestrictedObjective::ResetCounts() {
  seen_uncovered_.assign(kNumCells, false);
  uncovered_distinct_ = 0;
}

absl::StatusOr<std::unique_ptr<Surrogate>> TrainSurrogateOnCovered(
    RestrictedObjective& source, int num_train, const SurrogateOptions& options,
    RandomCursor& rng) {
  const int n = source.num_covered();
  if (num_train < 2 || num_train > n) {
    return absl::InvalidArgumentError(absl::StrCat(
        "surrogate num_train: must be 2..", n, " (the covered cells), got ", num_train));
  }
  std::vector<Cell> pool = source.covered_cells();
  for (int i = 0; i < num_train; ++i) {
    const int j = i + rng.UniformInt(n - i);
    std::swap(pool[i], pool[j]);
  }
  pool.resize(num_train);
  std::vector<double> targets;
  targets.reserve(pool.size());
  for (const Cell& cell : pool) {
    ASSIGN_OR_RETURN(const double value, source.Evaluate(cell));
    targets.push_back(value);
  }
  return Surrogate::Train(pool, targets, options, source.name());
}

absl::StatusOr<SurrogateQuality> HeldOutOnCovered(const Surrogate& surrogate,
                                                  RestrictedObjective& source) {
  std::vector<bool> trained(kNumCells, false);
  for (const Cell& cell : surrogate.training_cells()) trained[cell.LexIndex()] = true;
  std::vector<double> actual, predicted;
  for (const Cell& cell : source.covered_cells()) {
    if (trained[cell.LexIndex()]) continue;
    ASSIGN_OR_RETURN(const double value, source.Evaluate(cell));
    actual.push_back(value);
    predicted.push_back(surrogate.Predict(cell));
  }
  SurrogateQuality q;
  q.num_cells = static_cast<int>(actual.size());
  q.kendall_tau_b = actual.size() < 2 ? kNaN : KendallTauB(predicted, actual);
  q.r2 = RSquared(actual, predicted);
  return q;
}

}  // namespace aimc::nas::search
