// bazel run //experiments/analognas_bench/zero_cost:zero_cost_robustness --
//     [--benchmark=FILE] [--seeds=5] [--target=analog_30d] [--seed=0]
//     [--test_fraction=0.3] [--train_sizes=25,50,100,200,500,900] [--threads=1]
// Zero-cost robustness proxies vs the XGBoost surrogate (zero_cost_lib.h).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "experiments/analognas_bench/zero_cost/zero_cost_lib.h"

ABSL_FLAG(std::string, benchmark, "",
          "benchmark file; default $BUILD_WORKSPACE_DIRECTORY/"
          "experiments/analognas_bench/benchmarks/tiny_stratified1000.bench");
ABSL_FLAG(int, seeds, 5, "splits into pool and test classes (mean ± sd over them)");
ABSL_FLAG(std::string, target, "analog_30d",
          "drop to predict: analog_{60s,1h,1d,30d} (analog_accuracy - analog_drift_T), "
          "noisy_{60s,1h,1d,30d}, or noise (baseline_accuracy - noisy_accuracy)");
ABSL_FLAG(uint64_t, seed, 0, "stream seed of the splits");
ABSL_FLAG(double, test_fraction, 0.3, "held-out share of the isomorphism classes");
ABSL_FLAG(std::string, train_sizes, "25,50,100,200,500,900",
          "labelled pool cells N for the surrogates and the selected proxy (capped at the pool)");
ABSL_FLAG(int, threads, 1, "XGBoost threads");

namespace {

absl::StatusOr<std::string> Run() {
  namespace z = aimc::experiments::zero_cost;
  z::ZeroCostOptions o;
  o.target = absl::GetFlag(FLAGS_target);
  o.num_seeds = absl::GetFlag(FLAGS_seeds);
  o.seed = absl::GetFlag(FLAGS_seed);
  o.test_fraction = absl::GetFlag(FLAGS_test_fraction);
  o.num_threads = absl::GetFlag(FLAGS_threads);
  o.train_sizes.clear();
  for (absl::string_view item :
       absl::StrSplit(absl::GetFlag(FLAGS_train_sizes), ',', absl::SkipWhitespace())) {
    int n = 0;
    if (!absl::SimpleAtoi(item, &n)) {
      return absl::InvalidArgumentError(
          absl::StrCat("--train_sizes: '", item, "' is not an integer"));
    }
    o.train_sizes.push_back(n);
  }
  const char* workspace = std::getenv("BUILD_WORKSPACE_DIRECTORY");
  const std::string default_benchmark = z::DefaultBenchmarkPath(workspace ? workspace : "");
  std::string path = absl::GetFlag(FLAGS_benchmark);
  if (path.empty()) path = default_benchmark;
  return z::RunZeroCost(path, default_benchmark, o);
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "zero_cost_robustness: training-free robustness proxies vs the XGBoost surrogate.\n"
      "  zero_cost_robustness [--benchmark=FILE] [--seeds=5] [--target=analog_30d]");
  absl::ParseCommandLine(argc, argv);
  const absl::StatusOr<std::string> out = Run();
  if (!out.ok()) {
    std::fprintf(stderr, "zero_cost_robustness: %s\n", out.status().ToString().c_str());
    return 1;
  }
  std::fputs(out->c_str(), stdout);
  return 0;
}
