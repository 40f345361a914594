#include "experiments/analognas_bench/zero_cost/zero_cost_lib.h"

#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "analysis/zero_cost_robustness.h"
#include "common/file.h"
#include "gtest/gtest.h"
#include "nas/benchmark.pb.h"
#include "nas/benchmark_store.h"
#include "nas/cell.h"
#include "nas/cell_graph.h"

namespace aimc::experiments::zero_cost {
namespace {

const MethodResult& Row(const ZeroCostReport& r, absl::string_view method, int labels) {
  for (const MethodResult& row : r.rows) {
    if (row.method == method && row.labels == labels) return row;
  }
  ADD_FAILURE() << "no row " << method << " " << labels;
  static const MethodResult* const empty = new MethodResult;
  return *empty;
}

double Mean(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s / v.size();
}

// 300 classes (every 5th in order of their lowest member) with drop = 3 x the
// live conv count + a small deterministic jitter; the first class is fanned out
// to all its members, as a merged benchmark does.
nas::BenchmarkStore SyntheticStore() {
  std::map<std::string, std::vector<nas::Cell>> members;
  std::vector<std::string> order;
  for (const nas::Cell& cell : nas::AllCells()) {
    auto [it, inserted] = members.try_emplace(nas::IsomorphismKey(cell));
    if (inserted) order.push_back(it->first);
    it->second.push_back(cell);
  }
  nas::BenchmarkStore store;
  store.mutable_provenance()->set_scale("synthetic");
  for (int c = 0; c < 300; ++c) {
    const std::vector<nas::Cell>& cells = members[order[5 * c]];
    const nas::Cell& rep = cells[0];
    const double drop = 3 * analysis::ProxyScore(analysis::RobustnessProxy::kLiveConvCount, rep) +
                        0.1 * (rep.LexIndex() % 7);
    for (size_t m = 0; m < (c == 0 ? cells.size() : 1); ++m) {
      nas::ArchRecord r;
      for (int code : cells[m].Codes()) r.add_ops(code);
      r.set_analog_accuracy(70);
      nas::DriftMetric* d = r.add_analog_drift();
      d->set_time_s(2592000);
      d->set_mean(70 - drop);
      EXPECT_TRUE(store.Add(r).ok());
    }
  }
  return store;
}

TEST(ZeroCostLibTest, TargetsAndOptions) {
  const DropTarget t = *ParseDropTarget("noisy_1d");
  EXPECT_EQ(t.reference, "noisy_accuracy");
  EXPECT_EQ(t.degraded, "noisy_drift_86400");
  EXPECT_EQ(ParseDropTarget("noise")->reference, "baseline_accuracy");
  EXPECT_TRUE(absl::StrContains(ParseDropTarget("analog_2d").status().message(),
                                "--target: unknown 'analog_2d' (expected one of analog_60s,"));
  ZeroCostOptions o;
  EXPECT_TRUE(Validate(o).ok());
  o.test_fraction = 1;
  EXPECT_EQ(Validate(o).message(), "--test_fraction: must be in (0, 1), got 1");
  o = {};
  o.train_sizes = {1};
  EXPECT_EQ(Validate(o).message(), "--train_sizes: each must be >= 2, got 1");
  EXPECT_EQ(DefaultBenchmarkPath("/ws"),
            "/ws/experiments/analognas_bench/benchmarks/tiny_stratified1000.bench");
}

TEST(ZeroCostLibTest, PlantedProxyWinsAndSurrogatesLearn) {
  const nas::BenchmarkStore store = SyntheticStore();
  ZeroCostOptions o;
  o.num_seeds = 3;
  const auto report = EvaluateZeroCost(store, "synthetic", o);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->num_classes, 300);
  EXPECT_EQ(report->num_test, 90);
  EXPECT_EQ(report->num_pool, 210);
  EXPECT_EQ(report->train_sizes, (std::vector<int>{25, 50, 100, 200, 210}));
  EXPECT_TRUE(absl::StrContains(report->header, "every member agrees")) << report->header;
  EXPECT_TRUE(absl::StrContains(report->header, "N = 500, 900 capped at the pool size"));
  // Chance: k / n exactly (k = 5, 9, 18 of 90).
  const MethodResult& chance = Row(*report, "chance", 0);
  EXPECT_DOUBLE_EQ(chance.precision[0][0], 5.0 / 90);
  EXPECT_DOUBLE_EQ(chance.precision[2][2], 18.0 / 90);
  // The planted proxy ranks the groups perfectly (tau-b < 1 only because its
  // ties are broken by the jitter); the selection finds it.
  const MethodResult& planted = Row(*report, "proxy live_conv_count", 0);
  ASSERT_EQ(planted.tau.size(), 3);
  EXPECT_GT(Mean(planted.tau), 0.85);
  EXPECT_GT(Mean(planted.precision[2]), 0.85);
  EXPECT_EQ(Row(*report, "selected proxy (pool labels)", 200).tau, planted.tau);
  // The surrogates learn the planted drop from the pool labels.
  EXPECT_GT(Mean(Row(*report, "xgboost GRAF (191)", 210).tau), 0.7);
  EXPECT_GT(Mean(Row(*report, "xgboost one-hot (30)", 210).tau), 0.5);
  EXPECT_TRUE(absl::StrContains(report->text, "best fixed proxy in hindsight")) << report->text;
  // Deterministic.
  EXPECT_EQ(EvaluateZeroCost(store, "synthetic", o)->text, report->text);
}

TEST(ZeroCostLibTest, Errors) {
  const std::string missing = absl::StrCat(std::getenv("TEST_TMPDIR"), "/none.bench");
  const absl::Status s = RunZeroCost(missing, missing, {}).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(absl::StrContains(s.message(), "bazel run //experiments/analognas_bench:merge")) << s;
  EXPECT_FALSE(absl::StrContains(RunZeroCost(missing, "", {}).status().message(), "merge"));
  nas::BenchmarkStore tiny;
  nas::ArchRecord r;
  for (int code : nas::AllCells()[0].Codes()) r.add_ops(code);
  r.set_analog_accuracy(70);
  ASSERT_TRUE(tiny.Add(r).ok());
  EXPECT_TRUE(absl::StrContains(EvaluateZeroCost(tiny, "tiny", {}).status().message(),
                                "tiny: 0 isomorphism classes with analog_accuracy and "
                                "analog_drift_2592000; need >= 4"));
}

}  // namespace
}  // namespace aimc::experiments::zero_cost
