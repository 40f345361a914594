#include "analysis/correlations_lib.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "analysis/plot.h"
#include "common/status_macros.h"

namespace aimc::analysis {

using internal::CsvLine;
using internal::CsvNumber;
using internal::Fixed;

namespace {

// The first method's matrix as a heatmap.
absl::Status WriteMatrixHeatmap(const CorrelationsOptions& options, int num_rows,
                                const std::vector<std::vector<CorrelationValue>>& matrix) {
  Heatmap heatmap;
  heatmap.title =
      absl::StrCat(CorrelationMethodName(options.methods[0]), " correlation, ", num_rows, " cells");
  heatmap.row_labels = heatmap.column_labels = options.metrics;
  for (const std::vector<CorrelationValue>& row : matrix) {
    heatmap.values.emplace_back();
    for (const CorrelationValue& v : row) heatmap.values.back().push_back(v.value);
  }
  return WriteHeatmap(heatmap, options.plot);
}

}  // namespace

absl::StatusOr<ToolOutput> RunCorrelations(const CorrelationsOptions& options) {
  const absl::Time start = absl::Now();
  if (options.metrics.size() < 2) {
    return absl::InvalidArgumentError(
        absl::StrCat("--metrics: name at least two metrics, got ", options.metrics.size()));
  }
  if (options.methods.empty()) return absl::InvalidArgumentError("no correlation method");
  ASSIGN_OR_RETURN(const MetricTable table, internal::LoadToolTable(options.data, options.metrics));
  const size_t m = options.metrics.size();
  const std::vector<std::vector<double>> columns(table.columns.begin(), table.columns.begin() + m);

  ToolOutput out;
  out.log = internal::DataLog(table);
  out.csv = "method,metric_x,metric_y,value,n\n";
  std::vector<std::vector<std::vector<CorrelationValue>>> matrices;
  for (CorrelationMethod method : options.methods) {
    matrices.push_back(CorrelationMatrix(method, columns));
    const auto& matrix = matrices.back();
    std::vector<std::vector<std::string>> rows;
    rows.push_back({std::string(CorrelationMethodName(method))});
    for (size_t b = 0; b < m; ++b) rows[0].push_back(absl::StrCat("[", b + 1, "]"));
    int n_min = table.num_rows(), n_max = 0;
    for (size_t a = 0; a < m; ++a) {
      rows.push_back({absl::StrCat("[", a + 1, "] ", options.metrics[a])});
      for (size_t b = 0; b < m; ++b) {
        rows.back().push_back(Fixed(matrix[a][b].value, 4));
        n_min = std::min(n_min, matrix[a][b].n);
        n_max = std::max(n_max, matrix[a][b].n);
        absl::StrAppend(&out.csv,
                        CsvLine({std::string(CorrelationMethodName(method)), options.metrics[a],
                                 options.metrics[b], CsvNumber(matrix[a][b].value),
                                 absl::StrCat(matrix[a][b].n)}));
      }
    }
    absl::StrAppend(&out.text, internal::FormatTable(rows), "pairs per entry: ",
                    n_min == n_max ? absl::StrCat(n_min) : absl::StrCat(n_min, "..", n_max),
                    " (rows where both values are present)\n\n");
  }
  ASSIGN_OR_RETURN(const std::string wrote_csv,
                   internal::WriteOutput(options.out_csv, out.csv, "long CSV"));
  absl::StrAppend(&out.log, wrote_csv);
  if (!options.plot.empty()) {
    RETURN_IF_ERROR(WriteMatrixHeatmap(options, table.num_rows(), matrices[0]));
    absl::StrAppend(&out.log, "wrote ", options.plot, " (heatmap; gnuplot script ", options.plot,
                    ".gp)\n");
  }
  absl::StrAppend(&out.log, internal::TookLine(start));
  return out;
}

}  // namespace aimc::analysis
