#include "nas/search/trials.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <memory>
#include <numeric>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/random.h"
#include "common/random_cursor.h"
#include "common/status_macros.h"

namespace aimc::nas::search {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double Mean(const std::vector<double>& v) {
  return std::accumulate(v.begin(), v.end(), 0.0) / v.size();
}

// Sample sd (n - 1); NaN for one value.
double SampleSd(const std::vector<double>& v) {
  if (v.size() < 2) return kNaN;
  const double mean = Mean(v);
  double ss = 0;
  for (double x : v) ss += (x - mean) * (x - mean);
  return std::sqrt(ss / (v.size() - 1));
}

}  // namespace

absl::StatusOr<TruthTable> TruthTable::Create(Objective& truth) {
  TruthTable table;
  table.name_ = truth.name();
  table.values_.reserve(kNumCells);
  for (const Cell& cell : AllCells()) {
    absl::StatusOr<double> value = truth.Evaluate(cell);
    if (!value.ok()) {
      return absl::Status(value.status().code(),
                          absl::StrCat("truth '", table.name_, "' at cell ",
                                       cell.ToTupleString(), ": ", value.status().message()));
    }
    table.values_.push_back(*value);
  }
  table.descending_ = table.values_;
  std::sort(table.descending_.begin(), table.descending_.end(), std::greater<double>());
  const auto best = std::max_element(table.values_.begin(), table.values_.end());
  table.best_cell_ = AllCells()[best - table.values_.begin()];
  return table;
}

int TruthTable::Rank(const Cell& cell) const {
  const double v = value(cell);
  // Cells strictly better than v come first in descending order.
  const auto end = std::lower_bound(descending_.begin(), descending_.end(), v,
                                    std::greater<double>());
  return 1 + static_cast<int>(end - descending_.begin());
}

double TruthTable::ExpectedRandomSearchRank(int budget) const {
  AIMC_CHECK(budget >= 1 && budget <= kNumCells);
  const int n = kNumCells;
  // p_i = C(n - i, budget - 1) / C(n, budget): the best sampled cell is the
  // i-th in descending order (1-based). p_1 = budget / n.
  double p = static_cast<double>(budget) / n;
  double expected = 0;
  int rank = 1;
  for (int i = 1; i <= n - budget + 1; ++i) {
    if (i > 1 && descending_[i - 1] != descending_[i - 2]) rank = i;
    expected += p * rank;
    if (i < n - budget + 1) p *= static_cast<double>(n - i - budget + 1) / (n - i);
  }
  return expected;
}

absl::Status Validate(const TrialsOptions& o) {
  if (o.num_trials < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("trials.num_trials: must be >= 1, got ", o.num_trials));
  }
  if (o.budget < 1) {
    return absl::InvalidArgumentError(absl::StrCat("trials.budget: must be >= 1, got ", o.budget));
  }
  if (o.surrogate_train != 0 && (o.surrogate_train < 2 || o.surrogate_train > kNumCells)) {
    return absl::InvalidArgumentError(absl::StrCat("trials.surrogate_train: must be 0 or 2..",
                                                   kNumCells, ", got ", o.surrogate_train));
  }
  if (o.surrogate_train > 0) RETURN_IF_ERROR(Validate(o.surrogate));
  return absl::OkStatus();
}

namespace {

// Trial `t`: in surrogate mode, fit the surrogate first; then search and
// score. Sets report->objective to the searched objective's name.
absl::StatusOr<TrialRecord> RunTrial(const SearchAlgorithm& algorithm,
                                     Objective& search_objective, const TruthTable& truth,
                                     const TrialsOptions& options, int t, TrialsReport* report) {
  const RandomStream stream(StreamKey{.seed = options.seed,
                                      .entity = kSearchEntity,
                                      .instance = static_cast<uint32_t>(t),
                                      .draw = 0});
  TrialRecord record;
  record.trial = t;
  Objective* searched = &search_objective;
  std::unique_ptr<Surrogate> surrogate;
  if (options.surrogate_train > 0) {
    RandomCursor sample_rng(stream.WithDraw(1));
    ASSIGN_OR_RETURN(surrogate, TrainSurrogate(search_objective, options.surrogate_train,
                                               options.surrogate, sample_rng));
    // Held-out quality against the objective the surrogate imitates.
    ASSIGN_OR_RETURN(record.surrogate, surrogate->EvaluateHeldOut(search_objective));
    searched = surrogate.get();
  }
  report->objective = searched->name();
  RandomCursor rng(stream);
  const absl::Time start = absl::Now();
  ASSIGN_OR_RETURN(const SearchResult result, algorithm.Run(*searched, options.budget, rng));
  record.search_time = absl::Now() - start;
  record.best_cell = result.best_cell;
  record.search_value = result.best_value;
  record.true_value = truth.value(result.best_cell);
  record.rank = truth.Rank(result.best_cell);
  record.queries = result.queries;
  return record;
}

}  // namespace

absl::StatusOr<TrialsReport> RunTrials(const SearchAlgorithm& algorithm,
                                       Objective& search_objective, const TruthTable& truth,
                                       const TrialsOptions& options) {
  RETURN_IF_ERROR(Validate(options));
  TrialsReport report;
  report.algorithm = algorithm.name();
  report.truth = truth.name();
  report.options = options;
  std::vector<double> values, ranks, queries, taus, r2s;
  absl::Duration total_time;
  for (int t = 0; t < options.num_trials; ++t) {
    ASSIGN_OR_RETURN(TrialRecord record,
                     RunTrial(algorithm, search_objective, truth, options, t, &report));
    values.push_back(record.true_value);
    ranks.push_back(record.rank);
    queries.push_back(static_cast<double>(record.queries));
    total_time += record.search_time;
    if (record.surrogate.has_value()) {
      taus.push_back(record.surrogate->kendall_tau_b);
      r2s.push_back(record.surrogate->r2);
    }
    report.trials.push_back(std::move(record));
  }
  report.mean_true_value = Mean(values);
  report.sd_true_value = SampleSd(values);
  report.mean_rank = Mean(ranks);
  report.sd_rank = SampleSd(ranks);
  report.mean_queries = Mean(queries);
  report.mean_search_time = total_time / options.num_trials;
  report.mean_kendall_tau = taus.empty() ? kNaN : Mean(taus);
  report.mean_r2 = r2s.empty() ? kNaN : Mean(r2s);
  return report;
}

std::string FormatTrialsTable(absl::Span<const TrialsReport> reports) {
  std::string out = absl::StrFormat("%-22s %-15s %6s %6s %-17s %-19s %8s %9s %6s %6s\n",
                                    "algorithm", "mode", "budget", "trials", "true value",
                                    "rank", "queries", "time/s", "tau", "R2");
  for (const TrialsReport& r : reports) {
    const std::string mode = r.options.surrogate_train > 0
                                 ? absl::StrCat("surrogate(", r.options.surrogate_train, ")")
                                 : "direct";
    const std::string value = absl::StrFormat("%.2f ± %.2f", r.mean_true_value, r.sd_true_value);
    const std::string rank = absl::StrFormat("%.1f ± %.1f", r.mean_rank, r.sd_rank);
    const std::string tau =
        std::isnan(r.mean_kendall_tau) ? "-" : absl::StrFormat("%.3f", r.mean_kendall_tau);
    const std::string r2 = std::isnan(r.mean_r2) ? "-" : absl::StrFormat("%.3f", r.mean_r2);
    // "±" is 2 bytes in UTF-8: widen the padded fields by 1 to keep columns.
    absl::StrAppendFormat(&out, "%-22s %-15s %6d %6d %-18s %-20s %8.0f %9.3f %6s %6s\n",
                          r.algorithm, mode, r.options.budget, r.options.num_trials, value, rank,
                          r.mean_queries, absl::ToDoubleSeconds(r.mean_search_time), tau, r2);
  }
  return out;
}

}  // namespace aimc::nas::search
