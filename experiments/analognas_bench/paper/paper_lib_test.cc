#include "experiments/analognas_bench/paper/paper_lib.h"

#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "analysis/metric_table.h"
#include "analysis/robustness_classes.h"
#include "common/file.h"
#include "experiments/analognas_bench/paper/paper_classes.h"
#include "experiments/analognas_bench/paper/testing_world.h"
#include "gtest/gtest.h"
#include "nas/benchmark_store.h"

namespace aimc::experiments::anb_paper {
namespace {

using testing::MakeWorld;
using testing::World;

std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return std::string(dir ? dir : "/tmp") + "/" + name;
}

analysis::MetricTable WorldTable(World world, int stride = 5) {
  const nas::BenchmarkStore store = MakeWorld(world, stride);
  return *analysis::MetricTableFromStore(store, "world", AccuracyMetrics());
}

TEST(PaperQuantileTest, InterpolatesThePapersStatistics) {
  // Noisy 70 sits between the median 60.70 and q75 75.39 (§3.1).
  EXPECT_NEAR(PaperQuantile(PaperNoisyKnots(), 70), 0.5 + 0.25 * 9.30 / 14.69, 1e-12);
  // Baseline 90 between q25 87.45 and the median 90.41 (§2).
  EXPECT_NEAR(PaperQuantile(PaperBaselineKnots(), 90), 0.25 + 0.25 * 2.55 / 2.96, 1e-12);
  // 80.19 % of cells above analog 80 (§3.3).
  EXPECT_NEAR(PaperQuantile(PaperAnalogKnots(), 80), 0.1981, 1e-12);
  // Table 3 noisy 60 s: threshold 5 between min 1.90 and q25 9.54.
  EXPECT_NEAR(PaperQuantile(PaperDriftDropKnots("noisy", 0), 5), 0.25 * 3.10 / 7.64, 1e-12);
  EXPECT_EQ(PaperQuantile(PaperNoisyKnots(), -5), 0);
  EXPECT_EQ(PaperQuantile(PaperNoisyKnots(), 500), 1);
}

TEST(ThresholdsTest, PaperModeKeepsThePrintedNumbers) {
  const Thresholds th =
      ResolveThresholds(WorldTable(World::kPaperLike), ThresholdMode::kPaper, DropReference::kBranch);
  EXPECT_EQ(th.subset_baseline.ours, 90);
  EXPECT_EQ(th.natural_noisy.ours, 70);
  EXPECT_EQ(th.noisy_drift_drop[3].ours, 25);
  EXPECT_EQ(th.analog_drift_drop[0].ours, 2.5);
}

TEST(ThresholdsTest, RelativeModeTakesTheSameQuantileOfOurs) {
  const analysis::MetricTable table = WorldTable(World::kPaperLike);
  const Thresholds th = ResolveThresholds(table, ThresholdMode::kRelative, DropReference::kBranch);
  std::vector<double> noisy(Col(table, "noisy_accuracy").begin(),
                            Col(table, "noisy_accuracy").end());
  std::sort(noisy.begin(), noisy.end());
  EXPECT_DOUBLE_EQ(th.natural_noisy.ours,
                   analysis::Quantile(noisy, PaperQuantile(PaperNoisyKnots(), 70)));
  int at_least = 0;
  for (double v : noisy) at_least += v >= th.natural_noisy.ours;
  EXPECT_NEAR(100.0 * at_least / noisy.size(), 100 * (1 - th.natural_noisy.quantile), 1);
}

// With the printed thresholds our classes are analysis::NamedClasses'.
TEST(ClassesTest, PaperModeEqualsAnalysisNamedClasses) {
  const analysis::MetricTable table = WorldTable(World::kPaperLike, 1);
  const Thresholds th = ResolveThresholds(table, ThresholdMode::kPaper, DropReference::kBranch);
  const analysis::Classification ours = NoisyRobustness(table, th);
  const auto theirs = analysis::NamedClasses(table, "noisy_robustness");
  ASSERT_TRUE(theirs.ok());
  EXPECT_EQ(ours.labels, theirs->labels);
  // The world reaches baseline 90 (and the drift subset) in both classes.
  EXPECT_GE(analysis::ClassCounts(ours)[0], 3);
  EXPECT_GT(analysis::ClassCounts(ours)[1], 10);
  EXPECT_GT(analysis::ClassCounts(DriftClasses(table, th, "analog", 2))[0], 10);
  EXPECT_EQ(NoiseClasses(table, th).labels, analysis::NamedClasses(table, "noise_classes")->labels);
  for (int t = 0; t < 4; ++t) {
    for (const char* branch : {"noisy", "analog"}) {
      const auto named = analysis::NamedClasses(
          table, std::string("drift_") + branch + "_" + std::to_string(nas::kDriftTimesS[t]));
      ASSERT_TRUE(named.ok());
      EXPECT_EQ(DriftClasses(table, th, branch, t).labels, named->labels) << branch << t;
    }
  }
}

TEST(LoadTest, MissingDefaultBenchmarkNamesTheFlagAndTheMergeCommand) {
  PaperData data;
  data.benchmark_path = TempPath("absent.bench");
  const auto loaded = LoadPaperData(data, AccuracyMetrics(), {}, data.benchmark_path);
  ASSERT_EQ(loaded.status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(absl::StrContains(loaded.status().message(), "--benchmark"));
  EXPECT_TRUE(absl::StrContains(loaded.status().message(),
                                "//experiments/analognas_bench:merge -- --shards="));
  const auto other = LoadPaperData(data, AccuracyMetrics(), {}, "somewhere/else.bench");
  EXPECT_FALSE(absl::StrContains(other.status().message(), "merge"));
}

TEST(LoadTest, ExactlyOneSource) {
  PaperData data;
  EXPECT_EQ(LoadPaperData(data, AccuracyMetrics(), {}).status().code(),
            absl::StatusCode::kInvalidArgument);
  data.benchmark_path = "a";
  data.csv_path = "b";
  EXPECT_EQ(LoadPaperData(data, AccuracyMetrics(), {}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(LoadTest, BenchmarkFileWithProvenanceAndOnePerClass) {
  const std::string path = TempPath("world.bench");
  ASSERT_TRUE(MakeWorld(World::kPaperLike, 1).Save(path).ok());
  PaperData data;
  data.benchmark_path = path;
  const auto loaded = LoadPaperData(data, AccuracyMetrics(), {});
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->table.num_rows(), nas::kNumCells);
  EXPECT_TRUE(absl::StrContains(loaded->description, "scale: test\n"));
  EXPECT_TRUE(absl::StrContains(loaded->description, "dataset synthetic"));
  EXPECT_TRUE(absl::StrContains(loaded->description, "6466 isomorphism classes"));
  data.one_per_class = true;
  const auto unique = LoadPaperData(data, AccuracyMetrics(), {});
  ASSERT_TRUE(unique.ok());
  EXPECT_EQ(unique->table.num_rows(), 6466);  // nas_spec §1.7
}

TEST(LoadTest, CsvMapsTheBaselineColumnAndListsMissingMetrics) {
  const std::string path = TempPath("nb201.csv");
  ASSERT_TRUE(WriteFileAtomically(path,
                                  "index,arch,cifar10_test_accuracy\n"
                                  "0,\"(2,2,0,2,2,3)\",94.37\n1,\"(1,1,1,1,1,1)\",10\n")
                  .ok());
  PaperData data;
  data.csv_path = path;
  const auto loaded = LoadPaperData(data, AccuracyMetrics(), {"baseline_accuracy"});
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->table.names, std::vector<std::string>{"baseline_accuracy"});
  EXPECT_EQ(loaded->missing.size(), AccuracyMetrics().size() - 1);
  EXPECT_EQ(Col(loaded->table, "baseline_accuracy")[0] + Col(loaded->table, "baseline_accuracy")[1],
            104.37);
  const auto required = LoadPaperData(data, AccuracyMetrics(), {"noisy_accuracy"});
  EXPECT_EQ(required.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(required.status().message(), "noisy_accuracy"));
}

TEST(FindingsTest, VerdictsAndCounts) {
  const std::vector<Finding> findings = {
      Check("a", "1", "1", true), Check("b", "1", "2", false),
      Check("c", "1", "-", true, {1.0, std::nan("")})};
  EXPECT_EQ(findings[0].verdict, Verdict::kHolds);
  EXPECT_EQ(findings[1].verdict, Verdict::kDoesNotHold);
  EXPECT_EQ(findings[2].verdict, Verdict::kNotTestable);
  const std::string text = FormatFindings(findings);
  EXPECT_TRUE(absl::StartsWith(text, "finding  paper  ours  verdict\n"));
  EXPECT_TRUE(absl::StrContains(text, "DOES NOT HOLD"));
  EXPECT_TRUE(absl::StrContains(text, "3 findings: 1 hold, 1 do not hold, 1 not testable\n"));
}

TEST(ParseTest, ModesAndReferences) {
  EXPECT_EQ(*ParseThresholdMode("paper"), ThresholdMode::kPaper);
  EXPECT_EQ(*ParseDropReference("baseline"), DropReference::kBaseline);
  EXPECT_FALSE(ParseThresholdMode("absolute").ok());
  EXPECT_FALSE(ParseDropReference("noisy").ok());
}

}  // namespace
}  // namespace aimc::experiments::anb_paper
