// The library of `bazel run //analysis:feature_correlations` (the paper's
// Figs. 10-11 style): the correlation of each of the 191 graph features
// (analysis/graph_features.h) with a target metric, ranked by |value|.
// Output: a top-N text table, a long CSV `target,method,rank,feature,value,n`
// of all 191, an optional bar chart of the top N and an optional cells x 191
// feature table. The paper does not say which coefficient its figures use
// (nas_spec.md §2.6); every output names the method. InvalidArgument for bad
// options or anything the loader rejects. Thread-compatible.
#ifndef AIMC_ANALYSIS_FEATURE_CORRELATIONS_LIB_H_
#define AIMC_ANALYSIS_FEATURE_CORRELATIONS_LIB_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "common/correlation.h"
#include "analysis/internal/tool_support.h"
#include "nas/cell.h"

namespace aimc::analysis {

struct FeatureCorrelation {
  int feature = 0;  // index into GraphFeatureInfos()
  CorrelationValue correlation;
};

// One entry per feature, in feature order: the correlation of the feature
// with `target` over the rows where the target is not NaN (a feature constant
// over them gives NaN). REQUIRES: cells.size() == target.size().
std::vector<FeatureCorrelation> CorrelateFeatures(absl::Span<const nas::Cell> cells,
                                                  absl::Span<const double> target,
                                                  CorrelationMethod method);

// By |value| descending, NaN last, ties in feature order.
void RankByMagnitude(std::vector<FeatureCorrelation>& correlations);

struct FeatureCorrelationsOptions {
  DataOptions data;
  std::string target;  // a column, stored metric or graph feature
  CorrelationMethod method = CorrelationMethod::kSpearman;
  int top = 20;  // rows of the text table and bars of the chart, >= 1
  // node_degree_*_avg_out always equals _avg_in on NB201 (§2.3); the top-N
  // list skips it unless this is true. The CSV always holds all 191.
  bool include_avg_out = false;
  std::string out_csv;       // empty = no file
  std::string plot;          // top-N bar chart (.png/.svg); empty = none
  std::string features_out;  // CSV arch + the 191 features per row; empty = none
};

absl::StatusOr<ToolOutput> RunFeatureCorrelations(const FeatureCorrelationsOptions& options);

}  // namespace aimc::analysis

#endif  // AIMC_ANALYSIS_FEATURE_CORRELATIONS_LIB_H_
