// One entry per result of the AnalogNAS-Bench paper (README.md): Fig. 2
// (Kendall tau-b and the accuracy distributions), Figs. 3-4 (ops of robust vs
// non-robust cells), Fig. 6 (paths), Fig. 7 (HWT groups), Fig. 8 (ops under
// drift), Table 3 (drift drop statistics), Figs. 10-15 (graph features) and
// the paper's named classes. Each computes its tables and a list of findings
// (paper_lib.h) from a MetricTable, so tests run it on a synthetic table;
// RunPaperResult adds loading, thresholds and the printed report.
// Errors: InvalidArgument for bad options, the loader's errors, plot.h's
// errors for --plot. Thread-compatible.
#ifndef AIMC_EXPERIMENTS_ANALOGNAS_BENCH_PAPER_RESULTS_H_
#define AIMC_EXPERIMENTS_ANALOGNAS_BENCH_PAPER_RESULTS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
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

// "PATH" with "_suffix" before its extension: ("/a/f.png", "fig4") -> "/a/f_fig4.png".
std::string PanelPath(absl::string_view path, absl::string_view suffix);

}  // namespace aimc::experiments::anb_paper

#endif  // AIMC_EXPERIMENTS_ANALOGNAS_BENCH_PAPER_RESULTS_H_
