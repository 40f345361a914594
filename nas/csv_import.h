// CSV importers into a BenchmarkStore (nas/benchmark_store.h).
//   nb201:   `index,arch,<dataset>_test_accuracy` (../shared/data/README.md):
//            NB201 API index, cell string, accuracy (%) -> arch_index and
//            baseline_accuracy; the dataset is read off the column name.
//   metrics: wide: an `arch` column (cell string, tuple or lexicographic
//            index; a tuple needs quotes) and metric-name columns
//            (MetricNames() minus avm/avm_1d) plus optional `arch_index`; one
//            row per cell. Long: header `arch,metric,value`, one row per value.
//            A drift mean may be AnalogNAS-Bench's "90.53 ± 0.28" (or "+-"),
//            which also sets its `_std`. Empty or "nan" is missing.
// Quoting follows RFC 4180 within a line. Accuracies must lie in 0..100, stds
// be >= 0, params/flops whole counts >= 0. Errors are InvalidArgument naming
// "file:line: column N (name)" (NotFound for a missing file). Thread-safe.
#ifndef AIMC_NAS_CSV_IMPORT_H_
#define AIMC_NAS_CSV_IMPORT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "nas/benchmark.pb.h"
#include "nas/benchmark_store.h"

namespace aimc::nas {

enum class CsvFormat { kNb201, kMetrics };

// "nb201" or "metrics"; InvalidArgument otherwise.
absl::StatusOr<CsvFormat> ParseCsvFormat(absl::string_view name);

struct CsvImportOptions {
  CsvFormat format = CsvFormat::kNb201;
  // Cells without `params` get ParamCount(cell) of the full CIFAR-10 network
  // (nas/cell_graph.h; C=16, N=5, K=10). Default true; turn it off for any
  // other network (small-scale runs), whose count this is not.
  bool fill_params = true;
  // Fields set here replace what the importer records (it sets `source`, and
  // `dataset` for nb201); `seeds` replace the imported ones when non-empty.
  Provenance provenance;
};

// Splits one CSV line into fields (RFC 4180 quotes, surrounding whitespace of
// unquoted fields dropped). InvalidArgument naming the column for an
// unterminated quote or text after a closing quote.
absl::StatusOr<std::vector<std::string>> SplitCsvLine(absl::string_view line);

// Imports CSV `text`; `source` names it in errors and provenance.
absl::StatusOr<BenchmarkStore> ImportCsv(absl::string_view text, absl::string_view source,
                                         const CsvImportOptions& options);

// Reads `path` and imports it.
absl::StatusOr<BenchmarkStore> ImportCsvFile(absl::string_view path,
                                             const CsvImportOptions& options);

}  // namespace aimc::nas

#endif  // AIMC_NAS_CSV_IMPORT_H_
