#include "analysis/metric_table.h"

#include <cmath>
#include <limits>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "analysis/graph_features.h"
#include "common/file.h"
#include "common/status_macros.h"
#include "nas/csv_import.h"

namespace aimc::analysis {
namespace {

using nas::Cell;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr absl::string_view kArchColumn = "arch";

absl::Status Error(absl::string_view where, absl::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat(where, ": ", message));
}

std::string At(absl::string_view source, int line) { return absl::StrCat(source, ":", line); }
std::string At(absl::string_view source, int line, size_t column, absl::string_view name) {
  return absl::StrCat(source, ":", line, ": column ", column + 1, " (", name, ")");
}

// NaN for the missing-value spellings; InvalidArgument for anything else that
// is not a whole number literal.
absl::StatusOr<double> ParseValue(absl::string_view text) {
  const absl::string_view t = absl::StripAsciiWhitespace(text);
  if (t.empty() || absl::EqualsIgnoreCase(t, "nan") || t == "NA") return kNaN;
  double value = 0;
  if (!absl::SimpleAtod(t, &value) || std::isinf(value)) {
    return absl::InvalidArgumentError(absl::StrCat("'", t, "' is not a number"));
  }
  return value;
}

// Each requested metric: a column index of the source, or a graph feature.
struct ColumnSource {
  int source_column = -1;  // >= 0: read from the source
  int feature = -1;        // >= 0: computed (analysis/graph_features.h)
};

// Fills the computed columns of `table` (rows and names already set).
void ComputeFeatureColumns(const std::vector<ColumnSource>& sources, MetricTable& table) {
  bool any = false;
  for (const ColumnSource& s : sources) any = any || s.feature >= 0;
  if (!any) return;
  for (int row = 0; row < table.num_rows(); ++row) {
    const GraphFeatureVector features = ComputeGraphFeatures(table.cells[row]);
    for (size_t m = 0; m < sources.size(); ++m) {
      if (sources[m].feature >= 0) table.columns[m][row] = features[sources[m].feature];
    }
  }
}

std::string ComputedNote(const std::vector<ColumnSource>& sources, const MetricTable& table) {
  std::vector<absl::string_view> computed;
  for (size_t m = 0; m < sources.size(); ++m) {
    if (sources[m].feature >= 0) computed.push_back(table.names[m]);
  }
  if (computed.empty()) return "";
  return absl::StrCat("; computed graph features: ", absl::StrJoin(computed, ", "));
}

struct CsvLine {
  int number;  // 1-based
  absl::string_view text;
};

std::vector<CsvLine> NonBlankLines(absl::string_view text) {
  std::vector<CsvLine> lines;
  int number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (absl::StripAsciiWhitespace(line).empty()) continue;
    lines.push_back({number, line});
  }
  return lines;
}

// Maps each requested metric to a header column or a graph feature.
absl::StatusOr<std::vector<ColumnSource>> ResolveCsvColumns(const std::vector<std::string>& header,
                                                            absl::string_view where,
                                                            absl::Span<const std::string> metrics) {
  std::vector<ColumnSource> sources;
  for (const std::string& metric : metrics) {
    ColumnSource s;
    for (size_t c = 0; c < header.size(); ++c) {
      if (header[c] == metric) s.source_column = static_cast<int>(c);
    }
    if (s.source_column < 0) {
      const absl::StatusOr<int> feature = FindGraphFeature(metric);
      if (!feature.ok()) {
        return Error(
            where, absl::StrCat("no column '", metric, "' (columns: ", absl::StrJoin(header, ", "),
                                "; the 191 graph feature names are also accepted)"));
      }
      s.feature = *feature;
    } else if (header[s.source_column] == kArchColumn) {
      return Error(where, "the arch column is not a metric");
    }
    sources.push_back(s);
  }
  return sources;
}

}  // namespace

absl::StatusOr<int> MetricTable::ColumnIndex(absl::string_view name) const {
  for (size_t m = 0; m < names.size(); ++m) {
    if (names[m] == name) return static_cast<int>(m);
  }
  return absl::InvalidArgumentError(
      absl::StrCat("metric '", name, "' is not loaded (loaded: ", absl::StrJoin(names, ", "), ")"));
}

absl::StatusOr<absl::Span<const double>> MetricTable::Column(absl::string_view name) const {
  ASSIGN_OR_RETURN(const int index, ColumnIndex(name));
  return absl::Span<const double>(columns[index]);
}

absl::StatusOr<MetricTable> ParseMetricTableCsv(absl::string_view text, absl::string_view source,
                                                absl::Span<const std::string> metrics) {
  const std::vector<CsvLine> lines = NonBlankLines(text);
  if (lines.empty()) return Error(source, "empty CSV (no header line)");
  const std::string header_at = At(source, lines[0].number);
  absl::StatusOr<std::vector<std::string>> header = nas::SplitCsvLine(lines[0].text);
  if (!header.ok()) return Error(header_at, header.status().message());
  int arch_column = -1;
  for (size_t c = 0; c < header->size(); ++c) {
    for (size_t d = 0; d < c; ++d) {
      if ((*header)[d] == (*header)[c]) {
        return Error(At(source, lines[0].number, c, (*header)[c]),
                     absl::StrCat("repeats column ", d + 1));
      }
    }
    if ((*header)[c] == kArchColumn) arch_column = static_cast<int>(c);
  }
  if (arch_column < 0) {
    return Error(header_at,
                 absl::StrCat("no 'arch' column (columns: ", absl::StrJoin(*header, ", "), ")"));
  }
  ASSIGN_OR_RETURN(const std::vector<ColumnSource> sources,
                   ResolveCsvColumns(*header, header_at, metrics));

  MetricTable table;
  table.names.assign(metrics.begin(), metrics.end());
  table.columns.resize(metrics.size());
  absl::flat_hash_map<Cell, int> first_line;
  for (size_t i = 1; i < lines.size(); ++i) {
    const int n = lines[i].number;
    absl::StatusOr<std::vector<std::string>> fields = nas::SplitCsvLine(lines[i].text);
    if (!fields.ok()) return Error(At(source, n), fields.status().message());
    if (fields->size() != header->size()) {
      return Error(At(source, n),
                   absl::StrCat("expected ", header->size(), " fields, got ", fields->size()));
    }
    const std::string arch_at = At(source, n, arch_column, kArchColumn);
    absl::StatusOr<Cell> cell = nas::ParseArch((*fields)[arch_column]);
    if (!cell.ok()) return Error(arch_at, cell.status().message());
    const auto [it, inserted] = first_line.emplace(*cell, n);
    if (!inserted) {
      return Error(arch_at,
                   absl::StrCat("cell ", cell->ToTupleString(), " repeats line ", it->second));
    }
    table.cells.push_back(*cell);
    for (size_t m = 0; m < sources.size(); ++m) {
      double value = kNaN;
      if (const int c = sources[m].source_column; c >= 0) {
        absl::StatusOr<double> parsed = ParseValue((*fields)[c]);
        if (!parsed.ok()) return Error(At(source, n, c, (*header)[c]), parsed.status().message());
        value = *parsed;
      }
      table.columns[m].push_back(value);
    }
  }
  ComputeFeatureColumns(sources, table);
  table.source = absl::StrCat("CSV ", source, " (", table.num_rows(), " rows",
                              ComputedNote(sources, table), ")");
  return table;
}

absl::StatusOr<MetricTable> LoadMetricTableCsv(absl::string_view path,
                                               absl::Span<const std::string> metrics) {
  ASSIGN_OR_RETURN(const std::string text, ReadFile(path));
  return ParseMetricTableCsv(text, path, metrics);
}

absl::StatusOr<MetricTable> MetricTableFromStore(const nas::BenchmarkStore& store,
                                                 absl::string_view source,
                                                 absl::Span<const std::string> metrics) {
  std::vector<ColumnSource> sources;
  std::vector<nas::MetricId> ids(metrics.size());
  for (size_t m = 0; m < metrics.size(); ++m) {
    ColumnSource s;
    absl::StatusOr<nas::MetricId> id = nas::ResolveMetric(metrics[m]);
    if (id.ok()) {
      s.source_column = id->index;
      ids[m] = *id;
    } else {
      const absl::StatusOr<int> feature = FindGraphFeature(metrics[m]);
      if (!feature.ok()) {
        return absl::InvalidArgumentError(
            absl::StrCat(source, ": ", id.status().message(),
                         "; the 191 graph feature names are also accepted"));
      }
      s.feature = *feature;
    }
    sources.push_back(s);
  }
  MetricTable table;
  table.names.assign(metrics.begin(), metrics.end());
  table.cells = store.Cells();
  table.columns.assign(metrics.size(), std::vector<double>(table.cells.size(), kNaN));
  for (size_t m = 0; m < metrics.size(); ++m) {
    if (sources[m].source_column < 0) continue;
    for (int row = 0; row < table.num_rows(); ++row) {
      table.columns[m][row] = store.Value(table.cells[row], ids[m]);
    }
  }
  ComputeFeatureColumns(sources, table);
  table.source =
      absl::StrCat(source, " (", table.num_rows(), " cells", ComputedNote(sources, table), ")");
  return table;
}

absl::StatusOr<MetricTable> LoadMetricTableBenchmark(absl::string_view path,
                                                     absl::Span<const std::string> metrics) {
  ASSIGN_OR_RETURN(const nas::BenchmarkStore store, nas::BenchmarkStore::Load(path));
  const nas::Provenance& p = store.provenance();
  std::vector<std::string> facts;
  if (p.has_dataset()) facts.push_back(absl::StrCat("dataset ", p.dataset()));
  if (p.has_scale()) facts.push_back(absl::StrCat("scale ", p.scale()));
  if (p.has_simulator_preset()) facts.push_back(absl::StrCat("preset ", p.simulator_preset()));
  if (p.has_source()) facts.push_back(absl::StrCat("source ", p.source()));
  const std::string source =
      facts.empty() ? absl::StrCat("benchmark ", path)
                    : absl::StrCat("benchmark ", path, " [", absl::StrJoin(facts, "; "), "]");
  return MetricTableFromStore(store, source, metrics);
}

absl::StatusOr<MetricTable> LoadMetricTable(const DataSource& data,
                                            absl::Span<const std::string> metrics) {
  if (data.csv_path.empty() == data.benchmark_path.empty()) {
    return absl::InvalidArgumentError(
        "give exactly one data source: --csv=PATH (an `arch` column and metric columns) or "
        "--benchmark=PATH (a benchmark file)");
  }
  if (metrics.empty()) return absl::InvalidArgumentError("no metric named");
  if (!data.csv_path.empty()) return LoadMetricTableCsv(data.csv_path, metrics);
  return LoadMetricTableBenchmark(data.benchmark_path, metrics);
}

absl::StatusOr<std::vector<RowCondition>> ParseRowFilter(absl::string_view text) {
  using Compare = RowCondition::Compare;
  static constexpr std::pair<absl::string_view, Compare> kOps[] = {
      {">=", Compare::kGe}, {"<=", Compare::kLe}, {">", Compare::kGt}, {"<", Compare::kLt}};
  std::vector<RowCondition> conditions;
  for (absl::string_view item : SplitMetricList(text)) {
    RowCondition condition;
    size_t at = absl::string_view::npos, length = 0;
    for (const auto& [symbol, compare] : kOps) {
      const size_t p = item.find(symbol);
      if (p != absl::string_view::npos &&
          (at == absl::string_view::npos || p < at || (p == at && symbol.size() > length))) {
        at = p;
        length = symbol.size();
        condition.compare = compare;
      }
    }
    double value = 0;
    const absl::string_view metric =
        at == absl::string_view::npos ? "" : absl::StripAsciiWhitespace(item.substr(0, at));
    if (metric.empty() || metric.find_first_of("=<>!") != absl::string_view::npos ||
        !absl::SimpleAtod(absl::StripAsciiWhitespace(item.substr(at + length)), &value)) {
      return absl::InvalidArgumentError(
          absl::StrCat("row condition '", item,
                       "': expected <metric>(>=|>|<=|<)<number>, e.g. "
                       "baseline_accuracy>=90"));
    }
    condition.metric = std::string(metric);
    condition.value = value;
    conditions.push_back(std::move(condition));
  }
  return conditions;
}

std::string RowFilterToString(absl::Span<const RowCondition> conditions) {
  std::vector<std::string> parts;
  for (const RowCondition& c : conditions) {
    const char* symbol = c.compare == RowCondition::Compare::kGe   ? ">="
                         : c.compare == RowCondition::Compare::kGt ? ">"
                         : c.compare == RowCondition::Compare::kLe ? "<="
                                                                   : "<";
    parts.push_back(absl::StrCat(c.metric, symbol, c.value));
  }
  return absl::StrJoin(parts, ",");
}

MetricTable KeepRows(const MetricTable& table, absl::FunctionRef<bool(int row)> keep,
                     absl::string_view note) {
  MetricTable out;
  out.names = table.names;
  out.columns.resize(table.columns.size());
  for (int row = 0; row < table.num_rows(); ++row) {
    if (!keep(row)) continue;
    out.cells.push_back(table.cells[row]);
    for (size_t m = 0; m < table.columns.size(); ++m)
      out.columns[m].push_back(table.columns[m][row]);
  }
  out.source = absl::StrCat(table.source, "; ", note, ": ", out.num_rows(), " rows kept");
  return out;
}

absl::StatusOr<MetricTable> FilterRows(const MetricTable& table,
                                       absl::Span<const RowCondition> conditions) {
  if (conditions.empty()) return table;
  std::vector<absl::Span<const double>> columns;
  for (const RowCondition& c : conditions) {
    ASSIGN_OR_RETURN(const absl::Span<const double> column, table.Column(c.metric));
    columns.push_back(column);
  }
  return KeepRows(
      table,
      [&](int row) {
        for (size_t k = 0; k < conditions.size(); ++k) {
          const double v = columns[k][row];
          const double t = conditions[k].value;
          bool ok = false;
          switch (conditions[k].compare) {
            case RowCondition::Compare::kGe:
              ok = v >= t;
              break;
            case RowCondition::Compare::kGt:
              ok = v > t;
              break;
            case RowCondition::Compare::kLe:
              ok = v <= t;
              break;
            case RowCondition::Compare::kLt:
              ok = v < t;
              break;
          }
          if (!ok) return false;  // NaN compares false
        }
        return true;
      },
      absl::StrCat("where ", RowFilterToString(conditions)));
}

std::vector<std::string> SplitMetricList(absl::string_view text) {
  std::vector<std::string> items;
  std::string current;
  int depth = 0;
  for (char ch : text) {
    if (ch == '(') ++depth;
    if (ch == ')' && depth > 0) --depth;
    if (ch == ',' && depth == 0) {
      if (!absl::StripAsciiWhitespace(current).empty()) {
        items.emplace_back(absl::StripAsciiWhitespace(current));
      }
      current.clear();
    } else {
      current += ch;
    }
  }
  if (!absl::StripAsciiWhitespace(current).empty()) {
    items.emplace_back(absl::StripAsciiWhitespace(current));
  }
  return items;
}

}  // namespace aimc::analysis
