#include "analysis/robustness_lib.h"

#include <cstdlib>
#include <string>

#include "absl/strings/str_cat.h"
#include "analysis/plot.h"
#include "common/file.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace aimc::analysis {
namespace {

using ::testing::HasSubstr;

std::string TempPath(absl::string_view name) {
  return absl::StrCat(std::getenv("TEST_TMPDIR"), "/", name);
}

// Benchmark metric names, made-up values: noisy 80, 60, 10, 15, 75, 70.
std::string WriteCsv() {
  const std::string path = TempPath("robust.csv");
  EXPECT_TRUE(WriteFileAtomically(path,
                                  "arch,baseline_accuracy,noisy_accuracy\n"
                                  "\"(2,2,2,2,2,2)\",93,80\n"
                                  "\"(0,0,0,4,3,2)\",91,60\n"
                                  "\"(1,1,1,1,1,1)\",10,10\n"
                                  "\"(2,3,0,2,4,4)\",92,15\n"
                                  "\"(4,4,3,2,2,0)\",85,75\n"
                                  "\"(1,2,2,2,2,1)\",,70\n")
                  .ok());
  return path;
}

TEST(RobustnessLibTest, ThresholdOnAMetric) {
  RobustnessOptions options;
  options.data.source.csv_path = WriteCsv();
  options.metric = "noisy_accuracy";
  options.threshold = "70";
  options.out_csv = TempPath("r.csv");
  const absl::StatusOr<ToolOutput> out = RunRobustness(options);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_THAT(out->text, HasSubstr("rule: robust <=> noisy_accuracy >= 70"));
  EXPECT_THAT(out->csv, HasSubstr("classes,robust,,cells,3\n"));
  EXPECT_THAT(out->csv, HasSubstr("classes,non_robust,,cells,3\n"));
  EXPECT_THAT(out->csv, HasSubstr("classes,excluded,,cells,0\n"));
  // Robust cells (2,2,2,2,2,2), (4,4,3,2,2,0), (1,2,2,2,2,1): 12 of 18 edges conv3x3.
  EXPECT_THAT(out->csv,
              HasSubstr("op_percentage,robust,nor_conv_3x3,percent_of_edges,66.666667\n"));
  EXPECT_THAT(
      out->csv,
      HasSubstr("op_count_distribution,non_robust,none,percent_of_cells_with_6,33.333333\n"));
  EXPECT_THAT(out->csv, HasSubstr("top_paths_1,robust,(nor_conv_3x3),count,2\n"));
  EXPECT_THAT(out->csv, HasSubstr("statistics,all,noisy_accuracy,median,65\n"));
  EXPECT_EQ(*ReadFile(options.out_csv), out->csv);
}

TEST(RobustnessLibTest, DropAgainstAConstantAndAQuantile) {
  RobustnessOptions options;
  options.data.source.csv_path = WriteCsv();
  options.metric = "noisy_accuracy";
  options.reference = "baseline_accuracy";
  options.threshold = "median";
  const absl::StatusOr<ToolOutput> out = RunRobustness(options);
  ASSERT_TRUE(out.ok()) << out.status();
  // Drops 13, 31, 0, 77, 10, NaN: median 13.
  EXPECT_THAT(out->text, HasSubstr("robust <=> drop = baseline_accuracy - noisy_accuracy <= 13 "
                                   "(the median of its values)"));
  EXPECT_THAT(out->csv, HasSubstr("classes,robust,,cells,3\n"));
  EXPECT_THAT(out->csv, HasSubstr("classes,excluded,,cells,1\n"));
  options.reference = "100";
  options.threshold = "35";
  options.data.where = "baseline_accuracy>=90";
  const absl::StatusOr<ToolOutput> constant = RunRobustness(options);
  ASSERT_TRUE(constant.ok()) << constant.status();
  EXPECT_THAT(constant->log, HasSubstr("where baseline_accuracy>=90: 3 rows kept"));
  EXPECT_THAT(constant->csv, HasSubstr("classes,robust,,cells,1\n"));  // 100 - 80 = 20 <= 35
}

TEST(RobustnessLibTest, NamedClassesAndErrors) {
  RobustnessOptions options;
  options.data.source.csv_path = WriteCsv();
  options.classes = "noise_classes";
  const absl::StatusOr<ToolOutput> out = RunRobustness(options);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_THAT(out->csv, HasSubstr("classes,naturally_robust,,cells,3\n"));
  EXPECT_THAT(out->csv, HasSubstr("classes,moderate,,cells,1\n"));
  EXPECT_THAT(out->csv, HasSubstr("classes,non_robust,,cells,2\n"));
  options.threshold = "3";
  EXPECT_THAT(RunRobustness(options).status().message(), HasSubstr("exclude each other"));
  options = RobustnessOptions();
  options.data.source.csv_path = WriteCsv();
  options.metric = "noisy_accuracy";
  EXPECT_THAT(RunRobustness(options).status().message(), HasSubstr("--threshold"));
  options.threshold = "q200";
  EXPECT_THAT(RunRobustness(options).status().message(), HasSubstr("threshold 'q200'"));
  options.threshold = "1";
  options.classes = "drift_analog_60";
  options.threshold = "";
  EXPECT_THAT(RunRobustness(options).status().message(), HasSubstr("no column 'analog_accuracy'"));
}

TEST(RobustnessLibTest, OpPercentageChart) {
  if (!CheckGnuplot().ok()) GTEST_SKIP() << CheckGnuplot();
  RobustnessOptions options;
  options.data.source.csv_path = WriteCsv();
  options.classes = "noise_classes";
  options.plot = TempPath("ops.png");
  const absl::StatusOr<ToolOutput> out = RunRobustness(options);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_GT(ReadFile(options.plot)->size(), 1000u);
}

}  // namespace
}  // namespace aimc::analysis
