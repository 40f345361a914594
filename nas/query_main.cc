// bazel run //nas:query -- --benchmark=PATH --arch=STRING|TUPLE|INDEX|nb201:N
//     [--metric=NAME]
// Prints an architecture's forms, graph facts, stored metrics and the
// benchmark's provenance, or with --metric only that value.
#include <cstdio>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "nas/query_lib.h"

ABSL_FLAG(std::string, benchmark, "", "benchmark file (nas/benchmark.proto records)");
ABSL_FLAG(std::string, arch, "",
          "cell string, tuple such as (2,2,0,2,2,3), lexicographic index 0..15624, "
          "or nb201:N for the NB201 API index");
ABSL_FLAG(std::string, metric, "",
          "print only this metric (e.g. baseline_accuracy, analog_drift_86400, avm)");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Queries one architecture of an AnalogNAS-Bench benchmark file.\n"
      "  query --benchmark=PATH --arch=STRING|TUPLE|INDEX|nb201:N [--metric=NAME]");
  absl::ParseCommandLine(argc, argv);
  aimc::nas::QueryOptions options;
  options.benchmark_path = absl::GetFlag(FLAGS_benchmark);
  options.arch = absl::GetFlag(FLAGS_arch);
  options.metric = absl::GetFlag(FLAGS_metric);
  if (options.benchmark_path.empty() || options.arch.empty()) {
    std::fprintf(stderr, "error: --benchmark and --arch are required\n%s\n",
                 absl::ProgramUsageMessage().data());
    return 2;
  }
  const absl::StatusOr<std::string> result = aimc::nas::RunQuery(options);
  if (!result.ok()) {
    std::fprintf(stderr, "error: %s\n", result.status().ToString().c_str());
    return 1;
  }
  std::fputs(result->c_str(), stdout);
  return 0;
}
