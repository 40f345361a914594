// The library of `bazel run //analysis:robustness` (the paper's Figs. 3, 4, 6
// and its drop statistics): classes of cells by a threshold on a metric
// (robust <=> metric >= threshold), on a drop (robust <=> reference - metric
// <= threshold) or by a named class set of nas_spec.md §2.6, then per class
// the op percentages, op-count distributions and most frequent 1-, 2- and
// 3-edge paths, and the distribution statistics of the drop (or metric).
// Output: text tables, a long CSV `table,class,item,quantity,value`, and an
// op-percentage bar chart. InvalidArgument for bad options or anything the
// loader rejects. Thread-compatible.
#ifndef AIMC_ANALYSIS_ROBUSTNESS_LIB_H_
#define AIMC_ANALYSIS_ROBUSTNESS_LIB_H_

#include <string>

#include "absl/status/statusor.h"
#include "analysis/internal/tool_support.h"

namespace aimc::analysis {

struct RobustnessOptions {
  DataOptions data;
  // Threshold mode: `metric` and `threshold` (a number, median or qNN of the
  // classified values, robustness.h ParseThreshold); with `reference` (a
  // metric name, or a number such as the best accuracy) the drop
  // reference - metric is classified instead. Named mode: `classes` (e.g.
  // noise_classes); `metric`/`reference` then only feed the statistics.
  std::string metric;
  std::string reference;
  std::string threshold;
  std::string classes;
  int top_paths = 5;    // paths listed per class and length, >= 1
  std::string out_csv;  // empty = no file
  std::string plot;     // op-percentage bar chart (.png/.svg); empty = none
};

absl::StatusOr<ToolOutput> RunRobustness(const RobustnessOptions& options);

}  // namespace aimc::analysis

#endif  // AIMC_ANALYSIS_ROBUSTNESS_LIB_H_
