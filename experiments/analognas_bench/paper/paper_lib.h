// Shared plumbing of the AnalogNAS-Bench paper targets (README.md): where the
// data comes from (a benchmark file with its Provenance, or the real NB201
// CSV for digital-only facts), the "finding | paper | ours | verdict" table
// every target prints, aligned text tables, and the paper's quoted numbers.
// Units: accuracies and drops in percentage points, shares in %.
// Errors: Load* return NotFound for a missing file (naming the flag and, for
// the default benchmark, the command that regenerates it) and whatever
// nas::BenchmarkStore / analysis::MetricTable return; the rest is total.
// Thread-compatible (value types and pure functions).
#ifndef AIMC_EXPERIMENTS_ANALOGNAS_BENCH_PAPER_PAPER_LIB_H_
#define AIMC_EXPERIMENTS_ANALOGNAS_BENCH_PAPER_PAPER_LIB_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "analysis/metric_table.h"
#include "nas/benchmark.pb.h"

namespace aimc::experiments::anb_paper {

// The benchmark every target reads by default, relative to the workspace.
inline constexpr absl::string_view kDefaultBenchmark =
    "experiments/analognas_bench/benchmarks/tiny_stratified1000.bench";

// `workspace`/kDefaultBenchmark, or kDefaultBenchmark when `workspace` is
// empty (pass $BUILD_WORKSPACE_DIRECTORY, set by `bazel run`).
std::string DefaultBenchmarkPath(absl::string_view workspace);

// Where a target's numbers come from: exactly one of the two paths.
struct PaperData {
  std::string benchmark_path;
  // A CSV with an `arch` column (analysis/metric_table.h). Its column
  // `csv_baseline_column` is read as baseline_accuracy; other metrics are
  // read from columns of their own name when present.
  std::string csv_path;
  std::string csv_baseline_column = "cifar10_test_accuracy";
  // Keep one cell per isomorphism class (nas/cell_graph.h IsomorphismKey, the
  // lowest lexicographic index): a merged benchmark fans each trained record
  // out to every class member, which weights classes by their size.
  bool one_per_class = false;
};

struct LoadedData {
  analysis::MetricTable table;  // names = the requested metrics found, in order
  std::vector<std::string> missing;  // requested metrics the source lacks (CSV only)
  std::string description;  // "data:", "scale:", "provenance:" and "cells:" lines
};

// Loads `metrics` (benchmark metric names or graph features). A benchmark
// file must hold every metric; a CSV may lack all but `required`. NotFound
// for a missing file: the message names `--benchmark` or `--csv` and, when
// the path is `default_benchmark`, the merge command that regenerates it.
absl::StatusOr<LoadedData> LoadPaperData(const PaperData& data,
                                         absl::Span<const std::string> metrics,
                                         absl::Span<const std::string> required,
                                         absl::string_view default_benchmark = "");

// "scale: ...\nprovenance: dataset ...; preset ...; seeds ...; ...\n".
std::string ProvenanceText(const nas::Provenance& provenance);

// One qualitative claim of the paper checked on our data.
enum class Verdict { kHolds, kDoesNotHold, kNotTestable };
absl::string_view VerdictName(Verdict verdict);  // "HOLDS", "DOES NOT HOLD", "n/a"

struct Finding {
  std::string claim;  // e.g. "robust cells have fewer 1x1 convs (Fig. 3)"
  std::string paper;  // the paper's numbers, e.g. "9.50 vs 26.10 %"
  std::string ours;   // ours, same form
  Verdict verdict = Verdict::kNotTestable;
  std::string note;   // why n/a, or a caveat; may be empty
};

// kHolds / kDoesNotHold from `holds`, or kNotTestable (note `why`) when any
// of `inputs` is NaN.
Finding Check(std::string claim, std::string paper, std::string ours, bool holds,
              std::initializer_list<double> inputs = {}, std::string why = "missing values");

// The findings table (header "finding | paper | ours | verdict") and a
// one-line count "N findings: H hold, D do not hold, U not testable".
std::string FormatFindings(absl::Span<const Finding> findings);

// Columns padded to their widest cell, two spaces apart; rows[0] is the header.
std::string FormatTable(const std::vector<std::vector<std::string>>& rows);
// Fixed decimals, "-" for NaN.
std::string Fixed(double value, int decimals = 2);
// "a vs b" with fixed decimals.
std::string Vs(double a, double b, int decimals = 2);

// The column of `name` in `table`. REQUIRES: `name` was loaded (the callers
// load their metrics first; a missing one is a programming error).
absl::Span<const double> Col(const analysis::MetricTable& table, absl::string_view name);
// True when `name` is a column of `table`.
bool Has(const analysis::MetricTable& table, absl::string_view name);

// The five static accuracies and the eight drift accuracies, in the order of
// Fig. 2 (baseline, ptq, qat, noisy, analog, noisy_drift_60 ... analog_drift_2592000).
std::vector<std::string> AccuracyMetrics();
// "60s", "1h", "1d", "30d" for nas::kDriftTimesS[t].
absl::string_view DriftLabel(int t);
// "noisy_drift_60" etc. REQUIRES: 0 <= t < 4.
std::string DriftMetric(absl::string_view branch, int t);

}  // namespace aimc::experiments::anb_paper

#endif  // AIMC_EXPERIMENTS_ANALOGNAS_BENCH_PAPER_PAPER_LIB_H_
