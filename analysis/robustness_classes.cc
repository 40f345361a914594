#include "analysis/robustness_classes.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/status_macros.h"
#include "nas/benchmark_store.h"
#include "nas/cell_graph.h"

namespace aimc::analysis {
namespace {

using nas::Cell;
using nas::kNumEdges;
using nas::kNumOps;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string Num(double v) { return absl::StrFormat("%.6g", v); }

std::vector<double> SortedFinite(absl::Span<const double> values) {
  std::vector<double> sorted;
  for (double v : values) {
    if (!std::isnan(v)) sorted.push_back(v);
  }
  std::sort(sorted.begin(), sorted.end());
  return sorted;
}

// Rows for which every column is >= its minimum (NaN fails).
std::vector<bool> AtLeast(const std::vector<absl::Span<const double>>& columns,
                          const std::vector<double>& minimum, int rows) {
  std::vector<bool> in(rows, true);
  for (int r = 0; r < rows; ++r) {
    for (size_t k = 0; k < columns.size(); ++k) in[r] = in[r] && columns[k][r] >= minimum[k];
  }
  return in;
}

// Drop-based robust / non-robust among the rows in `subset`.
Classification DropClasses(const std::vector<double>& drops, const std::vector<bool>& subset,
                           double threshold, std::string rule) {
  Classification c;
  c.class_names = {"robust", "non_robust"};
  c.labels.assign(drops.size(), kExcluded);
  for (size_t r = 0; r < drops.size(); ++r) {
    if (subset[r] && !std::isnan(drops[r])) c.labels[r] = drops[r] <= threshold ? 0 : 1;
  }
  c.rule = std::move(rule);
  return c;
}

struct DriftSet {
  std::string branch;  // "noisy" or "analog"
  int64_t time_s;
  double threshold;  // percentage points (paper Table 3)
};

std::vector<DriftSet> DriftSets() {
  constexpr double kNoisy[] = {5, 10, 16, 25};
  constexpr double kAnalog[] = {2.5, 3.5, 4.5, 7};
  std::vector<DriftSet> sets;
  for (size_t t = 0; t < nas::kDriftTimesS.size(); ++t) {
    sets.push_back({"noisy", nas::kDriftTimesS[t], kNoisy[t]});
  }
  for (size_t t = 0; t < nas::kDriftTimesS.size(); ++t) {
    sets.push_back({"analog", nas::kDriftTimesS[t], kAnalog[t]});
  }
  return sets;
}

std::string DriftSetName(const DriftSet& s) {
  return absl::StrCat("drift_", s.branch, "_", s.time_s);
}

absl::StatusOr<Classification> DriftClasses(const MetricTable& table, const DriftSet& s) {
  ASSIGN_OR_RETURN(const absl::Span<const double> baseline, table.Column("baseline_accuracy"));
  ASSIGN_OR_RETURN(const absl::Span<const double> noisy, table.Column("noisy_accuracy"));
  const std::string static_name = absl::StrCat(s.branch, "_accuracy");
  const std::string drift_name = absl::StrCat(s.branch, "_drift_", s.time_s);
  ASSIGN_OR_RETURN(const absl::Span<const double> static_acc, table.Column(static_name));
  ASSIGN_OR_RETURN(const absl::Span<const double> drift, table.Column(drift_name));
  const std::vector<bool> subset = AtLeast({baseline, noisy}, {80, 70}, table.num_rows());
  return DropClasses(
      Drops(static_acc, drift), subset, s.threshold,
      absl::StrCat("rows with baseline_accuracy >= 80 and noisy_accuracy >= 70 (",
                   std::count(subset.begin(), subset.end(), true), " of ", table.num_rows(),
                   "); drop = ", static_name, " - ", drift_name,
                   " (our choice of no-drift accuracy; the paper does not say, nas_spec.md §2.6); "
                   "robust <=> drop <= ",
                   Num(s.threshold), " (paper Table 3)"));
}

}  // namespace

std::vector<int> ClassCounts(const Classification& classes) {
  std::vector<int> counts(classes.class_names.size(), 0);
  for (int label : classes.labels) {
    if (label != kExcluded) ++counts[label];
  }
  return counts;
}

Classification ClassifyByThreshold(absl::Span<const double> values, double threshold,
                                   absl::string_view metric_name) {
  Classification c;
  c.class_names = {"robust", "non_robust"};
  c.labels.assign(values.size(), kExcluded);
  for (size_t r = 0; r < values.size(); ++r) {
    if (!std::isnan(values[r])) c.labels[r] = values[r] >= threshold ? 0 : 1;
  }
  c.rule = absl::StrCat("robust <=> ", metric_name, " >= ", Num(threshold));
  return c;
}

std::vector<double> Drops(absl::Span<const double> reference, absl::Span<const double> value) {
  AIMC_CHECK(reference.size() == value.size());
  std::vector<double> drops(value.size());
  for (size_t r = 0; r < value.size(); ++r) drops[r] = reference[r] - value[r];
  return drops;
}

Classification ClassifyByDrop(absl::Span<const double> drops, double threshold,
                              absl::string_view drop_name) {
  return DropClasses(std::vector<double>(drops.begin(), drops.end()),
                     std::vector<bool>(drops.size(), true), threshold,
                     absl::StrCat("robust <=> ", drop_name, " <= ", Num(threshold)));
}

absl::StatusOr<double> ParseThreshold(absl::string_view text, absl::Span<const double> values) {
  double number = 0;
  if (absl::SimpleAtod(text, &number) && std::isfinite(number)) return number;
  double percent = -1;
  if (text == "median") {
    percent = 50;
  } else if (double p = -1; text.size() > 1 && text[0] == 'q' &&
                            absl::SimpleAtod(text.substr(1), &p) && p >= 0 && p <= 100) {
    percent = p;
  }
  if (percent < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "threshold '", text, "': expected a number, median, or qNN (NN in 0..100, e.g. q25)"));
  }
  const std::vector<double> sorted = SortedFinite(values);
  if (sorted.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("threshold '", text, "': no value to take the quantile of"));
  }
  return Quantile(sorted, percent / 100);
}

std::vector<std::string> NamedClassSets() {
  std::vector<std::string> names = {"noisy_robustness", "noise_classes", "high_analog_accuracy"};
  for (const DriftSet& s : DriftSets()) names.push_back(DriftSetName(s));
  return names;
}

absl::StatusOr<std::vector<std::string>> NamedClassMetrics(absl::string_view name) {
  if (name == "noisy_robustness")
    return std::vector<std::string>{"baseline_accuracy", "noisy_accuracy"};
  if (name == "noise_classes") return std::vector<std::string>{"noisy_accuracy"};
  if (name == "high_analog_accuracy") return std::vector<std::string>{"analog_accuracy"};
  for (const DriftSet& s : DriftSets()) {
    if (name == DriftSetName(s)) {
      return std::vector<std::string>{"baseline_accuracy", "noisy_accuracy",
                                      absl::StrCat(s.branch, "_accuracy"),
                                      absl::StrCat(s.branch, "_drift_", s.time_s)};
    }
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown class set '", name, "' (expected one of ",
                                                 absl::StrJoin(NamedClassSets(), ", "), ")"));
}

absl::StatusOr<Classification> NamedClasses(const MetricTable& table, absl::string_view name) {
  RETURN_IF_ERROR(NamedClassMetrics(name).status());
  const int rows = table.num_rows();
  if (name == "noisy_robustness") {
    ASSIGN_OR_RETURN(const absl::Span<const double> baseline, table.Column("baseline_accuracy"));
    ASSIGN_OR_RETURN(const absl::Span<const double> noisy, table.Column("noisy_accuracy"));
    const std::vector<bool> subset = AtLeast({baseline}, {90}, rows);
    const std::vector<double> drops = Drops(baseline, noisy);
    std::vector<double> subset_drops;
    for (int r = 0; r < rows; ++r) {
      if (subset[r]) subset_drops.push_back(drops[r]);
    }
    const std::vector<double> sorted = SortedFinite(subset_drops);
    const double q25 = sorted.empty() ? kNaN : Quantile(sorted, 0.25);
    return DropClasses(
        drops, subset, q25,
        absl::StrCat("rows with baseline_accuracy >= 90 (", sorted.size(), " of ", rows,
                     " with a drop); drop = baseline_accuracy - "
                     "noisy_accuracy; robust <=> drop <= its q25 = ",
                     Num(q25), " (the paper reports 12.75)"));
  }
  if (name == "noise_classes") {
    ASSIGN_OR_RETURN(const absl::Span<const double> noisy, table.Column("noisy_accuracy"));
    Classification c;
    c.class_names = {"naturally_robust", "moderate", "non_robust"};
    c.labels.assign(rows, kExcluded);
    for (int r = 0; r < rows; ++r) {
      if (!std::isnan(noisy[r])) c.labels[r] = noisy[r] >= 70 ? 0 : noisy[r] >= 20 ? 1 : 2;
    }
    c.rule =
        "naturally_robust <=> noisy_accuracy >= 70; moderate <=> 20 <= noisy_accuracy < 70; "
        "non_robust <=> noisy_accuracy < 20 (paper §3.3)";
    return c;
  }
  if (name == "high_analog_accuracy") {
    ASSIGN_OR_RETURN(const absl::Span<const double> analog, table.Column("analog_accuracy"));
    Classification c = ClassifyByThreshold(analog, 80, "analog_accuracy");
    c.class_names = {"high", "not_high"};
    c.rule = "high <=> analog_accuracy >= 80 (paper §3.3)";
    return c;
  }
  for (const DriftSet& s : DriftSets()) {
    if (name == DriftSetName(s)) return DriftClasses(table, s);
  }
  return absl::InternalError(absl::StrCat("class set '", name, "' listed but not implemented"));
}

std::vector<std::array<double, kNumOps>> OpPercentages(absl::Span<const Cell> cells,
                                                       const Classification& classes) {
  AIMC_CHECK(cells.size() == classes.labels.size());
  const size_t k = classes.class_names.size();
  std::vector<std::array<double, kNumOps>> percent(k, std::array<double, kNumOps>{});
  const std::vector<int> counts = ClassCounts(classes);
  for (size_t r = 0; r < cells.size(); ++r) {
    if (classes.labels[r] == kExcluded) continue;
    for (nas::Op op : cells[r].ops()) percent[classes.labels[r]][nas::OpCode(op)] += 1;
  }
  for (size_t c = 0; c < k; ++c) {
    for (double& p : percent[c]) p = counts[c] > 0 ? 100.0 * p / (kNumEdges * counts[c]) : kNaN;
  }
  return percent;
}

std::vector<OpCountDistribution> OpCountDistributions(absl::Span<const Cell> cells,
                                                      const Classification& classes) {
  AIMC_CHECK(cells.size() == classes.labels.size());
  std::vector<OpCountDistribution> dist(classes.class_names.size(), OpCountDistribution{});
  const std::vector<int> counts = ClassCounts(classes);
  for (size_t r = 0; r < cells.size(); ++r) {
    if (classes.labels[r] == kExcluded) continue;
    for (int op = 0; op < kNumOps; ++op) {
      dist[classes.labels[r]][op][cells[r].CountOp(static_cast<nas::Op>(op))] += 1;
    }
  }
  for (size_t c = 0; c < dist.size(); ++c) {
    for (auto& per_op : dist[c]) {
      for (double& v : per_op) v = counts[c] > 0 ? 100.0 * v / counts[c] : kNaN;
    }
  }
  return dist;
}

std::vector<std::vector<PathFrequency>> TopPaths(absl::Span<const Cell> cells,
                                                 const Classification& classes, int length,
                                                 int top) {
  AIMC_CHECK(cells.size() == classes.labels.size());
  AIMC_CHECK(length >= 1 && length <= 3 && top >= 1);
  std::vector<std::map<std::vector<nas::Op>, int>> counts(classes.class_names.size());
  std::vector<int> totals(classes.class_names.size(), 0);
  for (size_t r = 0; r < cells.size(); ++r) {
    const int label = classes.labels[r];
    if (label == kExcluded) continue;
    for (int path = 0; path < nas::kNumPaths; ++path) {
      const absl::Span<const int> positions = nas::PathPositions(path);
      if (static_cast<int>(positions.size()) != length) continue;
      std::vector<nas::Op> ops;
      for (int p : positions) ops.push_back(cells[r].op(p));
      ++counts[label][ops];
      ++totals[label];
    }
  }
  std::vector<std::vector<PathFrequency>> result(counts.size());
  for (size_t c = 0; c < counts.size(); ++c) {
    for (const auto& [ops, count] : counts[c]) {  // ascending op codes
      result[c].push_back({ops, count, 100.0 * count / totals[c]});
    }
    std::stable_sort(
        result[c].begin(), result[c].end(),
        [](const PathFrequency& a, const PathFrequency& b) { return a.count > b.count; });
    if (static_cast<int>(result[c].size()) > top) result[c].resize(top);
  }
  return result;
}

std::string PathName(absl::Span<const nas::Op> ops) {
  std::vector<absl::string_view> names;
  for (nas::Op op : ops) names.push_back(nas::OpName(op));
  return absl::StrCat("(", absl::StrJoin(names, ","), ")");
}

std::string PathCodes(absl::Span<const nas::Op> ops) {
  std::vector<int> codes;
  for (nas::Op op : ops) codes.push_back(nas::OpCode(op));
  return absl::StrCat("(", absl::StrJoin(codes, ","), ops.size() == 1 ? ",)" : ")");
}

double Quantile(absl::Span<const double> sorted, double q) {
  AIMC_CHECK(!sorted.empty() && q >= 0 && q <= 1);
  const double position = q * static_cast<double>(sorted.size() - 1);
  const size_t below = static_cast<size_t>(std::floor(position));
  const size_t above = std::min(below + 1, sorted.size() - 1);
  const double fraction = position - static_cast<double>(below);
  return sorted[below] + fraction * (sorted[above] - sorted[below]);
}

DistributionStats Describe(absl::Span<const double> values) {
  const std::vector<double> sorted = SortedFinite(values);
  DistributionStats s;
  s.n = static_cast<int>(sorted.size());
  if (sorted.empty()) {
    s.mean = s.std = s.min = s.q25 = s.median = s.q75 = s.max = kNaN;
    return s;
  }
  s.mean = std::accumulate(sorted.begin(), sorted.end(), 0.0) / s.n;
  double squares = 0;
  for (double v : sorted) squares += (v - s.mean) * (v - s.mean);
  s.std = s.n > 1 ? std::sqrt(squares / (s.n - 1)) : kNaN;
  s.min = sorted.front();
  s.q25 = Quantile(sorted, 0.25);
  s.median = Quantile(sorted, 0.5);
  s.q75 = Quantile(sorted, 0.75);
  s.max = sorted.back();
  return s;
}

}  // namespace aimc::analysis
