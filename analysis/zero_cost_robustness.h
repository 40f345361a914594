// Zero-cost robustness proxies (AnalogNAS-Bench's future work, issue 12): fixed,
// training-free formulas of an NB201 cell's graph (mostly its GRAF features,
// analysis/graph_features.h, ../shared/docs/nas_spec.md §2) that predict how
// much accuracy a cell loses on analog hardware, e.g. analog_accuracy -
// analog_drift_2592000. Each score is dimensionless; HIGHER = larger predicted
// drop (less robust), so the predicted most robust cells have the lowest
// scores. Formulas and signs were fixed before looking at any benchmark cell,
// from physics or the paper's published findings (the `source` of each). Plus
// top-k precision, the ranking metric the driver reports beside Kendall tau-b
// (common/correlation.h). No call returns a Status. Thread-safe: pure functions.
#ifndef AIMC_ANALYSIS_ZERO_COST_ROBUSTNESS_H_
#define AIMC_ANALYSIS_ZERO_COST_ROBUSTNESS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "nas/cell.h"

namespace aimc::analysis {

// "Conv" = nor_conv_3x3 or nor_conv_1x1: the only cell ops with weights, so the
// only ones mapped to crossbars (analog MVMs whose conductances carry
// programming noise and drift). Skip and avg pool are parameter-free and run
// digitally; none passes nothing. An "open" path is one of the 4 input->output
// paths (nas/cell_graph.h) with no `none` edge.
enum class RobustnessProxy {
  // op_count_(nor_conv_3x3) + op_count_(nor_conv_1x1). Physics: every conv edge is
  // an analog MVM whose drifted weights add error to the cell's sum.
  kConvCount,
  // max_op_on_path_(nor_conv_3x3,nor_conv_1x1) (0..3). Physics: errors compound
  // through analog MVMs in series; this is the longest all-conv input->output chain.
  kConvChain,
  // 1 if min_path_len_(skip_connect,avg_pool_3x3) = 6 (no parameter-free
  // input->output path), else 0. Physics: a skip/pool path delivers a drift-free
  // copy of the input that the noisy conv paths are added to.
  kNoCleanPath,
  // op_count_(nor_conv_1x1). Paper: 1x1 convs mark non-robust cells (Fig. 3: 9.50
  // vs 26.10 % of edges; Fig. 10's top feature; Fig. 8: 1x1 minimal in robust cells).
  kConv1x1Count,
  // -(op_count_(skip_connect) + op_count_(nor_conv_3x3)). Paper Fig. 8 (analog
  // drift): robust cells have more skip and 3x3, non-robust more 1x1, pool and
  // none; with 6 edges that signed op sum is 6 - 2(skip + 3x3), the same ranking.
  kPaperDriftProfile,
  // Conv edges on at least one open path (= the conv count after zero-branch
  // pruning, nas_spec §1.6). Physics: a conv on a dead branch never reaches the
  // output, so its drift cannot matter.
  kLiveConvCount,
  // The most convs on one open path (0 when none is open). Physics: the analog
  // depth of the deepest route the signal takes.
  kDeepestOpenPathConvs,
  // The mean conv count over the open paths (0 when none is open). Physics: the
  // output sums its open paths; each adds error in proportion to its analog
  // depth, and parameter-free paths dilute it.
  kMeanOpenPathConvs,
  // (open paths with >= 1 conv) - (open paths with no conv), -4..4. Physics:
  // analog routes add drift error; parameter-free routes bypass it.
  kAnalogMinusCleanPaths,
  // Trainable parameters of the NB201 network (nas::ParamCount, default macro
  // shape), in millions. The classic zero-cost baseline: more weights, more
  // drifting devices.
  kParamCount,
};

struct RobustnessProxyInfo {
  RobustnessProxy proxy;
  std::string name;     // flag and table name, e.g. "conv_count"
  std::string formula;  // in GRAF feature names where it is one, e.g. "op_count_(...) + ..."
  std::string source;   // "physics" or "paper Fig. N"
};

// Every proxy, in enum order. Static storage duration.
absl::Span<const RobustnessProxyInfo> RobustnessProxies();

// By name; InvalidArgument listing the names otherwise.
absl::StatusOr<RobustnessProxy> ParseRobustnessProxy(absl::string_view name);

// The proxy's score of `cell` (higher = larger predicted drop).
double ProxyScore(RobustnessProxy proxy, const nas::Cell& cell);
// One score per cell, in order.
std::vector<double> ProxyScores(RobustnessProxy proxy, absl::Span<const nas::Cell> cells);

// The k of a top-k fraction of n items: round(fraction * n), at least 1 and
// at most n. REQUIRES: n >= 1, 0 < fraction <= 1.
int TopKCount(int n, double fraction);

// Top-k precision for "lower is better" (the most robust = the lowest drop):
// |P ∩ T| / k, P = the k items with the lowest `predicted`, T = the k items
// with the lowest `truth`, k = TopKCount(n, fraction). Ties at either cut are
// broken uniformly at random, independently, and the EXPECTED precision is
// returned, so a constant predictor scores exactly the chance level k / n.
// Perfect ranking -> 1; reversed ranking -> 0 when 2k <= n (no ties).
// REQUIRES: equal sizes >= 1, no NaN, 0 < fraction <= 1.
double TopKPrecision(absl::Span<const double> predicted, absl::Span<const double> truth,
                     double fraction);

}  // namespace aimc::analysis

#endif  // AIMC_ANALYSIS_ZERO_COST_ROBUSTNESS_H_
