#include "experiments/analognas_bench/paper/paper_classes.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "experiments/analognas_bench/paper/paper_lib.h"

namespace aimc::experiments::anb_paper {
namespace {

using analysis::Classification;
using analysis::MetricTable;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Paper Table 3 (App. E), rows 60 s, 1 h, 1 d, 30 d.
constexpr PaperDriftRow kNoisyTable3[4] = {
    {14.33, 6.72, 1.90, 9.54, 13.05, 17.76, 50.75, 5},
    {24.63, 7.96, 6.67, 18.84, 23.66, 29.59, 69.02, 10},
    {35.76, 8.66, 12.97, 29.63, 35.52, 41.85, 70.20, 16},
    {47.54, 7.87, 21.26, 42.18, 48.26, 53.36, 70.92, 25}};
constexpr PaperDriftRow kAnalogTable3[4] = {
    {1.59, 1.39, -1.34, 0.70, 1.20, 2.07, 17.61, 2.5},
    {2.32, 2.02, -0.61, 1.05, 1.74, 2.94, 32.01, 3.5},
    {3.44, 2.96, -0.46, 1.59, 2.53, 4.29, 36.95, 4.5},
    {5.27, 4.40, -0.13, 2.49, 3.86, 6.49, 44.89, 7}};

std::vector<double> SortedFinite(absl::Span<const double> values) {
  std::vector<double> sorted;
  for (double v : values) {
    if (!std::isnan(v)) sorted.push_back(v);
  }
  std::sort(sorted.begin(), sorted.end());
  return sorted;
}

// `paper` at its paper quantile; ours = the same quantile of `values` (or
// `paper` itself in kPaper mode).
Threshold Resolve(double paper, const std::vector<Knot>& knots, absl::Span<const double> values,
                  ThresholdMode mode) {
  Threshold t{paper, PaperQuantile(knots, paper), paper};
  if (mode == ThresholdMode::kRelative) {
    const std::vector<double> sorted = SortedFinite(values);
    t.ours = sorted.empty() ? kNaN : analysis::Quantile(sorted, t.quantile);
  }
  return t;
}

absl::Span<const double> ColumnOrNaN(const MetricTable& table, absl::string_view name,
                                     std::vector<double>& storage) {
  if (Has(table, name)) return Col(table, name);
  storage.assign(table.num_rows(), kNaN);
  return storage;
}

}  // namespace

absl::StatusOr<ThresholdMode> ParseThresholdMode(absl::string_view text) {
  if (text == "paper") return ThresholdMode::kPaper;
  if (text == "relative") return ThresholdMode::kRelative;
  return absl::InvalidArgumentError(
      absl::StrCat("--thresholds: expected paper or relative, got '", text, "'"));
}

absl::StatusOr<DropReference> ParseDropReference(absl::string_view text) {
  if (text == "branch") return DropReference::kBranch;
  if (text == "baseline") return DropReference::kBaseline;
  return absl::InvalidArgumentError(
      absl::StrCat("--drop_reference: expected branch or baseline, got '", text, "'"));
}

const PaperDriftRow& PaperTable3(absl::string_view branch, int t) {
  AIMC_CHECK((branch == "noisy" || branch == "analog") && t >= 0 && t < 4);
  return branch == "noisy" ? kNoisyTable3[t] : kAnalogTable3[t];
}

// §2: median 90.41, IQR 87.45-91.82 (the paper's own baseline); 10 % chance.
std::vector<Knot> PaperBaselineKnots() {
  return {{10, 0}, {87.45, 0.25}, {90.41, 0.5}, {91.82, 0.75}, {100, 1}};
}
// §3.1: median 60.70, IQR 33.99-75.39.
std::vector<Knot> PaperNoisyKnots() {
  return {{10, 0}, {33.99, 0.25}, {60.70, 0.5}, {75.39, 0.75}, {100, 1}};
}
// §3.1: median 85.49, IQR 81.70-87.55; §3.3: 80.19 % of cells above 80 %.
std::vector<Knot> PaperAnalogKnots() {
  return {{10, 0}, {80, 1 - 0.8019}, {81.70, 0.25}, {85.49, 0.5}, {87.55, 0.75}, {100, 1}};
}
std::vector<Knot> PaperDriftDropKnots(absl::string_view branch, int t) {
  const PaperDriftRow& r = PaperTable3(branch, t);
  return {{r.min, 0}, {r.q25, 0.25}, {r.median, 0.5}, {r.q75, 0.75}, {r.max, 1}};
}

double PaperQuantile(absl::Span<const Knot> knots, double value) {
  AIMC_CHECK(knots.size() >= 2);
  if (value <= knots.front().value) return knots.front().quantile;
  for (size_t k = 1; k < knots.size(); ++k) {
    if (value <= knots[k].value) {
      const Knot& a = knots[k - 1];
      const Knot& b = knots[k];
      return a.quantile + (b.quantile - a.quantile) * (value - a.value) / (b.value - a.value);
    }
  }
  return knots.back().quantile;
}

Thresholds ResolveThresholds(const MetricTable& table, ThresholdMode mode,
                             DropReference drop_reference) {
  std::vector<double> s1, s2, s3;
  const absl::Span<const double> baseline = ColumnOrNaN(table, "baseline_accuracy", s1);
  const absl::Span<const double> noisy = ColumnOrNaN(table, "noisy_accuracy", s2);
  const absl::Span<const double> analog = ColumnOrNaN(table, "analog_accuracy", s3);
  Thresholds th;
  th.mode = mode;
  th.drop_reference = drop_reference;
  th.subset_baseline = Resolve(90, PaperBaselineKnots(), baseline, mode);
  th.natural_noisy = Resolve(70, PaperNoisyKnots(), noisy, mode);
  th.nonrobust_noisy = Resolve(20, PaperNoisyKnots(), noisy, mode);
  th.high_analog = Resolve(80, PaperAnalogKnots(), analog, mode);
  th.natural_analog = Resolve(85, PaperAnalogKnots(), analog, mode);
  th.failing_analog = Resolve(40, PaperAnalogKnots(), analog, mode);
  th.drift_baseline = Resolve(80, PaperBaselineKnots(), baseline, mode);
  th.drift_noisy = Resolve(70, PaperNoisyKnots(), noisy, mode);
  const std::vector<bool> subset = DriftSubset(table, th);
  for (int t = 0; t < 4; ++t) {
    for (absl::string_view branch : {"noisy", "analog"}) {
      std::vector<double> drops = DriftDrops(table, branch, t, drop_reference);
      for (size_t r = 0; r < drops.size(); ++r) {
        if (!subset[r]) drops[r] = kNaN;
      }
      (branch == "noisy" ? th.noisy_drift_drop : th.analog_drift_drop)[t] =
          Resolve(PaperTable3(branch, t).threshold, PaperDriftDropKnots(branch, t), drops, mode);
    }
  }
  return th;
}

std::string DescribeThresholds(const Thresholds& th) {
  std::vector<std::vector<std::string>> rows = {
      {"threshold", "paper", "paper quantile", th.mode == ThresholdMode::kPaper
                                                   ? "ours (--thresholds=paper: as printed)"
                                                   : "ours (--thresholds=relative: same quantile)"}};
  auto add = [&](const std::string& what, const Threshold& t) {
    rows.push_back({what, Fixed(t.paper), Fixed(t.quantile, 3), Fixed(t.ours)});
  };
  add("§3.2 subset: baseline >=", th.subset_baseline);
  add("§3.3 naturally robust: noisy >=", th.natural_noisy);
  add("§3.3 non-robust: noisy <", th.nonrobust_noisy);
  add("§3.3 high analog: analog >=", th.high_analog);
  add("§3.3 'exceed 85': analog >=", th.natural_analog);
  add("§3.3 HWT-failing: analog <", th.failing_analog);
  add("§3.4 drift subset: baseline >=", th.drift_baseline);
  add("§3.4 drift subset: noisy >=", th.drift_noisy);
  for (int t = 0; t < 4; ++t) {
    add(absl::StrCat("Table 3 noisy drift ", DriftLabel(t), ": drop <="), th.noisy_drift_drop[t]);
  }
  for (int t = 0; t < 4; ++t) {
    add(absl::StrCat("Table 3 analog drift ", DriftLabel(t), ": drop <="),
        th.analog_drift_drop[t]);
  }
  return absl::StrCat(
      FormatTable(rows),
      "paper quantiles: linear between the paper's printed statistics (chance 10 % as the "
      "minimum where none is printed); drift drops measured from ",
      th.drop_reference == DropReference::kBranch ? "the branch's static accuracy"
                                                  : "baseline_accuracy",
      " (--drop_reference)\n");
}

Classification NoisyRobustness(const MetricTable& table, const Thresholds& th) {
  const absl::Span<const double> baseline = Col(table, "baseline_accuracy");
  const std::vector<double> drops = analysis::Drops(baseline, Col(table, "noisy_accuracy"));
  std::vector<double> subset_drops(drops.size(), kNaN);
  int n = 0;
  for (size_t r = 0; r < drops.size(); ++r) {
    if (baseline[r] >= th.subset_baseline.ours && !std::isnan(drops[r])) {
      subset_drops[r] = drops[r];
      ++n;
    }
  }
  const std::vector<double> sorted = SortedFinite(subset_drops);
  const double q25 = sorted.empty() ? kNaN : analysis::Quantile(sorted, 0.25);
  Classification c = analysis::ClassifyByDrop(subset_drops, q25, "baseline - noisy");
  c.rule = absl::StrCat("rows with baseline_accuracy >= ", Fixed(th.subset_baseline.ours), " (",
                        n, " of ", table.num_rows(),
                        "); drop = baseline - noisy; robust <=> drop <= its q25 = ", Fixed(q25),
                        " (paper: baseline >= 90, q25 12.75)");
  return c;
}

Classification NoiseClasses(const MetricTable& table, const Thresholds& th) {
  const absl::Span<const double> noisy = Col(table, "noisy_accuracy");
  Classification c;
  c.class_names = {"naturally_robust", "moderate", "non_robust"};
  c.labels.assign(noisy.size(), analysis::kExcluded);
  for (size_t r = 0; r < noisy.size(); ++r) {
    if (std::isnan(noisy[r])) continue;
    c.labels[r] = noisy[r] >= th.natural_noisy.ours ? 0 : noisy[r] >= th.nonrobust_noisy.ours ? 1 : 2;
  }
  c.rule = absl::StrCat("naturally_robust <=> noisy >= ", Fixed(th.natural_noisy.ours),
                        "; non_robust <=> noisy < ", Fixed(th.nonrobust_noisy.ours),
                        " (paper: 70 / 20)");
  return c;
}

std::vector<bool> DriftSubset(const MetricTable& table, const Thresholds& th) {
  std::vector<double> s1, s2;
  const absl::Span<const double> baseline = ColumnOrNaN(table, "baseline_accuracy", s1);
  const absl::Span<const double> noisy = ColumnOrNaN(table, "noisy_accuracy", s2);
  std::vector<bool> in(table.num_rows());
  for (int r = 0; r < table.num_rows(); ++r) {
    in[r] = baseline[r] >= th.drift_baseline.ours && noisy[r] >= th.drift_noisy.ours;
  }
  return in;
}

std::vector<double> DriftDrops(const MetricTable& table, absl::string_view branch, int t,
                               DropReference reference) {
  std::vector<double> s1, s2;
  const std::string reference_name = reference == DropReference::kBaseline
                                         ? "baseline_accuracy"
                                         : absl::StrCat(branch, "_accuracy");
  const absl::Span<const double> ref = ColumnOrNaN(table, reference_name, s1);
  const absl::Span<const double> drift = ColumnOrNaN(table, DriftMetric(branch, t), s2);
  return analysis::Drops(ref, drift);
}

Classification DriftClasses(const MetricTable& table, const Thresholds& th,
                            absl::string_view branch, int t) {
  const std::vector<bool> subset = DriftSubset(table, th);
  std::vector<double> drops = DriftDrops(table, branch, t, th.drop_reference);
  int n = 0;
  for (size_t r = 0; r < drops.size(); ++r) {
    if (!subset[r]) drops[r] = kNaN;
    n += !std::isnan(drops[r]);
  }
  const Threshold& limit = (branch == "noisy" ? th.noisy_drift_drop : th.analog_drift_drop)[t];
  Classification c = analysis::ClassifyByDrop(drops, limit.ours, "drop");
  c.rule = absl::StrCat("rows with baseline >= ", Fixed(th.drift_baseline.ours), " and noisy >= ",
                        Fixed(th.drift_noisy.ours), " (", n, " of ", table.num_rows(), "); ",
                        branch, " drift ", DriftLabel(t), ": robust <=> drop <= ",
                        Fixed(limit.ours), " (paper ", Fixed(limit.paper, 1), ")");
  return c;
}

std::vector<std::string> ClassMetrics() { return AccuracyMetrics(); }

}  // namespace aimc::experiments::anb_paper
