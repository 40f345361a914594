#include "analysis/zero_cost_robustness.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "analysis/graph_features.h"
#include "common/status_macros.h"
#include "nas/cell_graph.h"

namespace aimc::analysis {
namespace {

using nas::Op;

// The GRAF features the proxies read, resolved by name once.
struct FeatureIndex {
  int conv3 = 0, conv1 = 0, skip = 0, conv_chain = 0, clean_min_path = 0;
};

const FeatureIndex& Features() {
  static const FeatureIndex* const index = [] {
    auto find = [](absl::string_view name) {
      const absl::StatusOr<int> i = FindGraphFeature(name);
      AIMC_CHECK(i.ok());
      return *i;
    };
    return new FeatureIndex{
        .conv3 = find("op_count_(nor_conv_3x3)"),
        .conv1 = find("op_count_(nor_conv_1x1)"),
        .skip = find("op_count_(skip_connect)"),
        .conv_chain = find("max_op_on_path_(nor_conv_3x3,nor_conv_1x1)"),
        .clean_min_path = find("min_path_len_(skip_connect,avg_pool_3x3)"),
    };
  }();
  return *index;
}

bool IsConv(Op op) { return op == Op::kNorConv3x3 || op == Op::kNorConv1x1; }

// Conv counts of the open paths, in path order.
std::vector<int> OpenPathConvs(const nas::Cell& cell) {
  std::vector<int> convs;
  for (int p = 0; p < nas::kNumPaths; ++p) {
    if (!nas::IsPathOpen(cell, p)) continue;
    int n = 0;
    for (int position : nas::PathPositions(p)) n += IsConv(cell.op(position)) ? 1 : 0;
    convs.push_back(n);
  }
  return convs;
}

// Inclusion probability of each item in the k lowest values, ties at the cut
// shared uniformly (the marginal of a uniformly random tie-break).
std::vector<double> LowestKMembership(absl::Span<const double> values, int k) {
  const int n = static_cast<int>(values.size());
  std::vector<double> sorted(values.begin(), values.end());
  std::nth_element(sorted.begin(), sorted.begin() + (k - 1), sorted.end());
  const double cut = sorted[k - 1];
  int below = 0, at = 0;
  for (double v : values) {
    below += v < cut ? 1 : 0;
    at += v == cut ? 1 : 0;
  }
  const double share = static_cast<double>(k - below) / at;
  std::vector<double> m(n, 0.0);
  for (int i = 0; i < n; ++i) m[i] = values[i] < cut ? 1.0 : values[i] == cut ? share : 0.0;
  return m;
}

}  // namespace

absl::Span<const RobustnessProxyInfo> RobustnessProxies() {
  static const auto* const infos = new std::vector<RobustnessProxyInfo>{
      {RobustnessProxy::kConvCount, "conv_count",
       "op_count_(nor_conv_3x3) + op_count_(nor_conv_1x1)", "physics"},
      {RobustnessProxy::kConvChain, "conv_chain", "max_op_on_path_(nor_conv_3x3,nor_conv_1x1)",
       "physics"},
      {RobustnessProxy::kNoCleanPath, "no_clean_path",
       "[min_path_len_(skip_connect,avg_pool_3x3) = 6]", "physics"},
      {RobustnessProxy::kConv1x1Count, "conv1x1_count", "op_count_(nor_conv_1x1)",
       "paper Figs. 3, 8, 10"},
      {RobustnessProxy::kPaperDriftProfile, "paper_drift_profile",
       "-(op_count_(skip_connect) + op_count_(nor_conv_3x3))", "paper Fig. 8"},
      {RobustnessProxy::kLiveConvCount, "live_conv_count",
       "convs on >= 1 open path (after zero-branch pruning)", "physics"},
      {RobustnessProxy::kDeepestOpenPathConvs, "deepest_open_path_convs",
       "max over open paths of its convs", "physics"},
      {RobustnessProxy::kMeanOpenPathConvs, "mean_open_path_convs",
       "mean over open paths of its convs", "physics"},
      {RobustnessProxy::kAnalogMinusCleanPaths, "analog_minus_clean_paths",
       "#open paths with a conv - #open paths without", "physics"},
      {RobustnessProxy::kParamCount, "param_count", "nas::ParamCount / 1e6", "zero-cost baseline"},
  };
  return *infos;
}

absl::StatusOr<RobustnessProxy> ParseRobustnessProxy(absl::string_view name) {
  std::vector<std::string> names;
  for (const RobustnessProxyInfo& info : RobustnessProxies()) {
    if (info.name == name) return info.proxy;
    names.push_back(info.name);
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown robustness proxy '", name, "' (expected one of ", absl::StrJoin(names, ", "), ")"));
}

double ProxyScore(RobustnessProxy proxy, const nas::Cell& cell) {
  switch (proxy) {
    case RobustnessProxy::kConvCount:
    case RobustnessProxy::kConvChain:
    case RobustnessProxy::kNoCleanPath:
    case RobustnessProxy::kConv1x1Count:
    case RobustnessProxy::kPaperDriftProfile: {
      const GraphFeatureVector f = ComputeGraphFeatures(cell);
      const FeatureIndex& i = Features();
      switch (proxy) {
        case RobustnessProxy::kConvCount:
          return f[i.conv3] + f[i.conv1];
        case RobustnessProxy::kConvChain:
          return f[i.conv_chain];
        case RobustnessProxy::kNoCleanPath:
          return f[i.clean_min_path] == 6 ? 1.0 : 0.0;
        case RobustnessProxy::kConv1x1Count:
          return f[i.conv1];
        default:
          return -(f[i.skip] + f[i.conv3]);
      }
    }
    case RobustnessProxy::kLiveConvCount: {
      const nas::Cell pruned = nas::PruneZeroBranches(cell);
      return pruned.CountOp(Op::kNorConv3x3) + pruned.CountOp(Op::kNorConv1x1);
    }
    case RobustnessProxy::kDeepestOpenPathConvs: {
      const std::vector<int> convs = OpenPathConvs(cell);
      return convs.empty() ? 0.0 : *std::max_element(convs.begin(), convs.end());
    }
    case RobustnessProxy::kMeanOpenPathConvs: {
      const std::vector<int> convs = OpenPathConvs(cell);
      if (convs.empty()) return 0.0;
      return static_cast<double>(std::accumulate(convs.begin(), convs.end(), 0)) /
             static_cast<double>(convs.size());
    }
    case RobustnessProxy::kAnalogMinusCleanPaths: {
      double score = 0;
      for (int n : OpenPathConvs(cell)) score += n > 0 ? 1.0 : -1.0;
      return score;
    }
    case RobustnessProxy::kParamCount:
      return static_cast<double>(nas::ParamCount(cell)) / 1e6;
  }
  AIMC_CHECK(false);
  return 0;
}

std::vector<double> ProxyScores(RobustnessProxy proxy, absl::Span<const nas::Cell> cells) {
  std::vector<double> scores;
  scores.reserve(cells.size());
  for (const nas::Cell& cell : cells) scores.push_back(ProxyScore(proxy, cell));
  return scores;
}

int TopKCount(int n, double fraction) {
  AIMC_CHECK(n >= 1 && fraction > 0 && fraction <= 1);
  const int k = static_cast<int>(std::lround(fraction * n));
  return std::clamp(k, 1, n);
}

double TopKPrecision(absl::Span<const double> predicted, absl::Span<const double> truth,
                     double fraction) {
  AIMC_CHECK(predicted.size() == truth.size() && !truth.empty());
  for (size_t i = 0; i < truth.size(); ++i) {
    AIMC_CHECK(!std::isnan(predicted[i]) && !std::isnan(truth[i]));
  }
  const int k = TopKCount(static_cast<int>(truth.size()), fraction);
  const std::vector<double> p = LowestKMembership(predicted, k);
  const std::vector<double> t = LowestKMembership(truth, k);
  double overlap = 0;
  for (size_t i = 0; i < p.size(); ++i) overlap += p[i] * t[i];
  return overlap / k;
}

}  // namespace aimc::analysis
