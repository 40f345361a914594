// Shared plumbing of the analysis tools' libraries (correlations,
// feature_correlations, robustness): loading the data a tool names, aligned
// text tables, long-format CSV (../shared/docs/report_formats.md: one row per
// number, at least 5 significant digits) and the output every tool returns.
// Visible to //analysis only. Thread-compatible.
#ifndef AIMC_ANALYSIS_INTERNAL_TOOL_SUPPORT_H_
#define AIMC_ANALYSIS_INTERNAL_TOOL_SUPPORT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "analysis/metric_table.h"

namespace aimc::analysis {

// What a tool returns; its main prints `log` then `text`, or with
// --format=csv `log` to stderr and `csv` alone to stdout.
struct ToolOutput {
  std::string log;   // data used, scale, machine, files written
  std::string text;  // human tables
  std::string csv;   // long CSV, header line first
};

// The data flags every tool shares.
struct DataOptions {
  DataSource source;
  std::string where;         // row filter (metric_table.h ParseRowFilter); empty = all
  bool pruned_only = false;  // keep the 9,445 zero-branch-pruned cells (GRAF's default)
};

namespace internal {

// Loads `metrics` plus any metric named by data.where (appended after them),
// then keeps the pruned cells (if asked) and the rows meeting data.where.
absl::StatusOr<MetricTable> LoadToolTable(const DataOptions& data,
                                          const std::vector<std::string>& metrics);

// "data: <source>\nmachine: ...\n": the lines every tool prints first.
std::string DataLog(const MetricTable& table);
// "took 0.123 s (wall clock since `start`)\n".
std::string TookLine(absl::Time start);

// Columns padded to their widest cell, two spaces apart; rows[0] is the header.
std::string FormatTable(const std::vector<std::vector<std::string>>& rows);

// An RFC 4180 field: quoted when it holds ',', '"' or a line break.
std::string CsvField(absl::string_view text);
std::string CsvLine(const std::vector<std::string>& fields);

// %.8g, "nan" for NaN (CSV); and fixed decimals, "-" for NaN (text).
std::string CsvNumber(double value);
std::string Fixed(double value, int decimals);

// Writes `contents` to `path` atomically and returns the log line "wrote PATH
// (what)\n"; an empty path writes nothing and returns "".
absl::StatusOr<std::string> WriteOutput(absl::string_view path, absl::string_view contents,
                                        absl::string_view what);

// For the tools' mains only: prints `result` as --format asks ("text": log
// and text to stdout; "csv": log to stderr, csv to stdout) or its error to
// stderr, and returns the exit code (0, 1 for an error, 2 for a bad format).
int PrintToolOutput(const absl::StatusOr<ToolOutput>& result, absl::string_view format);

}  // namespace internal
}  // namespace aimc::analysis

#endif  // AIMC_ANALYSIS_INTERNAL_TOOL_SUPPORT_H_
