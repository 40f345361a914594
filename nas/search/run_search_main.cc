// bazel run //nas/search:run_search -- --algorithm=NAME|all --csv=PATH
//     [--budget=150] [--trials=5] [--seed=0] [--surrogate_train=0|900]
//     [--surrogate_features=one_hot] [--threads=1]
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "nas/search/run_search_lib.h"

ABSL_FLAG(std::string, algorithm, "all", "registry key, comma-separated keys, or 'all'");
ABSL_FLAG(std::string, csv, "", "NB201 table: index,arch,<metric> (e.g. ../shared/data/"
                                "nas_bench_201/cifar10_test_accuracy.csv)");
ABSL_FLAG(std::string, benchmark, "", "benchmark file (instead of --csv; nas:import_csv makes one)");
ABSL_FLAG(std::string, metric, "analog_drift_86400", "with --benchmark: the metric to maximise");
ABSL_FLAG(std::string, constraint, "",
          "with --benchmark: METRIC<=VALUE, e.g. avm<=10 (nas_spec.md 3.3)");
ABSL_FLAG(int, budget, 150, "distinct queries per trial");
ABSL_FLAG(int, trials, 5, "trials (seeds) per algorithm");
ABSL_FLAG(uint64_t, seed, 0, "seed of every random stream");
ABSL_FLAG(int, surrogate_train, 0,
          "0: query the table; N (paper: 900): query an XGBoost surrogate fitted to N cells");
ABSL_FLAG(std::string, surrogate_features, "one_hot",
          "surrogate features: one_hot, path, truncated_path, tuple, graph joined by '+'");
ABSL_FLAG(int, threads, 1, "XGBoost threads");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "NB201 search algorithms over repeated trials: mean ± sd of the best true value and rank.");
  absl::ParseCommandLine(argc, argv);
  aimc::nas::search::RunSearchOptions o;
  const auto algorithms = aimc::nas::search::ParseAlgorithmList(absl::GetFlag(FLAGS_algorithm));
  if (!algorithms.ok()) {
    std::fprintf(stderr, "error: %s\n", std::string(algorithms.status().message()).c_str());
    return 2;
  }
  o.algorithms = *algorithms;
  o.csv_path = absl::GetFlag(FLAGS_csv);
  o.benchmark_path = absl::GetFlag(FLAGS_benchmark);
  o.metric = absl::GetFlag(FLAGS_metric);
  if (o.csv_path.empty() == o.benchmark_path.empty()) {
    std::fprintf(stderr, "error: pass exactly one of --csv or --benchmark\n");
    return 2;
  }
  if (const std::string c = absl::GetFlag(FLAGS_constraint); !c.empty()) {
    const std::vector<std::string> parts = absl::StrSplit(c, "<=");
    if (parts.size() != 2 || !absl::SimpleAtod(parts[1], &o.constraint_max)) {
      std::fprintf(stderr, "error: --constraint: expected METRIC<=VALUE, got '%s'\n", c.c_str());
      return 2;
    }
    o.constraint_metric = parts[0];
  }
  // `bazel run` starts in the runfiles tree: relative paths mean the checkout.
  const char* workspace = std::getenv("BUILD_WORKSPACE_DIRECTORY");
  for (std::string* path : {&o.csv_path, &o.benchmark_path}) {
    if (!path->empty() && (*path)[0] != '/' && workspace != nullptr) {
      *path = std::string(workspace) + "/" + *path;
    }
  }
  o.budget = absl::GetFlag(FLAGS_budget);
  o.num_trials = absl::GetFlag(FLAGS_trials);
  o.seed = absl::GetFlag(FLAGS_seed);
  o.surrogate_train = absl::GetFlag(FLAGS_surrogate_train);
  o.surrogate_features = absl::GetFlag(FLAGS_surrogate_features);
  o.num_threads = absl::GetFlag(FLAGS_threads);
  const auto report = aimc::nas::search::RunSearch(o);
  if (!report.ok()) {
    std::fprintf(stderr, "error: %s\n", report.status().ToString().c_str());
    return 1;
  }
  std::fputs(report->c_str(), stdout);
  return 0;
}
