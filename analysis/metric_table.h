// A table of NB201 cells x named numeric metrics, the input of every analysis
// tool: loaded from a CSV with an `arch` column (cell string, tuple in quotes,
// or lexicographic index; nas/benchmark_store.h ParseArch) and numeric columns
// chosen by name, or from a benchmark file (nas/benchmark_store.h) by metric
// name. A requested name that is neither a column nor a stored metric but one
// of the 191 graph features (analysis/graph_features.h) is computed from the
// cell. Values keep their source's units (accuracies in %); NaN = missing
// (an empty CSV field, "nan", "NA", or a value absent from the benchmark).
// Errors: NotFound (missing file), InvalidArgument naming "file:line: column N
// (name)" for CSV problems, or the unknown metric with the valid names.
// Thread-compatible (a value type).
#ifndef AIMC_ANALYSIS_METRIC_TABLE_H_
#define AIMC_ANALYSIS_METRIC_TABLE_H_

#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "nas/benchmark_store.h"
#include "nas/cell.h"

namespace aimc::analysis {

struct MetricTable {
  std::vector<nas::Cell> cells;              // one per row, all distinct
  std::vector<std::string> names;            // the metrics, in request order
  std::vector<std::vector<double>> columns;  // columns[metric][row]; NaN = missing
  std::string source;                        // what was read, e.g. "CSV /x.csv (15625 rows)"

  int num_rows() const { return static_cast<int>(cells.size()); }
  // InvalidArgument listing the table's metric names.
  absl::StatusOr<int> ColumnIndex(absl::string_view name) const;
  // The column of `name`; the span is valid while the table is unchanged.
  absl::StatusOr<absl::Span<const double>> Column(absl::string_view name) const;
};

// Parses CSV `text` (RFC 4180 quotes; LF or CRLF; blank lines skipped);
// `source` names it in errors. REQUIRES: `metrics` non-empty names.
absl::StatusOr<MetricTable> ParseMetricTableCsv(absl::string_view text, absl::string_view source,
                                                absl::Span<const std::string> metrics);
absl::StatusOr<MetricTable> LoadMetricTableCsv(absl::string_view path,
                                               absl::Span<const std::string> metrics);

// Every stored cell of `store`, in lexicographic order; `source` describes it.
absl::StatusOr<MetricTable> MetricTableFromStore(const nas::BenchmarkStore& store,
                                                 absl::string_view source,
                                                 absl::Span<const std::string> metrics);
// Loads a benchmark file; the source line carries its provenance.
absl::StatusOr<MetricTable> LoadMetricTableBenchmark(absl::string_view path,
                                                     absl::Span<const std::string> metrics);

// Where a tool reads its data: exactly one of the two paths is set.
struct DataSource {
  std::string csv_path;
  std::string benchmark_path;
};
// InvalidArgument unless exactly one path is set; then the loader above.
absl::StatusOr<MetricTable> LoadMetricTable(const DataSource& data,
                                            absl::Span<const std::string> metrics);

// Row filters, e.g. --where=baseline_accuracy>=90,noisy_accuracy>=70.
struct RowCondition {
  enum class Compare { kGe, kGt, kLe, kLt };
  std::string metric;
  Compare compare = Compare::kGe;
  double value = 0;
};
// Comma-separated `<metric>(>=|>|<=|<)<number>`; empty text = no condition.
// InvalidArgument naming the bad condition.
absl::StatusOr<std::vector<RowCondition>> ParseRowFilter(absl::string_view text);
std::string RowFilterToString(absl::Span<const RowCondition> conditions);

// The rows for which keep(row) is true, in order (source gets `note`).
MetricTable KeepRows(const MetricTable& table, absl::FunctionRef<bool(int row)> keep,
                     absl::string_view note);
// The rows meeting every condition (a NaN meets none). InvalidArgument for a
// metric not in the table.
absl::StatusOr<MetricTable> FilterRows(const MetricTable& table,
                                       absl::Span<const RowCondition> conditions);

// Comma-separated metric names, empty items dropped: "a,b,,c" -> a, b, c.
// Graph feature names hold commas inside parentheses; those stay one name.
std::vector<std::string> SplitMetricList(absl::string_view text);

}  // namespace aimc::analysis

#endif  // AIMC_ANALYSIS_METRIC_TABLE_H_
