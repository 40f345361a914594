#include "analysis/robustness_lib.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "analysis/plot.h"
#include "analysis/robustness_classes.h"
#include "common/status_macros.h"

namespace aimc::analysis {
namespace {

using internal::CsvLine;
using internal::CsvNumber;
using internal::Fixed;

std::string OpName(int op) { return std::string(nas::OpName(static_cast<nas::Op>(op))); }

// The classified (or described) variable: a metric, or reference - metric.
struct Variable {
  std::string name;  // e.g. "drop = 94.37 - cifar10_test_accuracy"
  std::vector<double> values;
};

absl::StatusOr<std::optional<Variable>> MakeVariable(const RobustnessOptions& o,
                                                     const MetricTable& table) {
  if (o.metric.empty()) return std::optional<Variable>();
  ASSIGN_OR_RETURN(const absl::Span<const double> metric, table.Column(o.metric));
  Variable v{o.metric, std::vector<double>(metric.begin(), metric.end())};
  if (o.reference.empty()) return std::optional<Variable>(std::move(v));
  double constant = 0;
  if (absl::SimpleAtod(o.reference, &constant)) {
    v.values = Drops(std::vector<double>(metric.size(), constant), metric);
  } else {
    ASSIGN_OR_RETURN(const absl::Span<const double> reference, table.Column(o.reference));
    v.values = Drops(reference, metric);
  }
  v.name = absl::StrCat("drop = ", o.reference, " - ", o.metric);
  return std::optional<Variable>(std::move(v));
}

void AddClasses(const Classification& c, ToolOutput& out) {
  const std::vector<int> counts = ClassCounts(c);
  int classified = 0;
  for (int n : counts) classified += n;
  std::vector<std::vector<std::string>> rows = {{"class", "cells", "% of classified"}};
  for (size_t k = 0; k < counts.size(); ++k) {
    rows.push_back({c.class_names[k], absl::StrCat(counts[k]),
                    Fixed(classified ? 100.0 * counts[k] / classified : NAN, 2)});
    absl::StrAppend(&out.csv,
                    CsvLine({"classes", c.class_names[k], "", "cells", absl::StrCat(counts[k])}));
  }
  const int excluded = static_cast<int>(c.labels.size()) - classified;
  rows.push_back({"excluded", absl::StrCat(excluded), "-"});
  absl::StrAppend(&out.csv, CsvLine({"classes", "excluded", "", "cells", absl::StrCat(excluded)}));
  absl::StrAppend(&out.text, "rule: ", c.rule, "\n", internal::FormatTable(rows), "\n");
}

void AddOpStatistics(const MetricTable& table, const Classification& c, ToolOutput& out) {
  const auto percent = OpPercentages(table.cells, c);
  std::vector<std::vector<std::string>> rows = {{"class"}};
  for (int op = 0; op < nas::kNumOps; ++op) rows[0].push_back(OpName(op));
  for (size_t k = 0; k < percent.size(); ++k) {
    rows.push_back({c.class_names[k]});
    for (int op = 0; op < nas::kNumOps; ++op) {
      rows.back().push_back(Fixed(percent[k][op], 2));
      absl::StrAppend(&out.csv, CsvLine({"op_percentage", c.class_names[k], OpName(op),
                                         "percent_of_edges", CsvNumber(percent[k][op])}));
    }
  }
  absl::StrAppend(&out.text, "op percentages (% of the class's edges; Fig. 3):\n",
                  internal::FormatTable(rows), "\n");

  const auto dist = OpCountDistributions(table.cells, c);
  rows = {{"class", "op"}};
  for (int k = 0; k <= nas::kNumEdges; ++k) rows[0].push_back(absl::StrCat("k=", k));
  for (size_t k = 0; k < dist.size(); ++k) {
    for (int op = 0; op < nas::kNumOps; ++op) {
      rows.push_back({c.class_names[k], OpName(op)});
      for (int count = 0; count <= nas::kNumEdges; ++count) {
        rows.back().push_back(Fixed(dist[k][op][count], 2));
        absl::StrAppend(&out.csv, CsvLine({"op_count_distribution", c.class_names[k], OpName(op),
                                           absl::StrCat("percent_of_cells_with_", count),
                                           CsvNumber(dist[k][op][count])}));
      }
    }
  }
  absl::StrAppend(
      &out.text,
      "op-count distributions (% of the class's cells with k edges of the op; Fig. 4):\n",
      internal::FormatTable(rows), "\n");
}

void AddTopPaths(const MetricTable& table, const Classification& c, int top, ToolOutput& out) {
  std::vector<std::vector<std::string>> rows = {
      {"class", "length", "rank", "path (input first)", "codes", "count", "% of paths"}};
  for (int length = 1; length <= 3; ++length) {
    const auto paths = TopPaths(table.cells, c, length, top);
    for (size_t k = 0; k < paths.size(); ++k) {
      for (size_t rank = 0; rank < paths[k].size(); ++rank) {
        const PathFrequency& p = paths[k][rank];
        rows.push_back({c.class_names[k], absl::StrCat(length), absl::StrCat(rank + 1),
                        PathName(p.ops), PathCodes(p.ops), absl::StrCat(p.count),
                        Fixed(p.percent, 2)});
        const std::string table_name = absl::StrCat("top_paths_", length);
        absl::StrAppend(&out.csv,
                        CsvLine({table_name, c.class_names[k], PathName(p.ops), "count",
                                 absl::StrCat(p.count)}),
                        CsvLine({table_name, c.class_names[k], PathName(p.ops), "percent",
                                 CsvNumber(p.percent)}));
      }
    }
  }
  absl::StrAppend(&out.text,
                  "most frequent input->output paths (length 1: [t2]; 2: [t0,t4], [t1,t5]; 3: "
                  "[t0,t3,t5]; Fig. 6):\n",
                  internal::FormatTable(rows), "\n");
}

void AddStatistics(const Variable& v, const Classification& c, ToolOutput& out) {
  std::vector<std::vector<std::string>> rows = {
      {"rows", "n", "mean", "std", "min", "q25", "median", "q75", "max"}};
  auto add = [&](const std::string& label, const std::vector<double>& values) {
    const DistributionStats s = Describe(values);
    rows.push_back({label, absl::StrCat(s.n), Fixed(s.mean, 3), Fixed(s.std, 3), Fixed(s.min, 3),
                    Fixed(s.q25, 3), Fixed(s.median, 3), Fixed(s.q75, 3), Fixed(s.max, 3)});
    const std::pair<const char*, double> q[] = {
        {"n", s.n},     {"mean", s.mean},     {"std", s.std}, {"min", s.min},
        {"q25", s.q25}, {"median", s.median}, {"q75", s.q75}, {"max", s.max}};
    for (const auto& [name, value] : q) {
      absl::StrAppend(&out.csv, CsvLine({"statistics", label, v.name, name, CsvNumber(value)}));
    }
  };
  add("all", v.values);
  for (size_t k = 0; k < c.class_names.size(); ++k) {
    std::vector<double> in_class;
    for (size_t r = 0; r < v.values.size(); ++r) {
      if (c.labels[r] == static_cast<int>(k)) in_class.push_back(v.values[r]);
    }
    add(c.class_names[k], in_class);
  }
  absl::StrAppend(&out.text, "distribution of ", v.name,
                  " (std: sample, n-1; quartiles: linear interpolation):\n",
                  internal::FormatTable(rows));
}

}  // namespace

namespace {

// Validates the mode flags and lists the metrics to load.
absl::StatusOr<std::vector<std::string>> RequiredMetrics(const RobustnessOptions& o) {
  if (o.top_paths < 1) {
    return absl::InvalidArgumentError(absl::StrCat("--top_paths must be >= 1, got ", o.top_paths));
  }
  if (o.classes.empty() && (o.metric.empty() || o.threshold.empty())) {
    return absl::InvalidArgumentError(
        "give --metric and --threshold (optionally --reference for a drop), or --classes");
  }
  if (!o.classes.empty() && !o.threshold.empty()) {
    return absl::InvalidArgumentError("--threshold and --classes exclude each other");
  }
  if (o.metric.empty() && !o.reference.empty()) {
    return absl::InvalidArgumentError("--reference needs --metric");
  }
  std::vector<std::string> metrics;
  if (!o.classes.empty()) {
    ASSIGN_OR_RETURN(metrics, NamedClassMetrics(o.classes));
  }
  double unused = 0;
  for (const std::string& name : {o.metric, o.reference}) {
    if (!name.empty() && !absl::SimpleAtod(name, &unused) &&
        std::find(metrics.begin(), metrics.end(), name) == metrics.end()) {
      metrics.push_back(name);
    }
  }
  return metrics;
}

absl::Status WriteOpChart(const MetricTable& table, const Classification& classes,
                          absl::string_view path) {
  BarChart chart;
  chart.title =
      absl::StrCat("op percentages per class (", table.num_rows(), " cells)\n", classes.rule);
  chart.y_label = "% of the class's edges";
  for (int op = 0; op < nas::kNumOps; ++op) chart.categories.push_back(OpName(op));
  chart.series = classes.class_names;
  for (const auto& per_op : OpPercentages(table.cells, classes)) {
    chart.values.emplace_back(per_op.begin(), per_op.end());
  }
  return WriteBarChart(chart, path);
}

}  // namespace

absl::StatusOr<ToolOutput> RunRobustness(const RobustnessOptions& o) {
  const absl::Time start = absl::Now();
  ASSIGN_OR_RETURN(const std::vector<std::string> metrics, RequiredMetrics(o));
  ASSIGN_OR_RETURN(const MetricTable table, internal::LoadToolTable(o.data, metrics));
  ASSIGN_OR_RETURN(const std::optional<Variable> variable, MakeVariable(o, table));
  Classification classes;
  if (!o.classes.empty()) {
    ASSIGN_OR_RETURN(classes, NamedClasses(table, o.classes));
  } else {
    ASSIGN_OR_RETURN(const double threshold, ParseThreshold(o.threshold, variable->values));
    classes = o.reference.empty() ? ClassifyByThreshold(variable->values, threshold, variable->name)
                                  : ClassifyByDrop(variable->values, threshold, variable->name);
    if (double number = 0; !absl::SimpleAtod(o.threshold, &number)) {
      absl::StrAppend(&classes.rule, " (the ", o.threshold, " of its values)");
    }
  }
  ToolOutput out;
  out.log = internal::DataLog(table);
  out.csv = "table,class,item,quantity,value\n";
  AddClasses(classes, out);
  AddOpStatistics(table, classes, out);
  AddTopPaths(table, classes, o.top_paths, out);
  if (variable.has_value()) AddStatistics(*variable, classes, out);
  ASSIGN_OR_RETURN(const std::string wrote, internal::WriteOutput(o.out_csv, out.csv, "long CSV"));
  absl::StrAppend(&out.log, wrote);
  if (!o.plot.empty()) {
    RETURN_IF_ERROR(WriteOpChart(table, classes, o.plot));
    absl::StrAppend(&out.log, "wrote ", o.plot, " (bar chart; gnuplot script ", o.plot, ".gp)\n");
  }
  absl::StrAppend(&out.log, internal::TookLine(start));
  return out;
}

}  // namespace aimc::analysis
