// bazel run //experiments/analognas_bench/paper:<result> --
//     [--benchmark=FILE | --csv=FILE [--csv_baseline_column=NAME]]
//     [--thresholds=relative|paper] [--drop_reference=branch|baseline]
//     [--one_per_class] [--method=spearman|kendall|pearson] [--plot=FILE.png|.svg]
//     table1_nas: [--algorithms=all|KEY,...] [--trials=5] [--slow_trials=-1]
//     [--budget=150] [--seed=0] [--surrogate_train=900] [--analognas_avm_max=10]
// One binary per paper result (results.h); PAPER_RESULT names it at build time.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/status_macros.h"
#include "experiments/analognas_bench/paper/results.h"

#ifndef PAPER_RESULT
#error "PAPER_RESULT must name the result (BUILD local_defines)"
#endif

ABSL_FLAG(std::string, benchmark, "",
          "benchmark file; default $BUILD_WORKSPACE_DIRECTORY/"
          "experiments/analognas_bench/benchmarks/tiny_stratified1000.bench");
ABSL_FLAG(std::string, csv, "",
          "CSV with an `arch` column instead (e.g. ../shared/data/nas_bench_201/"
          "cifar10_test_accuracy.csv: digital accuracy only)");
ABSL_FLAG(std::string, csv_baseline_column, "cifar10_test_accuracy",
          "the --csv column read as baseline_accuracy");
ABSL_FLAG(std::string, thresholds, "relative",
          "relative: the paper's thresholds as the same quantile of our distributions; paper: "
          "as printed (for full-scale data)");
ABSL_FLAG(std::string, drop_reference, "branch",
          "drift drop from the branch's static accuracy (branch) or from baseline_accuracy");
ABSL_FLAG(bool, one_per_class, false, "keep one cell per isomorphism class");
ABSL_FLAG(std::string, method, "spearman", "Figs. 10-15 coefficient: spearman, kendall, pearson");
ABSL_FLAG(std::string, plot, "", "write the figure (.png or .svg; needs gnuplot-nox)");
ABSL_FLAG(std::string, algorithms, "all",
          "table1_nas: comma-separated nas/search registry keys, or all");
ABSL_FLAG(int, trials, 5, "table1_nas: seeds per algorithm and mode");
ABSL_FLAG(int, slow_trials, -1,
          "table1_nas: seeds for bayesian_optimization and bananas; -1 = --trials");
ABSL_FLAG(int, budget, 150, "table1_nas: distinct queries per trial (the paper gives none)");
ABSL_FLAG(uint64_t, seed, 0, "table1_nas: the search streams' seed");
ABSL_FLAG(int, surrogate_train, 900, "table1_nas: distinct covered cells per XGBoost surrogate");
ABSL_FLAG(double, analognas_avm_max, 10,
          "table1_nas: AnalogNAS's constraint (predicted) AVM <= this (§3.3); inf = none");

namespace {

absl::StatusOr<std::string> Run() {
  namespace p = aimc::experiments::anb_paper;
  ASSIGN_OR_RETURN(const p::PaperResult* result, p::FindPaperResult(PAPER_RESULT));
  p::ResultOptions o;
  const char* workspace = std::getenv("BUILD_WORKSPACE_DIRECTORY");
  o.default_benchmark = p::DefaultBenchmarkPath(workspace ? workspace : "");
  o.data.csv_path = absl::GetFlag(FLAGS_csv);
  o.data.benchmark_path = absl::GetFlag(FLAGS_benchmark);
  if (o.data.csv_path.empty() && o.data.benchmark_path.empty()) {
    o.data.benchmark_path = o.default_benchmark;
  }
  o.data.csv_baseline_column = absl::GetFlag(FLAGS_csv_baseline_column);
  o.data.one_per_class = absl::GetFlag(FLAGS_one_per_class);
  ASSIGN_OR_RETURN(o.thresholds, p::ParseThresholdMode(absl::GetFlag(FLAGS_thresholds)));
  ASSIGN_OR_RETURN(o.drop_reference, p::ParseDropReference(absl::GetFlag(FLAGS_drop_reference)));
  ASSIGN_OR_RETURN(o.method, aimc::ParseCorrelationMethod(absl::GetFlag(FLAGS_method)));
  o.plot = absl::GetFlag(FLAGS_plot);
  if (const std::string a = absl::GetFlag(FLAGS_algorithms); a != "all") {
    o.search.algorithms = absl::StrSplit(a, ',', absl::SkipWhitespace());
  }
  o.search.trials = absl::GetFlag(FLAGS_trials);
  o.search.slow_trials = absl::GetFlag(FLAGS_slow_trials);
  o.search.budget = absl::GetFlag(FLAGS_budget);
  o.search.seed = absl::GetFlag(FLAGS_seed);
  o.search.surrogate_train = absl::GetFlag(FLAGS_surrogate_train);
  o.search.analognas_avm_max = absl::GetFlag(FLAGS_analognas_avm_max);
  return p::RunPaperResult(*result, o);
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(absl::StrCat(
      PAPER_RESULT, ": one AnalogNAS-Bench paper result, paper | ours | verdict.\n  ", PAPER_RESULT,
      " [--benchmark=FILE | --csv=FILE] [--thresholds=relative|paper] [--plot=FILE.png]"));
  absl::ParseCommandLine(argc, argv);
  const absl::StatusOr<std::string> out = Run();
  if (!out.ok()) {
    std::fprintf(stderr, "%s: %s\n", PAPER_RESULT, out.status().ToString().c_str());
    return 1;
  }
  std::fputs(out->c_str(), stdout);
  return 0;
}
