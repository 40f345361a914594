// The library of `bazel run //nas:query`: one architecture of a benchmark
// file, in every form (cell string, tuple, lexicographic index, NB201 index),
// its graph facts (nas/cell_graph.h: disconnected, pruned, isomorphism key,
// closed-form parameter count), every stored metric (drift as mean ± std, %)
// and the benchmark's provenance; or a single metric's value.
// Errors: what BenchmarkStore::Load, FindArch and Metric return (NotFound,
// DataLoss, InvalidArgument). Thread-safe: pure functions of their inputs.
#ifndef AIMC_NAS_QUERY_LIB_H_
#define AIMC_NAS_QUERY_LIB_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "nas/benchmark.pb.h"
#include "nas/benchmark_store.h"

namespace aimc::nas {

struct QueryOptions {
  std::string benchmark_path;  // a benchmark file (nas/benchmark.proto)
  std::string arch;            // anything BenchmarkStore::FindArch accepts
  std::string metric;          // empty: the full description
};

// The multi-line description of `arch` (FindArch forms), or NotFound.
absl::StatusOr<std::string> DescribeArch(const BenchmarkStore& store, absl::string_view arch);

// One value, "%.10g" and a newline (e.g. "94.37333333\n").
absl::StatusOr<std::string> QueryMetric(const BenchmarkStore& store, absl::string_view arch,
                                        absl::string_view metric);

// Provenance lines, two-space indented, unset fields omitted.
std::string FormatProvenance(const Provenance& provenance);

// Loads the benchmark and returns DescribeArch or QueryMetric.
absl::StatusOr<std::string> RunQuery(const QueryOptions& options);

}  // namespace aimc::nas

#endif  // AIMC_NAS_QUERY_LIB_H_
