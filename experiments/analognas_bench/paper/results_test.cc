#include "experiments/analognas_bench/paper/results.h"

#include <string>

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
    const absl::StatusOr<Report> report = (*result)->run(*table, th, ResultOptions{});
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

TEST(PanelPathTest, InsertsBeforeTheExtension) {
  EXPECT_EQ(PanelPath("/a/f.png", "fig4"), "/a/f_fig4.png");
  EXPECT_EQ(PanelPath("/a.b/f", "x"), "/a.b/f_x");
}

}  // namespace
}  // namespace aimc::experiments::anb_paper
