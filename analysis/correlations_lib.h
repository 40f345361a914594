// The library of `bazel run //analysis:correlations`: Kendall tau-b, Spearman
// and Pearson matrices between named metrics of a CSV or benchmark file
// (common/correlation.h; pairwise-complete), as text tables, a long CSV
// `method,metric_x,metric_y,value,n` (every ordered pair, diagonal included)
// and a heatmap per method. Returns InvalidArgument for fewer than two
// metrics, an unknown method, or anything the loader rejects. Thread-compatible.
#ifndef AIMC_ANALYSIS_CORRELATIONS_LIB_H_
#define AIMC_ANALYSIS_CORRELATIONS_LIB_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/correlation.h"
#include "analysis/internal/tool_support.h"

namespace aimc::analysis {

struct CorrelationsOptions {
  DataOptions data;
  std::vector<std::string> metrics;  // >= 2: columns, stored metrics or graph features
  // Default all three; each gets its own table.
  std::vector<CorrelationMethod> methods = {
      CorrelationMethod::kKendall, CorrelationMethod::kSpearman, CorrelationMethod::kPearson};
  std::string out_csv;  // empty = no file
  // A heatmap of the first method's matrix (.png or .svg); empty = none.
  std::string plot;
};

absl::StatusOr<ToolOutput> RunCorrelations(const CorrelationsOptions& options);

}  // namespace aimc::analysis

#endif  // AIMC_ANALYSIS_CORRELATIONS_LIB_H_
