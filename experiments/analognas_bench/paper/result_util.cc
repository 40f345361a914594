#include "experiments/analognas_bench/paper/result_util.h"

#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"
#include "analysis/plot.h"
#include "experiments/analognas_bench/paper/paper_lib.h"

namespace aimc::experiments::anb_paper::internal {
namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

std::vector<double> InClass(absl::Span<const double> values,
                            const analysis::Classification& classes, int label) {
  std::vector<double> out;
  for (size_t r = 0; r < values.size(); ++r) {
    if (classes.labels[r] == label && !std::isnan(values[r])) out.push_back(values[r]);
  }
  return out;
}

double Mean(absl::Span<const double> values) { return analysis::Describe(values).mean; }
double Median(absl::Span<const double> values) { return analysis::Describe(values).median; }

double SharePercent(absl::Span<const double> values, absl::FunctionRef<bool(double)> pred) {
  int n = 0, yes = 0;
  for (double v : values) {
    if (std::isnan(v)) continue;
    ++n;
    yes += pred(v);
  }
  return n > 0 ? 100.0 * yes / n : kNaN;
}

std::string ClassCountsText(const analysis::Classification& classes) {
  const std::vector<int> counts = analysis::ClassCounts(classes);
  std::vector<std::vector<std::string>> rows = {{"class", "cells"}};
  int classified = 0;
  for (size_t k = 0; k < counts.size(); ++k) {
    rows.push_back({classes.class_names[k], absl::StrCat(counts[k])});
    classified += counts[k];
  }
  rows.push_back({"excluded", absl::StrCat(classes.labels.size() - classified)});
  return absl::StrCat("rule: ", classes.rule, "\n", FormatTable(rows));
}

std::string OpPercentText(absl::Span<const nas::Cell> cells,
                          const analysis::Classification& classes) {
  const auto percent = analysis::OpPercentages(cells, classes);
  std::vector<std::vector<std::string>> rows = {{"class"}};
  for (nas::Op op : nas::kAllOps) rows[0].push_back(std::string(nas::OpName(op)));
  for (size_t k = 0; k < percent.size(); ++k) {
    rows.push_back({classes.class_names[k]});
    for (double p : percent[k]) rows.back().push_back(Fixed(p));
  }
  return FormatTable(rows);
}

double RobustSharePercent(absl::Span<const nas::Cell> cells,
                          const analysis::Classification& classes, nas::Op op,
                          absl::FunctionRef<bool(int)> count_ok) {
  int n = 0, robust = 0;
  for (size_t r = 0; r < cells.size(); ++r) {
    if (classes.labels[r] == analysis::kExcluded || !count_ok(cells[r].CountOp(op))) continue;
    ++n;
    robust += classes.labels[r] == 0;
  }
  return n > 0 ? 100.0 * robust / n : kNaN;
}

absl::Status WriteOpBars(absl::string_view path, const std::string& title,
                         const std::vector<std::string>& series,
                         const std::vector<std::array<double, nas::kNumOps>>& percent) {
  analysis::BarChart chart;
  chart.title = title;
  chart.y_label = "% of the class's edges";
  for (nas::Op op : nas::kAllOps) chart.categories.push_back(std::string(nas::OpName(op)));
  chart.series = series;
  for (const auto& p : percent) chart.values.emplace_back(p.begin(), p.end());
  return analysis::WriteBarChart(chart, path);
}

std::string WroteLine(absl::string_view path, absl::string_view what) {
  return absl::StrCat("wrote ", path, " (", what, "; gnuplot script ", path, ".gp)\n");
}

}  // namespace aimc::experiments::anb_paper::internal
