// The paper's robustness classes (§3.2-3.4, App. E; ../shared/docs/nas_spec.md
// §2.6) with their thresholds either as printed (mode kPaper: baseline >= 90,
// noisy >= 70 / < 20, analog >= 80, drift drops 5/10/16/25 and 2.5/3.5/4.5/7)
// or translated to our scale (mode kRelative). A translated threshold is the
// same quantile of our distribution as the paper's threshold is of the
// paper's: the paper's quantile comes from the statistics it prints (e.g.
// noisy median 60.70, IQR 33.99-75.39; Table 3's min/quartiles/max per drift
// drop), interpolated linearly between them, with chance accuracy 10 % as the
// 0-quantile where the paper gives no minimum (the 341 disconnected cells).
// Tiny-scale accuracies are far below the paper's, so kPaper would leave most
// subsets empty; kRelative is the default. Units: percentage points.
// ParseThresholdMode / ParseDropReference return a Status; the rest is total.
// Thread-safe: pure functions.
#ifndef AIMC_EXPERIMENTS_ANALOGNAS_BENCH_PAPER_PAPER_CLASSES_H_
#define AIMC_EXPERIMENTS_ANALOGNAS_BENCH_PAPER_PAPER_CLASSES_H_

#include <array>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "analysis/metric_table.h"
#include "analysis/robustness_classes.h"

namespace aimc::experiments::anb_paper {

enum class ThresholdMode { kPaper, kRelative };
// "paper" or "relative"; InvalidArgument naming both otherwise.
absl::StatusOr<ThresholdMode> ParseThresholdMode(absl::string_view text);

// What a drift drop is measured from (the paper does not say, nas_spec §2.6):
// the branch's own static accuracy (noisy_accuracy / analog_accuracy, our
// default, as analysis/robustness_classes.h) or baseline_accuracy.
enum class DropReference { kBranch, kBaseline };
// "branch" or "baseline"; InvalidArgument otherwise.
absl::StatusOr<DropReference> ParseDropReference(absl::string_view text);

// A point of the paper's distribution: `quantile` in [0, 1] at `value`.
struct Knot {
  double value;
  double quantile;
};
// Table 3 of the paper: the drift drop of the §3.4 subset per branch and time.
struct PaperDriftRow {
  double mean, std, min, q25, median, q75, max, threshold;
};
// branch "noisy" or "analog"; t indexes nas::kDriftTimesS. REQUIRES: valid.
const PaperDriftRow& PaperTable3(absl::string_view branch, int t);

// The paper's statistics as knots (ascending): accuracies of all cells, and
// the drift drops of Table 3 (t indexes nas::kDriftTimesS).
std::vector<Knot> PaperBaselineKnots();
std::vector<Knot> PaperNoisyKnots();
std::vector<Knot> PaperAnalogKnots();
std::vector<Knot> PaperDriftDropKnots(absl::string_view branch, int t);
// Piecewise-linear quantile of `value` among `knots`, clamped to their range.
// REQUIRES: >= 2 knots, ascending in value and quantile.
double PaperQuantile(absl::Span<const Knot> knots, double value);

struct Threshold {
  double paper = 0;     // as printed in the paper
  double quantile = 0;  // where `paper` sits in the paper's distribution
  double ours = 0;      // what we apply (= paper in kPaper mode); NaN without data
};

struct Thresholds {
  ThresholdMode mode = ThresholdMode::kRelative;
  DropReference drop_reference = DropReference::kBranch;
  Threshold subset_baseline;  // §3.2 and HWT-failing: baseline >= 90
  Threshold natural_noisy;    // §3.3: naturally robust <=> noisy >= 70
  Threshold nonrobust_noisy;  // §3.3: non-robust <=> noisy < 20
  Threshold high_analog;      // §3.3: high <=> analog >= 80
  Threshold natural_analog;   // §3.3: "82.88 % exceed 85 %"
  Threshold failing_analog;   // §3.3: HWT-failing <=> analog < 40
  Threshold drift_baseline;   // §3.4: drift subset baseline >= 80 ...
  Threshold drift_noisy;      // ... and noisy >= 70
  std::array<Threshold, 4> noisy_drift_drop;   // robust <=> drop <= 5/10/16/25
  std::array<Threshold, 4> analog_drift_drop;  // robust <=> drop <= 2.5/3.5/4.5/7
};

// Resolves every threshold on `table` (columns it lacks give NaN `ours`).
// Drift-drop thresholds are quantiles of the drops within the drift subset.
Thresholds ResolveThresholds(const analysis::MetricTable& table, ThresholdMode mode,
                             DropReference drop_reference);
// A table: rule, paper value, its paper quantile, ours.
std::string DescribeThresholds(const Thresholds& thresholds);

// §3.2: rows with baseline >= subset_baseline; drop = baseline - noisy;
// robust <=> drop <= the q25 of those drops (the paper: 12.75). Reads
// baseline_accuracy and noisy_accuracy.
analysis::Classification NoisyRobustness(const analysis::MetricTable& table,
                                         const Thresholds& thresholds);
// §3.3: naturally_robust / moderate / non_robust by noisy_accuracy.
analysis::Classification NoiseClasses(const analysis::MetricTable& table,
                                      const Thresholds& thresholds);
// §3.4 subset: baseline >= drift_baseline and noisy >= drift_noisy.
std::vector<bool> DriftSubset(const analysis::MetricTable& table, const Thresholds& thresholds);
// Per row: reference - <branch>_drift_T (NaN if missing). branch: "noisy" or
// "analog"; the reference per thresholds.drop_reference.
std::vector<double> DriftDrops(const analysis::MetricTable& table, absl::string_view branch,
                               int t, DropReference reference);
// §3.4: within DriftSubset, robust <=> drop <= the branch's threshold at t.
analysis::Classification DriftClasses(const analysis::MetricTable& table,
                                      const Thresholds& thresholds, absl::string_view branch,
                                      int t);
// The metrics the classes above read (incl. every drift metric).
std::vector<std::string> ClassMetrics();

}  // namespace aimc::experiments::anb_paper

#endif  // AIMC_EXPERIMENTS_ANALOGNAS_BENCH_PAPER_PAPER_CLASSES_H_
