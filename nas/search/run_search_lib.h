// The library behind `bazel run //nas/search:run_search`: runs registry
// algorithms for repeated trials on an NB201 CSV (table_objective.h) and
// formats mean ± sd of the best true value and its rank (trials.h), with the
// data, scale, seeds and machine. Errors: the CSV's, NotFound for an unknown
// algorithm (listing the known ones), InvalidArgument for bad numbers.
// Thread-compatible.
#ifndef AIMC_NAS_SEARCH_RUN_SEARCH_LIB_H_
#define AIMC_NAS_SEARCH_RUN_SEARCH_LIB_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "nas/objective.h"

namespace aimc::nas::search {

struct RunSearchOptions {
  std::vector<std::string> algorithms;  // registry keys
  std::string csv_path;                 // index,arch,<metric> (../shared/data format)
  // Or a benchmark file (nas/benchmark_store.h) and any of its metrics,
  // optionally subject to `constraint_metric` <= `constraint_max` (e.g. the
  // Table-1 objective analog_drift_86400 with avm <= 10).
  std::string benchmark_path;
  std::string metric = "analog_drift_86400";
  std::string constraint_metric;
  double constraint_max = 10;
  int budget = 150;
  int num_trials = 5;
  uint64_t seed = 0;
  int surrogate_train = 0;  // 0: direct; N: the Table-1 surrogate mode on N cells
  std::string surrogate_features = "one_hot";  // ParseFeatureSet text form (features.h)
  int num_threads = 1;      // XGBoost threads
};

// "all" -> every registry key; else a comma-separated list, each checked.
absl::StatusOr<std::vector<std::string>> ParseAlgorithmList(absl::string_view text);

// Reads the CSV or the benchmark file and runs every algorithm; returns the
// report text.
absl::StatusOr<std::string> RunSearch(const RunSearchOptions& options);

// The same on an objective already loaded (`objective` is the truth too).
absl::StatusOr<std::string> RunSearchOn(Objective& objective, absl::string_view data_description,
                                        const RunSearchOptions& options);

}  // namespace aimc::nas::search

#endif  // AIMC_NAS_SEARCH_RUN_SEARCH_LIB_H_
