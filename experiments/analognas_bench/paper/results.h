// One entry per result of the AnalogNAS-Bench paper (README.md): Fig. 2
// (Kendall tau-b and the accuracy distributions), Figs. 3-4 (ops of robust vs
// non-robust cells), Fig. 6 (paths), Fig. 7 (HWT groups), Fig. 8 (ops under
// drift), Table 3 (drift drop statistics), Figs. 10-15 (graph features),
// the paper's named classes and Table 1 (the NAS methods, run by nas/search). Each computes its tables and a list of findings
// (paper_lib.h) from a MetricTable, so tests run it on a synthetic table;
// RunPaperResult adds loading, thresholds and the printed report.
// Errors: InvalidArgument for bad options, the loader's errors, plot.h's
// errors for --plot. Thread-compatible.
#ifndef AIMC_EXPERIMENTS_ANALOGNAS_BENCH_PAPER_RESULTS_H_
#define AIMC_EXPERIMENTS_ANALOGNAS_BENCH_PAPER_RESULTS_H_

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "analysis/metric_table.h"
#include "common/correlation.h"
#include "experiments/analognas_bench/paper/paper_classes.h"
#include "experiments/analognas_bench/paper/paper_lib.h"

namespace aimc::experiments::anb_paper {

struct ResultOptions {
  PaperData data;
  // Path whose absence gets the "regenerate with merge" message.
  std::string default_benchmark;
  ThresholdMode thresholds = ThresholdMode::kRelative;
  DropReference drop_reference = DropReference::kBranch;
  // Figs. 10-15: the paper does not name its coefficient (nas_spec §2.6).
  CorrelationMethod method = CorrelationMethod::kSpearman;
  // The figure (.png/.svg); results with several panels add "_<panel>"
  // before the extension. Empty = none.
  std::string plot;
  // table1_nas only: the search protocol (the paper gives no budget).
  struct Search {
    std::vector<std::string> algorithms;  // registry keys (nas/search/registry.h); empty = all
    int trials = 5;       // seeds 0..trials-1 per algorithm and mode; >= 1
    int slow_trials = -1; // bayesian_optimization and bananas (the slow ones); -1 = trials
    int budget = 150;     // distinct queries per trial (NASLib/naszilla NB201); >= 1
    uint64_t seed = 0;    // StreamKey seed (nas/search/trials.h streams)
    int surrogate_train = 900;  // distinct covered cells per surrogate (§3.0); 2..covered
    double penalty = 0;   // value of a cell the data lacks (%); below every accuracy
    // AnalogNAS's constraint (§3.3): (predicted) AVM <= this; inf = none.
    double analognas_avm_max = 10;
  } search;
};

struct Report {
  std::string text;               // the result's tables
  std::vector<Finding> findings;  // printed as "finding | paper | ours | verdict"
  std::string log;                // files written
};

using ResultFunction = absl::StatusOr<Report> (*)(const analysis::MetricTable& table,
                                                  const Thresholds& thresholds,
                                                  const ResultOptions& options);

struct PaperResult {
  std::string name;  // the bazel target, e.g. "fig2_kendall"
  std::string what;  // one line: the paper's figure or table
  std::vector<std::string> metrics;   // loaded
  std::vector<std::string> required;  // a --csv must hold these
  ResultFunction run;
  bool uses_thresholds = true;  // false: the threshold table is not printed
};

// The registry, in paper order.
const std::vector<PaperResult>& PaperResults();
// InvalidArgument listing the names for an unknown one.
absl::StatusOr<const PaperResult*> FindPaperResult(absl::string_view name);

// Loads options.data, resolves the thresholds, runs `result` and returns the
// whole report: data, scale, provenance and cell lines, thresholds, tables,
// findings, files written.
absl::StatusOr<std::string> RunPaperResult(const PaperResult& result,
                                           const ResultOptions& options);

// The results (see PaperResults() for what each reproduces).
absl::StatusOr<Report> Fig2Kendall(const analysis::MetricTable& table, const Thresholds& th,
                                   const ResultOptions& options);
absl::StatusOr<Report> Fig34Ops(const analysis::MetricTable& table, const Thresholds& th,
                                const ResultOptions& options);
absl::StatusOr<Report> Fig6Paths(const analysis::MetricTable& table, const Thresholds& th,
                                 const ResultOptions& options);
absl::StatusOr<Report> Fig7HwtGroups(const analysis::MetricTable& table, const Thresholds& th,
                                     const ResultOptions& options);
absl::StatusOr<Report> Fig8DriftByOp(const analysis::MetricTable& table, const Thresholds& th,
                                     const ResultOptions& options);
absl::StatusOr<Report> Table3Drift(const analysis::MetricTable& table, const Thresholds& th,
                                   const ResultOptions& options);
absl::StatusOr<Report> Figs10To15Features(const analysis::MetricTable& table,
                                          const Thresholds& th, const ResultOptions& options);
absl::StatusOr<Report> RobustnessClassesResult(const analysis::MetricTable& table,
                                               const Thresholds& th,
                                               const ResultOptions& options);
// Table 1 (§4): every registry search algorithm, direct and in the Table-1
// surrogate mode, on the table's cells only (table1_nas.cc; README.md).
absl::StatusOr<Report> Table1Nas(const analysis::MetricTable& table, const Thresholds& th,
                                 const ResultOptions& options);

// One Table-1 method as run (means over trials of the returned cell's values;
// NaN when not run or not in the data). Accuracies and AVM in %.
struct Table1Row {
  std::string key;   // registry key, e.g. "random_search"
  std::string mode;  // "direct" or "surrogate"
  double baseline = NAN, noisy = NAN, one_day = NAN;
  double one_day_arch_std = NAN;  // mean stored analog_drift_86400_std of the returned cells
  double one_day_seed_sd = NAN;   // sample sd over trials of the returned cells' 1-day
  double avm = NAN, avm_seed_sd = NAN;
  double params_k = NAN;          // thousands of parameters
  double seconds = NAN;           // mean search time per trial
  double rank = NAN, rank_sd = NAN;
};

// The finding | paper | ours | verdict rows of Table 1 from the rows of the
// Table-1 protocol (exhaustive and bananas direct, the others surrogate; one
// per key) and the surrogate-mode rows (`surrogate`). digital_only: the data
// has baseline accuracy only (--csv): the compared accuracy is baseline and
// findings on 1-day, AVM or Params are n/a.
std::vector<Finding> Table1Findings(absl::Span<const Table1Row> protocol,
                                    absl::Span<const Table1Row> surrogate, bool digital_only);

// "PATH" with "_suffix" before its extension: ("/a/f.png", "fig4") -> "/a/f_fig4.png".
std::string PanelPath(absl::string_view path, absl::string_view suffix);

}  // namespace aimc::experiments::anb_paper

#endif  // AIMC_EXPERIMENTS_ANALOGNAS_BENCH_PAPER_RESULTS_H_
