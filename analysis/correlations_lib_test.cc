#include "analysis/correlations_lib.h"

#include <cstdlib>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/correlation.h"
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

// Five cells: a rises, b falls, op_count_(nor_conv_3x3) is 6, 0, 1, 0, 0.
std::string WriteCsv() {
  const std::string path = TempPath("corr.csv");
  EXPECT_TRUE(WriteFileAtomically(path,
                                  "arch,a,b\n"
                                  "\"(2,2,2,2,2,2)\",1,50\n"
                                  "\"(0,0,0,0,0,0)\",2,40\n"
                                  "\"(0,0,0,4,3,2)\",3,30\n"
                                  "\"(1,1,1,1,1,1)\",4,20\n"
                                  "\"(4,4,4,4,4,4)\",5,\n")
                  .ok());
  return path;
}

TEST(CorrelationsLibTest, MatricesTextAndLongCsv) {
  CorrelationsOptions options;
  options.data.source.csv_path = WriteCsv();
  options.metrics = {"a", "b", "op_count_(nor_conv_3x3)"};
  options.out_csv = TempPath("corr_out.csv");
  const absl::StatusOr<ToolOutput> out = RunCorrelations(options);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_THAT(out->log, HasSubstr("data: CSV "));
  EXPECT_THAT(out->log, HasSubstr("(5 rows; computed graph features: op_count_(nor_conv_3x3))"));
  EXPECT_THAT(out->log, HasSubstr("wrote " + options.out_csv));
  EXPECT_THAT(out->text, HasSubstr("[2] b"));
  EXPECT_THAT(out->text, HasSubstr("pairs per entry: 4..5"));
  // 3 methods x 3 x 3 entries + header.
  const std::vector<std::string> lines = absl::StrSplit(out->csv, '\n', absl::SkipEmpty());
  EXPECT_EQ(lines.size(), 28u);
  EXPECT_EQ(lines[0], "method,metric_x,metric_y,value,n");
  EXPECT_THAT(out->csv, HasSubstr("kendall,a,b,-1,4\n"));
  EXPECT_THAT(out->csv, HasSubstr("pearson,b,a,-1,4\n"));
  EXPECT_THAT(out->csv, HasSubstr("spearman,a,op_count_(nor_conv_3x3),-0.67082039,5\n"));
  EXPECT_EQ(*ReadFile(options.out_csv), out->csv);
}

TEST(CorrelationsLibTest, Errors) {
  CorrelationsOptions options;
  options.data.source.csv_path = WriteCsv();
  options.metrics = {"a"};
  EXPECT_THAT(RunCorrelations(options).status().message(), HasSubstr("at least two"));
  options.metrics = {"a", "c"};
  EXPECT_THAT(RunCorrelations(options).status().message(), HasSubstr("no column 'c'"));
  options.data.source.benchmark_path = "x";
  options.metrics = {"a", "b"};
  EXPECT_THAT(RunCorrelations(options).status().message(), HasSubstr("exactly one"));
}

TEST(CorrelationsLibTest, Heatmap) {
  if (!CheckGnuplot().ok()) GTEST_SKIP() << CheckGnuplot();
  CorrelationsOptions options;
  options.data.source.csv_path = WriteCsv();
  options.metrics = {"a", "b"};
  options.plot = TempPath("corr.png");
  const absl::StatusOr<ToolOutput> out = RunCorrelations(options);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_GT(ReadFile(options.plot)->size(), 1000u);
}

}  // namespace
}  // namespace aimc::analysis
