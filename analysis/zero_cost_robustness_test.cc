#include "analysis/zero_cost_robustness.h"

#include <cmath>
#include <string>
#include <vector>

#include "common/correlation.h"
#include "gtest/gtest.h"
#include "nas/cell.h"

namespace aimc::analysis {
namespace {

using P = RobustnessProxy;

nas::Cell C(absl::string_view tuple) { return *nas::ParseCellTuple(tuple); }

// Every proxy, in enum order, on one cell.
std::vector<double> AllScores(absl::string_view tuple) {
  std::vector<double> scores;
  for (const RobustnessProxyInfo& info : RobustnessProxies()) {
    scores.push_back(ProxyScore(info.proxy, C(tuple)));
  }
  return scores;
}

TEST(ZeroCostRobustnessTest, NamesAndOrder) {
  ASSERT_EQ(RobustnessProxies().size(), 10);
  for (int i = 0; i < static_cast<int>(RobustnessProxies().size()); ++i) {
    const RobustnessProxyInfo& info = RobustnessProxies()[i];
    EXPECT_EQ(static_cast<int>(info.proxy), i) << info.name;
    EXPECT_EQ(*ParseRobustnessProxy(info.name), info.proxy);
    EXPECT_FALSE(info.formula.empty());
    EXPECT_FALSE(info.source.empty());
  }
  EXPECT_EQ(RobustnessProxies()[0].name, "conv_count");
  const absl::Status bad = ParseRobustnessProxy("snip").status();
  EXPECT_EQ(bad.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bad.message().find("'snip' (expected one of conv_count, conv_chain,"),
            std::string::npos)
      << bad;
}

// Order of each vector: conv_count, conv_chain, no_clean_path, conv1x1_count,
// paper_drift_profile, live_conv_count, deepest_open_path_convs,
// mean_open_path_convs, analog_minus_clean_paths, param_count (M).
TEST(ZeroCostRobustnessTest, AllSkip) {
  // Four open paths, none with a conv; the 73,306-parameter minimum (§1.5).
  EXPECT_EQ(AllScores("(0,0,0,0,0,0)"),
            (std::vector<double>{0, 0, 0, 0, -6, 0, 0, 0, -4, 0.073306}));
}

TEST(ZeroCostRobustnessTest, AllConv3x3) {
  // Path conv counts 1, 2, 2, 3 (mean 2); no parameter-free path; 1,531,546 params.
  EXPECT_EQ(AllScores("(2,2,2,2,2,2)"),
            (std::vector<double>{6, 3, 1, 0, -6, 6, 3, 2, 4, 1.531546}));
}

TEST(ZeroCostRobustnessTest, AllNone) {
  // Disconnected: no open path, so no clean one either; nothing reaches the output.
  EXPECT_EQ(AllScores("(1,1,1,1,1,1)"), (std::vector<double>{0, 0, 1, 0, 0, 0, 0, 0, 0, 0.073306}));
}

TEST(ZeroCostRobustnessTest, ReadmeExample) {
  // (0,0,0,4,3,2): t2 = skip is a clean path [2]; [0,4] = skip,1x1, [1,5] =
  // skip,3x3, [0,3,5] = skip,pool,3x3 carry one conv each; no all-conv path.
  EXPECT_EQ(AllScores("(0,0,0,4,3,2)"),
            (std::vector<double>{2, 0, 0, 1, -4, 2, 1, 0.75, 2, 0.344346}));
}

TEST(ZeroCostRobustnessTest, ClosedPathAndAllConvEdge) {
  // (4,0,3,1,4,3): [2] = 1x1 (an all-conv path of 1 edge), [0,4] = pool,pool
  // (clean), [1,5] = skip,1x1, [0,3,5] closed by t3 = none. 73,306 + 2 * 28,000.
  const std::vector<double> s = AllScores("(4,0,3,1,4,3)");
  EXPECT_EQ(s[0], 2);
  EXPECT_EQ(s[1], 1);
  EXPECT_EQ(s[2], 0);
  EXPECT_EQ(s[3], 2);
  EXPECT_EQ(s[4], -1);
  EXPECT_EQ(s[5], 2);
  EXPECT_EQ(s[6], 1);
  EXPECT_DOUBLE_EQ(s[7], 2.0 / 3.0);
  EXPECT_EQ(s[8], 1);
  EXPECT_DOUBLE_EQ(s[9], 0.129306);
}

TEST(ZeroCostRobustnessTest, DeadConvCountsOnlyInGrafCounts) {
  // (1,2,1,2,1,2): only [1,5] = 3x3,3x3 is open; the 3x3 at t3 lies on the
  // closed [0,3,5] alone, so it is dead.
  const nas::Cell cell = C("(1,2,1,2,1,2)");
  EXPECT_EQ(ProxyScore(P::kConvCount, cell), 3);
  EXPECT_EQ(ProxyScore(P::kLiveConvCount, cell), 2);
  EXPECT_EQ(ProxyScore(P::kConvChain, cell), 2);
  EXPECT_EQ(ProxyScore(P::kDeepestOpenPathConvs, cell), 2);
  EXPECT_EQ(ProxyScore(P::kMeanOpenPathConvs, cell), 2);
  EXPECT_EQ(ProxyScore(P::kAnalogMinusCleanPaths, cell), 1);
  EXPECT_EQ(ProxyScore(P::kNoCleanPath, cell), 1);
  EXPECT_EQ(ProxyScores(P::kConvCount, {cell, C("(0,0,0,0,0,0)")}), (std::vector<double>{3, 0}));
}

TEST(ZeroCostRobustnessTest, TopKCount) {
  EXPECT_EQ(TopKCount(300, 0.05), 15);
  EXPECT_EQ(TopKCount(250, 0.05), 13);  // 12.5 rounds away from zero
  EXPECT_EQ(TopKCount(10, 0.01), 1);
  EXPECT_EQ(TopKCount(3, 1.0), 3);
}

TEST(ZeroCostRobustnessTest, TopKPrecisionHandCases) {
  const std::vector<double> truth = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  const std::vector<double> reversed = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
  EXPECT_EQ(TopKPrecision(truth, truth, 0.2), 1.0);
  EXPECT_EQ(TopKPrecision(reversed, truth, 0.2), 0.0);
  EXPECT_EQ(TopKPrecision(reversed, truth, 0.5), 0.0);
  // Only the scale matters, not the values: a monotone transform is perfect.
  EXPECT_EQ(TopKPrecision({-5, 0, 1, 7, 8, 20, 21, 30, 31, 99}, truth, 0.3), 1.0);
  // k = 3 of 10; the predictor's top 3 are items 0, 1 and 9: 2 of 3 right.
  EXPECT_DOUBLE_EQ(TopKPrecision({1, 2, 9, 9, 9, 9, 9, 9, 9, 0}, truth, 0.3), 2.0 / 3.0);
  // A constant predictor is exactly chance, k / n.
  EXPECT_DOUBLE_EQ(TopKPrecision(std::vector<double>(10, 4.2), truth, 0.3), 0.3);
  // A tie at the cut: items 0 and 1 share the one slot (each 1/2); truth's best is item 0.
  EXPECT_DOUBLE_EQ(TopKPrecision({0, 0, 1, 1}, {0, 1, 2, 3}, 0.25), 0.5);
  // Ties in the truth too: truth's slot is shared by items 2 and 3.
  EXPECT_DOUBLE_EQ(TopKPrecision({5, 6, 0, 7}, {3, 3, 1, 1}, 0.25), 0.5);
}

TEST(ZeroCostRobustnessTest, KendallOfAProxyByHand) {
  // conv_count on four cells: 0, 2, 2, 6; drops 1, 3, 2, 5. Pairs: 5
  // concordant, 0 discordant, 1 tied in the proxy only:
  // tau-b = 5 / sqrt((6 - 1) * 6) = 0.9128709...
  const std::vector<nas::Cell> cells = {C("(0,0,0,0,0,0)"), C("(0,0,0,4,3,2)"), C("(4,0,3,1,4,3)"),
                                        C("(2,2,2,2,2,2)")};
  const std::vector<double> scores = ProxyScores(P::kConvCount, cells);
  EXPECT_EQ(scores, (std::vector<double>{0, 2, 2, 6}));
  EXPECT_NEAR(KendallTauB(scores, {1, 3, 2, 5}), 5 / std::sqrt(30.0), 1e-12);
}

}  // namespace
}  // namespace aimc::analysis
