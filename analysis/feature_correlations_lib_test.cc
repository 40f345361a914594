#include "analysis/feature_correlations_lib.h"

#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/correlation.h"
#include "analysis/graph_features.h"
#include "analysis/plot.h"
#include "common/file.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nas/cell.h"

namespace aimc::analysis {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string TempPath(absl::string_view name) {
  return absl::StrCat(std::getenv("TEST_TMPDIR"), "/", name);
}

// Every 97th cell, target = its nor_conv_3x3 count.
std::string WriteCsv() {
  std::string csv = "arch,target\n";
  for (int i = 0; i < nas::kNumCells; i += 97) {
    const nas::Cell& cell = nas::AllCells()[i];
    absl::StrAppend(&csv, cell.ToString(), ",", cell.CountOp(nas::Op::kNorConv3x3), "\n");
  }
  const std::string path = TempPath("features.csv");
  EXPECT_TRUE(WriteFileAtomically(path, csv).ok());
  return path;
}

TEST(FeatureCorrelationsLibTest, CorrelateAndRank) {
  std::vector<nas::Cell> cells;
  std::vector<double> target;
  for (int i = 0; i < nas::kNumCells; i += 31) {
    cells.push_back(nas::AllCells()[i]);
    target.push_back(cells.back().CountOp(nas::Op::kNorConv3x3));
  }
  std::vector<FeatureCorrelation> fc =
      CorrelateFeatures(cells, target, CorrelationMethod::kPearson);
  ASSERT_EQ(fc.size(), 191u);
  EXPECT_NEAR(fc[2].correlation.value, 1.0, 1e-12);  // op_count_(nor_conv_3x3)
  EXPECT_EQ(fc[2].correlation.n, static_cast<int>(cells.size()));
  RankByMagnitude(fc);
  // Ties in feature order: op_count first, then node_degree_(nor_conv_3x3)_avg_in/_avg_out.
  EXPECT_EQ(GraphFeatureInfos()[fc[0].feature].name, "op_count_(nor_conv_3x3)");
  EXPECT_EQ(GraphFeatureInfos()[fc[1].feature].name, "node_degree_(nor_conv_3x3)_avg_in");
}

TEST(FeatureCorrelationsLibTest, RunWritesRankingAndFeatureTable) {
  FeatureCorrelationsOptions options;
  options.data.source.csv_path = WriteCsv();
  options.target = "target";
  options.top = 3;
  options.out_csv = TempPath("fc.csv");
  options.features_out = TempPath("features_out.csv");
  const absl::StatusOr<ToolOutput> out = RunFeatureCorrelations(options);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_THAT(out->text, HasSubstr("top 3 of 191 graph features by |spearman| with target"));
  EXPECT_THAT(out->text, HasSubstr("1     op_count_(nor_conv_3x3)"));
  EXPECT_THAT(out->text, Not(HasSubstr("_avg_out")));
  const std::vector<std::string> lines = absl::StrSplit(out->csv, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 192u);
  EXPECT_EQ(lines[1], "target,spearman,1,op_count_(nor_conv_3x3),1,162");
  const std::vector<std::string> table =
      absl::StrSplit(*ReadFile(options.features_out), '\n', absl::SkipEmpty());
  ASSERT_EQ(table.size(), 162u + 1);
  EXPECT_TRUE(absl::StartsWith(table[0], "arch,op_count_(skip_connect),op_count_(none),"));
  EXPECT_THAT(table[0], HasSubstr(",\"min_path_len_(skip_connect,none)\","));
  // Cell 0 is all skip_connect: 6 skips, then no other op.
  EXPECT_TRUE(absl::StartsWith(table[1],
                               "|skip_connect~0|+|skip_connect~0|skip_connect~1|+|"
                               "skip_connect~0|skip_connect~1|skip_connect~2|,6,0,0,0,0,"));
}

TEST(FeatureCorrelationsLibTest, BarChartAndErrors) {
  FeatureCorrelationsOptions options;
  options.data.source.csv_path = WriteCsv();
  options.target = "target";
  options.top = 0;
  EXPECT_FALSE(RunFeatureCorrelations(options).ok());
  options.top = 5;
  options.target = "nope";
  EXPECT_THAT(RunFeatureCorrelations(options).status().message(), HasSubstr("no column 'nope'"));
  if (!CheckGnuplot().ok()) GTEST_SKIP() << CheckGnuplot();
  options.target = "target";
  options.plot = TempPath("fc.svg");
  ASSERT_TRUE(RunFeatureCorrelations(options).ok());
  EXPECT_THAT(*ReadFile(options.plot), HasSubstr("op_count_(nor_conv_3x3)"));
}

}  // namespace
}  // namespace aimc::analysis
