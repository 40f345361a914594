// Zero-cost robustness proxies vs the XGBoost surrogate on a generated
// AnalogNAS-Bench benchmark (issue 12; README.md): the covered cells are reduced
// to one cell per isomorphism class, the classes are split per seed into a pool
// and a held-out test set, and every method ranks the test cells by predicted
// drop (reference accuracy - degraded accuracy, percentage points). Reported per
// method, mean ± sample sd over seeds: Kendall tau-b against the true drop and
// top-k precision for the k % most robust (lowest-drop) test cells. Methods: the
// fixed proxies of analysis/zero_cost_robustness.h (no labels), the proxy chosen
// on N pool labels, and XGBoost (nas/search/surrogate.h) on N pool cells with the
// 30-dim one-hot or the 191 GRAF features. Errors: NotFound for a missing file
// (naming --benchmark and, for the default, the merge command), InvalidArgument
// for bad options or too few cells, the store's and XGBoost's errors otherwise.
// Thread-compatible (pure functions over value types).
#ifndef AIMC_EXPERIMENTS_ANALOGNAS_BENCH_ZERO_COST_ZERO_COST_LIB_H_
#define AIMC_EXPERIMENTS_ANALOGNAS_BENCH_ZERO_COST_ZERO_COST_LIB_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "nas/benchmark_store.h"

namespace aimc::experiments::zero_cost {

// The benchmark read by default, relative to the workspace.
inline constexpr absl::string_view kDefaultBenchmark =
    "experiments/analognas_bench/benchmarks/tiny_stratified1000.bench";

// `workspace`/kDefaultBenchmark, or kDefaultBenchmark when `workspace` is empty
// (pass $BUILD_WORKSPACE_DIRECTORY, which `bazel run` sets).
std::string DefaultBenchmarkPath(absl::string_view workspace);

// What "drop" means: reference - degraded, both benchmark metric names.
struct DropTarget {
  std::string name;       // e.g. "analog_30d"
  std::string reference;  // e.g. "analog_accuracy"
  std::string degraded;   // e.g. "analog_drift_2592000"
};

// analog_60s, analog_1h, analog_1d, analog_30d (analog_accuracy -
// analog_drift_T: the HWT branch under drift), noisy_60s ... noisy_30d (the
// same for the noisy branch), and noise (baseline_accuracy - noisy_accuracy,
// the paper's §3.2 noisy drop). InvalidArgument listing the names otherwise.
absl::StatusOr<DropTarget> ParseDropTarget(absl::string_view name);

struct ZeroCostOptions {
  std::string target = "analog_30d";  // ParseDropTarget
  int num_seeds = 5;                  // splits (and surrogate samples); >= 1
  uint64_t seed = 0;                  // stream seed of the splits; seed s uses instance s
  double test_fraction = 0.3;         // held-out share of the classes, (0, 1)
  // Pool labels N for the surrogates and the selected proxy; each is capped at
  // the pool size (duplicates after capping are dropped). Each >= 2.
  std::vector<int> train_sizes = {25, 50, 100, 200, 500, 900};
  std::vector<double> top_fractions = {0.05, 0.10, 0.20};  // each in (0, 1]
  int num_threads = 1;  // XGBoost threads (fixed for determinism); >= 1
};

absl::Status Validate(const ZeroCostOptions& options);

// One method at one label count: per-seed values, in seed order.
struct MethodResult {
  std::string
      method;      // "chance", "proxy conv_count", "selected proxy", "xgboost one-hot (30)", ...
  int labels = 0;  // pool labels the method used (0: none)
  std::vector<double> tau;                     // [seed]; NaN when undefined
  std::vector<std::vector<double>> precision;  // [fraction][seed]
  std::string note;                            // e.g. the proxies the selection chose
};

struct ZeroCostReport {
  std::string header;  // data, scale, provenance, target, cells, split, seeds, machine lines
  std::vector<MethodResult> rows;
  std::vector<int> train_sizes;  // after capping, ascending
  int num_classes = 0;           // one cell each
  int num_test = 0;
  int num_pool = 0;
  std::string text;  // the table and the summary (who wins, from which N)
};

// Evaluates every method on `store`; `source` names it in the header.
absl::StatusOr<ZeroCostReport> EvaluateZeroCost(const nas::BenchmarkStore& store,
                                                absl::string_view source,
                                                const ZeroCostOptions& options);

// Loads `benchmark_path` and returns the whole printout: header, table,
// summary and the wall time. `default_benchmark` is the path used when no
// --benchmark was given (its NotFound names the command that rebuilds it).
absl::StatusOr<std::string> RunZeroCost(absl::string_view benchmark_path,
                                        absl::string_view default_benchmark,
                                        const ZeroCostOptions& options);

}  // namespace aimc::experiments::zero_cost

#endif  // AIMC_EXPERIMENTS_ANALOGNAS_BENCH_ZERO_COST_ZERO_COST_LIB_H_
