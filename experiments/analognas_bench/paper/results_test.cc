#include "experiments/analognas_bench/paper/results.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "analysis/metric_table.h"
#include "experiments/analognas_bench/paper/testing_world.h"
#include "gtest/gtest.h"

namespace aimc::experiments::anb_paper {
namespace {

using testing::MakeWorld;
using testing::World;

// The verdict of the one finding whose claim contains `claim`.
Verdict VerdictOf(const Report& report, const std::string& claim) {
  const Finding* found = nullptr;
  for (const Finding& f : report.findings) {
    if (absl::StrContains(f.claim, claim)) {
      EXPECT_EQ(found, nullptr) << "two findings match " << claim;
      found = &f;
    }
  }
  EXPECT_NE(found, nullptr) << "no finding matches " << claim;
  return found ? found->verdict : Verdict::kNotTestable;
}

class ResultsTest : public ::testing::TestWithParam<World> {
 protected:
  Report Run(const std::string& name) {
    const nas::BenchmarkStore store = MakeWorld(GetParam());
    const auto result = FindPaperResult(name);
    EXPECT_TRUE(result.ok());
    const auto table = analysis::MetricTableFromStore(store, "world", (*result)->metrics);
    EXPECT_TRUE(table.ok());
    const Thresholds th =
        ResolveThresholds(*table, ThresholdMode::kRelative, DropReference::kBranch);
    ResultOptions options;
    options.search.trials = 1;  // table1_nas: keep the test fast
    options.search.budget = 30;
    const absl::StatusOr<Report> report = (*result)->run(*table, th, options);
    EXPECT_TRUE(report.ok()) << report.status();
    return report.ok() ? *report : Report{};
  }
  // kHolds in the paper-like world, kDoesNotHold in the inverted one.
  Verdict Expected() const {
    return GetParam() == World::kPaperLike ? Verdict::kHolds : Verdict::kDoesNotHold;
  }
};

TEST_P(ResultsTest, Fig2Ranking) {
  const Report r = Run("fig2_kendall");
  EXPECT_EQ(VerdictOf(r, "PTQ ranks cells like baseline more than noisy"), Expected());
}

TEST_P(ResultsTest, Fig3OneByOneConvs) {
  const Report r = Run("fig3_4_ops");
  EXPECT_EQ(VerdictOf(r, "robust cells have fewer 1x1 convs"), Expected());
  EXPECT_EQ(VerdictOf(r, "robustness declines with the 1x1 count"), Expected());
}

TEST_P(ResultsTest, Fig6OneByOnePaths) {
  EXPECT_EQ(VerdictOf(Run("fig6_paths"), "(2,3) is more frequent in non-robust"), Expected());
}

TEST_P(ResultsTest, Table3HwtCutsDrift) {
  const Report r = Run("table3_drift");
  EXPECT_EQ(VerdictOf(r, "HWT cuts the drift drop"), Expected());
  EXPECT_EQ(VerdictOf(r, "App. E: noisy thresholds"), Verdict::kNotTestable);  // relative
}

TEST_P(ResultsTest, Fig8NoisyDriftOneByOne) {
  EXPECT_EQ(VerdictOf(Run("fig8_drift_by_op"), "noisy drift: non-robust cells have more 1x1"),
            Expected());
}

TEST_P(ResultsTest, Fig10Sign) {
  EXPECT_EQ(VerdictOf(Run("figs10_15_features"), "op_count_(nor_conv_1x1) < 0"), Expected());
}

TEST_P(ResultsTest, EveryResultRunsAndReports) {
  for (const PaperResult& result : PaperResults()) {
    const Report r = Run(result.name);
    EXPECT_FALSE(r.findings.empty()) << result.name;
    EXPECT_TRUE(absl::StrContains(FormatFindings(r.findings), "finding  ")) << result.name;
  }
}

INSTANTIATE_TEST_SUITE_P(Worlds, ResultsTest,
                         ::testing::Values(World::kPaperLike, World::kInverted));

TEST(RunPaperResultTest, PrintsProvenanceThresholdsAndFindings) {
  const std::string path = std::string(std::getenv("TEST_TMPDIR")) + "/w.bench";
  ASSERT_TRUE(MakeWorld(World::kPaperLike).Save(path).ok());
  ResultOptions options;
  options.data.benchmark_path = path;
  const auto out = RunPaperResult(**FindPaperResult("fig7_hwt_groups"), options);
  ASSERT_TRUE(out.ok()) << out.status();
  for (const char* line : {"# fig7_hwt_groups", "scale: test", "provenance: dataset synthetic",
                           "cells: 3125", "thresholds (--thresholds=relative)", "verdict"}) {
    EXPECT_TRUE(absl::StrContains(*out, line)) << line;
  }
  EXPECT_EQ(FindPaperResult("fig99").status().code(), absl::StatusCode::kInvalidArgument);
}

// A Table-1 row with the given accuracy, AVM, params (K), seed sd and time.
Table1Row Row(const std::string& key, const std::string& mode, double one_day, double avm,
              double params_k, double seed_sd, double seconds) {
  Table1Row r;
  r.key = key;
  r.mode = mode;
  r.baseline = one_day + 3;
  r.one_day = one_day;
  r.avm = avm;
  r.params_k = params_k;
  r.one_day_seed_sd = seed_sd;
  r.seconds = seconds;
  return r;
}

// The paper's own Table 1 (nas_spec §3.0), in the Table-1 protocol.
std::vector<Table1Row> PaperLikeRows() {
  return {Row("exhaustive", "direct", 90.53, 0.79, 802, 0, 0.001),
          Row("random_search", "surrogate", 89.93, 3.71, 802, 0.25, 201),
          Row("generational_ga", "surrogate", 89.34, 0.59, 834, 0.12, 621),
          Row("bayesian_optimization", "surrogate", 82.65, 6.43, 766, 1.54, 764),
          Row("bananas", "direct", 85.97, 5.91, 803, 1.12, 872),
          Row("analognas_evolution", "surrogate", 90.04, 2.13, 567, 0.31, 530)};
}

// BO best and fastest, AnalogNAS worst, large and unstable, RS far behind.
std::vector<Table1Row> InvertedRows() {
  return {Row("exhaustive", "direct", 90.53, 0.79, 802, 0, 0.001),
          Row("random_search", "surrogate", 85.0, 1.0, 802, 0.25, 201),
          Row("generational_ga", "surrogate", 89.34, 0.59, 834, 0.12, 621),
          Row("bayesian_optimization", "surrogate", 90.53, 6.43, 766, 0.1, 100),
          Row("bananas", "direct", 89.5, 5.91, 803, 0.1, 872),
          Row("analognas_evolution", "surrogate", 80.0, 2.13, 900, 3.0, 530)};
}

std::vector<Table1Row> SurrogateRows(const std::vector<Table1Row>& rows) {
  std::vector<Table1Row> out;
  for (const Table1Row& r : rows) {
    if (r.mode == "surrogate") out.push_back(r);
  }
  return out;
}

Verdict VerdictIn(const std::vector<Finding>& findings, const std::string& claim) {
  Report r;
  r.findings = findings;
  return VerdictOf(r, claim);
}

TEST(Table1FindingsTest, ThePapersOwnNumbersHoldEveryFinding) {
  const std::vector<Table1Row> rows = PaperLikeRows();
  const std::vector<Finding> f = Table1Findings(rows, SurrogateRows(rows), false);
  ASSERT_EQ(f.size(), 9u);
  for (const Finding& x : f) EXPECT_EQ(x.verdict, Verdict::kHolds) << x.claim << ": " << x.ours;
}

TEST(Table1FindingsTest, InvertedNumbersFail) {
  const std::vector<Table1Row> rows = InvertedRows();
  const std::vector<Finding> f = Table1Findings(rows, SurrogateRows(rows), false);
  EXPECT_EQ(VerdictIn(f, "exhaustive search returns the best"), Verdict::kHolds);  // tie
  EXPECT_EQ(VerdictIn(f, "random search comes within"), Verdict::kDoesNotHold);
  EXPECT_EQ(VerdictIn(f, "AnalogNAS's AVM is below"), Verdict::kDoesNotHold);
  EXPECT_EQ(VerdictIn(f, "BO and BANANAS return the lowest"), Verdict::kDoesNotHold);
  EXPECT_EQ(VerdictIn(f, "every method searching the surrogate"), Verdict::kDoesNotHold);
  EXPECT_EQ(VerdictIn(f, "AnalogNAS returns the best"), Verdict::kDoesNotHold);
  EXPECT_EQ(VerdictIn(f, "AnalogNAS returns the smallest"), Verdict::kDoesNotHold);
  EXPECT_EQ(VerdictIn(f, "BO and BANANAS vary most"), Verdict::kDoesNotHold);
  EXPECT_EQ(VerdictIn(f, "random search is the fastest"), Verdict::kDoesNotHold);
}

TEST(Table1FindingsTest, DigitalOnlyAndMissingMethodsAreNotTestable) {
  const std::vector<Table1Row> rows = PaperLikeRows();
  const std::vector<Finding> digital = Table1Findings(rows, SurrogateRows(rows), true);
  EXPECT_EQ(VerdictIn(digital, "AnalogNAS's AVM is below"), Verdict::kNotTestable);
  EXPECT_EQ(VerdictIn(digital, "AnalogNAS returns the smallest"), Verdict::kNotTestable);
  EXPECT_EQ(VerdictIn(digital, "random search comes within"), Verdict::kHolds);  // baseline
  const std::vector<Table1Row> only_exhaustive = {rows[0]};
  const std::vector<Finding> f = Table1Findings(only_exhaustive, {}, false);
  for (const Finding& x : f) EXPECT_EQ(x.verdict, Verdict::kNotTestable) << x.claim;
}

// End to end on the synthetic world (every 5th cell covered): exhaustive finds
// the best covered cell, and the restricted space is stated.
TEST(Table1NasTest, RunsOnARestrictedWorld) {
  const nas::BenchmarkStore store = MakeWorld(World::kPaperLike);
  const PaperResult& result = **FindPaperResult("table1_nas");
  const auto table = analysis::MetricTableFromStore(store, "world", result.metrics);
  ASSERT_TRUE(table.ok()) << table.status();
  ResultOptions options;
  options.search.algorithms = {"exhaustive", "random_search", "analognas_evolution"};
  options.search.trials = 2;
  options.search.budget = 40;
  const absl::StatusOr<Report> report = result.run(*table, Thresholds{}, options);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_TRUE(absl::StrContains(report->text, "the data covers 3125 of 15625 cells"));
  EXPECT_TRUE(absl::StrContains(report->text, "n/a (no code)"));
  EXPECT_TRUE(absl::StrContains(report->text, "not run (--algorithms)"));
  EXPECT_EQ(VerdictOf(*report, "exhaustive search returns the best"), Verdict::kHolds);
  EXPECT_EQ(VerdictOf(*report, "BO and BANANAS return the lowest"), Verdict::kNotTestable);

  options.search.surrogate_train = 3126;
  EXPECT_EQ(result.run(*table, Thresholds{}, options).status().code(),
            absl::StatusCode::kInvalidArgument);
  options.search.surrogate_train = 900;
  options.search.algorithms = {"simulated_annealing"};
  EXPECT_EQ(result.run(*table, Thresholds{}, options).status().code(),
            absl::StatusCode::kNotFound);
}

TEST(PanelPathTest, InsertsBeforeTheExtension) {
  EXPECT_EQ(PanelPath("/a/f.png", "fig4"), "/a/f_fig4.png");
  EXPECT_EQ(PanelPath("/a.b/f", "x"), "/a.b/f_x");
}

}  // namespace
}  // namespace aimc::experiments::anb_paper
