#include "analysis/feature_correlations_lib.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "analysis/graph_features.h"
#include "analysis/plot.h"
#include "common/status_macros.h"

namespace aimc::analysis {
namespace {

using internal::CsvLine;
using internal::CsvNumber;
using internal::Fixed;

bool IsAvgOut(int feature) {
  return GraphFeatureInfos()[feature].kind == GraphFeatureKind::kAvgOut;
}

std::string FeatureTableCsv(const MetricTable& table) {
  std::vector<std::string> header = {"arch"};
  for (const GraphFeatureInfo& info : GraphFeatureInfos()) header.push_back(info.name);
  std::string csv = CsvLine(header);
  for (const nas::Cell& cell : table.cells) {
    std::vector<std::string> row = {cell.ToString()};
    for (double v : ComputeGraphFeatures(cell)) row.push_back(CsvNumber(v));
    absl::StrAppend(&csv, CsvLine(row));
  }
  return csv;
}

// The top features as bars (the paper's Figs. 10-11 style).
absl::Status WriteTopChart(const FeatureCorrelationsOptions& options, int num_rows,
                           const std::vector<const FeatureCorrelation*>& top) {
  const absl::string_view method = CorrelationMethodName(options.method);
  BarChart chart;
  chart.title = absl::StrCat(method, " correlation of graph features with ", options.target, " (",
                             num_rows, " cells, top ", top.size(), ")");
  chart.y_label = absl::StrCat(method, " correlation");
  chart.series = {std::string(method)};
  chart.values.resize(1);
  for (const FeatureCorrelation* fc : top) {
    chart.categories.push_back(GraphFeatureInfos()[fc->feature].name);
    chart.values[0].push_back(fc->correlation.value);
  }
  return WriteBarChart(chart, options.plot);
}

}  // namespace

std::vector<FeatureCorrelation> CorrelateFeatures(absl::Span<const nas::Cell> cells,
                                                  absl::Span<const double> target,
                                                  CorrelationMethod method) {
  AIMC_CHECK(cells.size() == target.size());
  std::vector<double> y;
  std::vector<GraphFeatureVector> features;
  for (size_t r = 0; r < cells.size(); ++r) {
    if (std::isnan(target[r])) continue;
    y.push_back(target[r]);
    features.push_back(ComputeGraphFeatures(cells[r]));
  }
  std::vector<FeatureCorrelation> result(kNumGraphFeatures);
  std::vector<double> x(y.size());
  for (int f = 0; f < kNumGraphFeatures; ++f) {
    for (size_t r = 0; r < y.size(); ++r) x[r] = features[r][f];
    result[f] = {f, CorrelationComplete(method, x, y)};
  }
  return result;
}

void RankByMagnitude(std::vector<FeatureCorrelation>& correlations) {
  std::stable_sort(correlations.begin(), correlations.end(),
                   [](const FeatureCorrelation& a, const FeatureCorrelation& b) {
                     const double va = a.correlation.value, vb = b.correlation.value;
                     if (std::isnan(va) || std::isnan(vb)) return !std::isnan(va) && std::isnan(vb);
                     return std::abs(va) > std::abs(vb);
                   });
}

absl::StatusOr<ToolOutput> RunFeatureCorrelations(const FeatureCorrelationsOptions& options) {
  const absl::Time start = absl::Now();
  if (options.target.empty()) return absl::InvalidArgumentError("--target: name a metric");
  if (options.top < 1) {
    return absl::InvalidArgumentError(absl::StrCat("--top must be >= 1, got ", options.top));
  }
  ASSIGN_OR_RETURN(const MetricTable table,
                   internal::LoadToolTable(options.data, {options.target}));
  std::vector<FeatureCorrelation> ranked =
      CorrelateFeatures(table.cells, table.columns[0], options.method);
  RankByMagnitude(ranked);
  const absl::string_view method = CorrelationMethodName(options.method);

  ToolOutput out;
  out.log = internal::DataLog(table);
  out.csv = "target,method,rank,feature,value,n\n";
  std::vector<std::vector<std::string>> rows = {{"rank", "feature", std::string(method), "n"}};
  std::vector<const FeatureCorrelation*> top;
  int constant = 0;
  for (size_t i = 0; i < ranked.size(); ++i) {
    const FeatureCorrelation& fc = ranked[i];
    const std::string& name = GraphFeatureInfos()[fc.feature].name;
    absl::StrAppend(&out.csv,
                    CsvLine({options.target, std::string(method), absl::StrCat(i + 1), name,
                             CsvNumber(fc.correlation.value), absl::StrCat(fc.correlation.n)}));
    if (std::isnan(fc.correlation.value)) ++constant;
    if (static_cast<int>(top.size()) < options.top &&
        (options.include_avg_out || !IsAvgOut(fc.feature))) {
      top.push_back(&fc);
      rows.push_back({absl::StrCat(i + 1), name, Fixed(fc.correlation.value, 4),
                      absl::StrCat(fc.correlation.n)});
    }
  }
  out.text = absl::StrCat(
      "top ", top.size(), " of ", kNumGraphFeatures, " graph features by |", method, "| with ",
      options.target,
      options.include_avg_out
          ? ""
          : " (node_degree avg_out = avg_in on NB201: not listed; rank = rank among all 191)",
      ":\n", internal::FormatTable(rows));
  if (constant > 0) {
    absl::StrAppend(&out.text, constant, " feature(s) constant over these rows (value nan)\n");
  }
  ASSIGN_OR_RETURN(std::string wrote,
                   internal::WriteOutput(options.out_csv, out.csv, "long CSV, all 191"));
  absl::StrAppend(&out.log, wrote);
  if (!options.features_out.empty()) {
    ASSIGN_OR_RETURN(wrote, internal::WriteOutput(options.features_out, FeatureTableCsv(table),
                                                  "arch + 191 graph features per row"));
    absl::StrAppend(&out.log, wrote);
  }
  if (!options.plot.empty()) {
    RETURN_IF_ERROR(WriteTopChart(options, table.num_rows(), top));
    absl::StrAppend(&out.log, "wrote ", options.plot, " (bar chart; gnuplot script ", options.plot,
                    ".gp)\n");
  }
  absl::StrAppend(&out.log, internal::TookLine(start));
  return out;
}

}  // namespace aimc::analysis
