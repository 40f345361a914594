// Robust / non-robust classes of cells and what distinguishes them (paper
// §3.2-3.4, Figs. 3, 4, 6; ../shared/docs/nas_spec.md §2.6): classification by
// a threshold on a metric or on the drop between two metrics, the paper's
// named classes, op percentages and op-count distributions per class, the most
// frequent op sequences along the 1-, 2- and 3-edge input->output paths, and
// distribution statistics of a drop. Units: accuracies and drops in
// percentage points; percentages in %. NamedClass* and ParseThreshold return
// a Status; the rest is total. Thread-safe: pure functions.
#ifndef AIMC_ANALYSIS_ROBUSTNESS_CLASSES_H_
#define AIMC_ANALYSIS_ROBUSTNESS_CLASSES_H_

#include <array>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "analysis/metric_table.h"
#include "nas/cell.h"

namespace aimc::analysis {

inline constexpr int kExcluded = -1;

struct Classification {
  std::vector<std::string> class_names;  // e.g. {"robust", "non_robust"}
  std::vector<int> labels;               // per row: index into class_names, or kExcluded
  std::string rule;                      // how the classes were made, for the report
};

// Rows per class, in class order (excluded rows not counted).
std::vector<int> ClassCounts(const Classification& classes);

// robust <=> value >= threshold; NaN rows are excluded.
Classification ClassifyByThreshold(absl::Span<const double> values, double threshold,
                                   absl::string_view metric_name);

// drop = reference - value (percentage points, per row; NaN if either is).
// REQUIRES: equal sizes.
std::vector<double> Drops(absl::Span<const double> reference, absl::Span<const double> value);
// robust <=> drop <= threshold; NaN drops are excluded.
Classification ClassifyByDrop(absl::Span<const double> drops, double threshold,
                              absl::string_view drop_name);

// A threshold: a number, or a quantile of the (non-NaN) values: q25 (the
// paper's §3.2 rule), median, q75, or qNN for any NN in 0..100.
// InvalidArgument otherwise.
absl::StatusOr<double> ParseThreshold(absl::string_view text, absl::Span<const double> values);

// The paper's named classes (nas_spec.md §2.6), by name:
//   noisy_robustness      §3.2: rows with baseline_accuracy >= 90; drop =
//                         baseline - noisy; robust <=> drop <= its q25.
//   noise_classes         §3.3: naturally_robust (noisy >= 70), moderate
//                         (20 <= noisy < 70), non_robust (noisy < 20).
//   high_analog_accuracy  §3.3: high (analog >= 80) / not_high.
//   drift_noisy_T, drift_analog_T (T = 60, 3600, 86400, 2592000 s) §3.4: rows
//                         with baseline >= 80 and noisy >= 70; drop = static
//                         accuracy of the branch (noisy_accuracy or
//                         analog_accuracy; the paper does not say, §2.6) -
//                         <branch>_drift_T; robust <=> drop <= 5/10/16/25
//                         (noisy) or 2.5/3.5/4.5/7 (analog).
std::vector<std::string> NamedClassSets();
// The benchmark metrics a named class set reads. InvalidArgument (listing the
// names) for an unknown set.
absl::StatusOr<std::vector<std::string>> NamedClassMetrics(absl::string_view name);
// The classes of every row of `table`. InvalidArgument for an unknown set or a
// table lacking a metric the set reads.
absl::StatusOr<Classification> NamedClasses(const MetricTable& table, absl::string_view name);

// op_percent[class][op code]: 100 x (edges carrying the op) / (6 x cells of
// the class) (Fig. 3). REQUIRES: cells.size() == classes.labels.size().
std::vector<std::array<double, nas::kNumOps>> OpPercentages(absl::Span<const nas::Cell> cells,
                                                            const Classification& classes);

// distribution[class][op code][k]: % of the class's cells with exactly k edges
// carrying the op, k = 0..6 (Fig. 4).
using OpCountDistribution = std::array<std::array<double, nas::kNumEdges + 1>, nas::kNumOps>;
std::vector<OpCountDistribution> OpCountDistributions(absl::Span<const nas::Cell> cells,
                                                      const Classification& classes);

struct PathFrequency {
  std::vector<nas::Op> ops;  // input side first
  int count = 0;             // occurrences among the class's paths of this length
  double percent = 0;        // of the class's paths of this length
};
// Per class, the `top` most frequent op sequences along the structural
// input->output paths with `length` edges (1: [t2]; 2: [t0,t4], [t1,t5]; 3:
// [t0,t3,t5]; sequences through `none` included, §2.6), most frequent first,
// ties by op codes ascending (Fig. 6). REQUIRES: 1 <= length <= 3, top >= 1.
std::vector<std::vector<PathFrequency>> TopPaths(absl::Span<const nas::Cell> cells,
                                                 const Classification& classes, int length,
                                                 int top);
// "(nor_conv_3x3,skip_connect)" and the paper's code form "(2,0)" / "(1,)".
std::string PathName(absl::Span<const nas::Op> ops);
std::string PathCodes(absl::Span<const nas::Op> ops);

// pandas describe(): NaN dropped; std is the sample std (n - 1); quartiles by
// linear interpolation between order statistics (numpy's default). All NaN
// (and std NaN for n < 2) when no value remains.
struct DistributionStats {
  int n = 0;
  double mean, std, min, q25, median, q75, max;
};
DistributionStats Describe(absl::Span<const double> values);
// The q-quantile (0 <= q <= 1) of ascending `sorted`, interpolated linearly.
// REQUIRES: sorted non-empty, no NaN.
double Quantile(absl::Span<const double> sorted, double q);

}  // namespace aimc::analysis

#endif  // AIMC_ANALYSIS_ROBUSTNESS_CLASSES_H_
