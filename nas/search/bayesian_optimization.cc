#include "nas/search/bayesian_optimization.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "common/validation.h"
#include "nas/search/internal/hamming_gp.h"
#include "nas/search/internal/tracker.h"

namespace aimc::nas::search {
namespace {

// EI of a maximisation at posterior (mean, sd) over `best` (Jones et al. 1998).
double ExpectedImprovement(double mean, double sd, double best) {
  if (sd <= 1e-12) return std::max(mean - best, 0.0);
  const double z = (mean - best) / sd;
  const double cdf = 0.5 * std::erfc(-z / std::numbers::sqrt2);
  const double pdf = std::exp(-0.5 * z * z) / std::sqrt(2 * std::numbers::pi);
  return sd * (z * cdf + pdf);
}

// Values standardised to mean 0 and population sd 1 (sd 1 when constant).
std::vector<double> Standardise(const std::vector<double>& values) {
  double mean = 0;
  for (double v : values) mean += v;
  mean /= values.size();
  double var = 0;
  for (double v : values) var += (v - mean) * (v - mean);
  const double sd = var > 0 ? std::sqrt(var / values.size()) : 1.0;
  std::vector<double> out;
  out.reserve(values.size());
  for (double v : values) out.push_back((v - mean) / sd);
  return out;
}

// The unqueried cell maximising the acquisition (the first on ties), over all
// cells or num_candidates random ones; nullopt when every cell was queried.
std::optional<Cell> Acquire(const BayesianOptimizationOptions& o,
                            const internal::SearchTracker& tracker,
                            const std::vector<double>& mean, const std::vector<double>& sd,
                            double best, RandomCursor& rng) {
  const absl::Span<const Cell> all = AllCells();
  int chosen = -1;
  double chosen_score = 0;
  auto consider = [&](int j) {
    const double score =
        o.ucb ? mean[j] + o.ucb_beta * sd[j] : ExpectedImprovement(mean[j], sd[j], best);
    if (chosen < 0 || score > chosen_score) {
      chosen = j;
      chosen_score = score;
    }
  };
  if (o.num_candidates == 0) {
    for (int j = 0; j < kNumCells; ++j) {
      if (!tracker.seen(all[j])) consider(j);
    }
  } else {
    for (int i = 0; i < o.num_candidates; ++i) {
      const std::optional<Cell> cell = tracker.SampleUnseen(rng);
      if (cell.has_value()) consider(cell->LexIndex());
    }
  }
  if (chosen < 0) return std::nullopt;
  return all[chosen];
}

}  // namespace

absl::Status Validate(const BayesianOptimizationOptions& o) {
  if (o.num_init < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("bayesian_optimization.num_init: must be >= 1, got ", o.num_init));
  }
  RETURN_IF_ERROR(CheckPositive("bayesian_optimization.lengthscale", o.lengthscale));
  RETURN_IF_ERROR(CheckPositive("bayesian_optimization.amplitude", o.amplitude));
  RETURN_IF_ERROR(CheckNonNegative("bayesian_optimization.noise_sd", o.noise_sd));
  RETURN_IF_ERROR(CheckNonNegative("bayesian_optimization.ucb_beta", o.ucb_beta));
  if (o.num_candidates < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "bayesian_optimization.num_candidates: must be >= 0, got ", o.num_candidates));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<BayesianOptimization>> BayesianOptimization::Create(
    const BayesianOptimizationOptions& options) {
  RETURN_IF_ERROR(Validate(options));
  return std::unique_ptr<BayesianOptimization>(new BayesianOptimization(options));
}

absl::StatusOr<SearchResult> BayesianOptimization::Run(Objective& objective, int budget,
                                                       RandomCursor& rng) const {
  RETURN_IF_ERROR(internal::ValidateBudget(budget));
  internal::SearchTracker tracker(objective, budget);
  internal::HammingGp gp({.lengthscale = options_.lengthscale,
                          .amplitude = options_.amplitude,
                          .noise_sd = options_.noise_sd});
  std::vector<double> values;  // in the order cells were added to the GP
  auto query = [&](const Cell& cell) -> absl::Status {
    ASSIGN_OR_RETURN(const double value, tracker.Evaluate(cell));
    gp.Add(cell);
    values.push_back(value);
    return absl::OkStatus();
  };
  for (int i = 0; i < options_.num_init && !tracker.exhausted(); ++i) {
    const std::optional<Cell> cell = tracker.SampleUnseen(rng);
    if (!cell.has_value()) break;
    RETURN_IF_ERROR(query(*cell));
  }
  std::vector<double> mean, sd;
  while (!tracker.exhausted()) {
    const std::vector<double> targets = Standardise(values);
    gp.Posterior(targets, &mean, &sd);
    const std::optional<Cell> next = Acquire(
        options_, tracker, mean, sd, *std::max_element(targets.begin(), targets.end()), rng);
    if (!next.has_value()) break;  // every cell queried
    RETURN_IF_ERROR(query(*next));
  }
  return tracker.Result();
}

}  // namespace aimc::nas::search
