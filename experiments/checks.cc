#include "experiments/checks.h"

#include <cstdio>
#include <thread>

#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/malloc_tuning.h"

namespace aimc::experiments {

std::string FormatChecks(const std::vector<Check>& checks) {
  std::string out;
  for (const Check& c : checks) {
    absl::StrAppend(&out, "CHECK ", c.id, " ", c.pass ? "PASS" : "FAIL", " ", c.measured, " (",
                    c.criterion, ")\n");
  }
  return out;
}

std::string DescribeRunLine(uint64_t seed, int threads, const std::string& store_dir) {
  return absl::StrCat("first seed: ", seed, "; machine: ", std::thread::hardware_concurrency(),
                      " hardware threads, ", threads, " torch threads; store: ", store_dir);
}

int RunExperimentMain(int argc, char** argv, const char* usage, const char* name,
                      const char* footer, absl::Status (*run)()) {
  absl::SetProgramUsageMessage(usage);
  RetainFreedMemory(argv);  // LibTorch training re-allocates every step
  absl::ParseCommandLine(argc, argv);
  const absl::Time start = absl::Now();
  const absl::Status status = run();
  if (!status.ok()) {
    std::fprintf(stderr, "%s: %s\n", name, status.ToString().c_str());
    return 1;
  }
  std::printf("wall time: %.1f s %s\n", absl::ToDoubleSeconds(absl::Now() - start), footer);
  return 0;
}

}  // namespace aimc::experiments
