#include "analysis/plot.h"

#include <cmath>
#include <cstdlib>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/file.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace aimc::analysis {
namespace {

using ::testing::HasSubstr;

std::string TempPath(absl::string_view name) {
  return absl::StrCat(std::getenv("TEST_TMPDIR"), "/", name);
}

BarChart Chart() {
  BarChart chart;
  chart.title = "op percentages (robust vs non_robust)";
  chart.y_label = "% of edges";
  chart.categories = {"skip_connect", "none", "nor_conv_3x3", "nor_conv_1x1", "avg_pool_3x3"};
  chart.series = {"robust", "non_robust's"};
  chart.values = {{10, 5, 40, 30, 15}, {30, 25, 10, std::nan(""), 20}};
  return chart;
}

TEST(PlotTest, WritesPngBarChartAndSvgHeatmap) {
  if (!CheckGnuplot().ok()) GTEST_SKIP() << CheckGnuplot();
  const std::string png = TempPath("bars.png");
  ASSERT_TRUE(WriteBarChart(Chart(), png).ok()) << WriteBarChart(Chart(), png);
  const absl::StatusOr<std::string> bytes = ReadFile(png);
  ASSERT_TRUE(bytes.ok());
  EXPECT_GT(bytes->size(), 1000u);
  EXPECT_TRUE(absl::StartsWith(*bytes, "\x89PNG\r\n\x1a\n"));
  EXPECT_TRUE(FileExists(png + ".gp"));
  EXPECT_TRUE(FileExists(png + ".dat"));

  Heatmap heatmap;
  heatmap.title = "spearman";
  heatmap.row_labels = heatmap.column_labels = {"a", "min_path_len_(skip_connect,none)"};
  heatmap.values = {{1, -0.5}, {-0.5, std::nan("")}};
  const std::string svg = TempPath("heat.svg");
  const absl::Status status = WriteHeatmap(heatmap, svg);
  ASSERT_TRUE(status.ok()) << status;
  const absl::StatusOr<std::string> text = ReadFile(svg);
  ASSERT_TRUE(text.ok());
  EXPECT_THAT(*text, HasSubstr("<svg"));
  EXPECT_THAT(*text, HasSubstr("-0.50"));
}

TEST(PlotTest, WritesSvgLinePlot) {
  if (!CheckGnuplot().ok()) GTEST_SKIP() << CheckGnuplot();
  LinePlot plot;
  plot.title = "accuracy vs sigma";
  plot.x_label = "sigma_test";
  plot.y_label = "accuracy (%)";
  plot.series = {{.title = "NT 0.5", .x = {0.1, 0.5, 1.0}, .y = {90, 80, std::nan("")}},
                 {.title = "upper bound", .x = {0.1, 0.5, 1.0}, .y = {91, 85, 60}, .dashed = true}};
  const std::string svg = TempPath("lines.svg");
  const absl::Status status = WriteLinePlot(plot, svg);
  ASSERT_TRUE(status.ok()) << status;
  const absl::StatusOr<std::string> text = ReadFile(svg);
  ASSERT_TRUE(text.ok());
  EXPECT_THAT(*text, HasSubstr("<svg"));
  EXPECT_THAT(*text, HasSubstr("upper bound"));
  const absl::StatusOr<std::string> data = ReadFile(svg + ".dat");
  ASSERT_TRUE(data.ok());
  EXPECT_THAT(*data, HasSubstr("0.5 80\n"));
  LinePlot bad = plot;
  bad.series[0].y.pop_back();
  EXPECT_EQ(WriteLinePlot(bad, TempPath("bad.svg")).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(WriteLinePlot(LinePlot{}, TempPath("none.svg")).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(PlotTest, MissingGnuplotNamesThePackage) {
  const PlotOptions missing{.gnuplot = "aimc_no_such_gnuplot"};
  const absl::Status status = WriteBarChart(Chart(), TempPath("x.png"), missing);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(status.message(), HasSubstr("gnuplot-nox"));
  EXPECT_EQ(CheckGnuplot(missing).code(), absl::StatusCode::kFailedPrecondition);
}

TEST(PlotTest, RejectsBadInput) {
  EXPECT_EQ(WriteBarChart(Chart(), TempPath("x.jpg")).code(), absl::StatusCode::kInvalidArgument);
  BarChart ragged = Chart();
  ragged.values[1].pop_back();
  EXPECT_EQ(WriteBarChart(ragged, TempPath("r.png")).code(), absl::StatusCode::kInvalidArgument);
  Heatmap empty;
  EXPECT_EQ(WriteHeatmap(empty, TempPath("e.png")).code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace aimc::analysis
