#include "analysis/internal/tool_support.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/time/clock.h"
#include "common/file.h"
#include "common/report_table.h"
#include "common/status_macros.h"
#include "nas/cell_graph.h"

namespace aimc::analysis::internal {

absl::StatusOr<MetricTable> LoadToolTable(const DataOptions& data,
                                          const std::vector<std::string>& metrics) {
  ASSIGN_OR_RETURN(const std::vector<RowCondition> where, ParseRowFilter(data.where));
  std::vector<std::string> names = metrics;
  for (const RowCondition& c : where) {
    if (std::find(names.begin(), names.end(), c.metric) == names.end()) names.push_back(c.metric);
  }
  ASSIGN_OR_RETURN(MetricTable table, LoadMetricTable(data.source, names));
  if (data.pruned_only) {
    table = KeepRows(
        table, [&](int row) { return nas::IsPruned(table.cells[row]); },
        "zero-branch-pruned cells only");
  }
  return FilterRows(table, where);
}

std::string DataLog(const MetricTable& table) {
  return absl::StrCat("data: ", table.source, "\nmachine: ", MachineDescription(1), "\n");
}

std::string TookLine(absl::Time start) {
  return absl::StrFormat("took %.3f s (wall clock: load, compute, files, figures)\n",
                         absl::ToDoubleSeconds(absl::Now() - start));
}

std::string FormatTable(const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> width;
  for (const auto& row : rows) {
    if (width.size() < row.size()) width.resize(row.size(), 0);
    for (size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (size_t c = 0; c < row.size(); ++c) {
      absl::StrAppend(&line, row[c]);
      if (c + 1 < row.size()) line.append(width[c] - row[c].size() + 2, ' ');
    }
    absl::StrAppend(&out, line, "\n");
  }
  return out;
}

std::string CsvField(absl::string_view text) {
  if (text.find_first_of(",\"\r\n") == absl::string_view::npos) return std::string(text);
  return absl::StrCat("\"", absl::StrReplaceAll(text, {{"\"", "\"\""}}), "\"");
}

std::string CsvLine(const std::vector<std::string>& fields) {
  std::vector<std::string> quoted;
  for (const std::string& f : fields) quoted.push_back(CsvField(f));
  return absl::StrCat(absl::StrJoin(quoted, ","), "\n");
}

std::string CsvNumber(double value) {
  return std::isnan(value) ? "nan" : absl::StrFormat("%.8g", value);
}

std::string Fixed(double value, int decimals) {
  return std::isnan(value) ? "-" : absl::StrFormat("%.*f", decimals, value);
}

absl::StatusOr<std::string> WriteOutput(absl::string_view path, absl::string_view contents,
                                        absl::string_view what) {
  if (path.empty()) return std::string();
  RETURN_IF_ERROR(WriteFileAtomically(path, contents));
  return absl::StrCat("wrote ", path, " (", what, ")\n");
}

int PrintToolOutput(const absl::StatusOr<ToolOutput>& result, absl::string_view format) {
  if (format != "text" && format != "csv") {
    std::fprintf(stderr, "error: --format must be text or csv, got '%s'\n",
                 std::string(format).c_str());
    return 2;
  }
  if (!result.ok()) {
    std::fprintf(stderr, "error: %s\n", result.status().ToString().c_str());
    return 1;
  }
  if (format == "csv") {
    std::fputs(result->log.c_str(), stderr);
    std::fputs(result->csv.c_str(), stdout);
  } else {
    std::fputs(result->log.c_str(), stdout);
    std::fputs("\n", stdout);
    std::fputs(result->text.c_str(), stdout);
  }
  return 0;
}

}  // namespace aimc::analysis::internal
