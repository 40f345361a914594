// The qualitative checks every paper target ends its report with
// (vant_rasch_spec.md C): an id (T1a, F2b, ...), what it asks, what was
// measured, and whether it holds; and the experiment mains' shared body.
// Plain C++. Thread-safe (values and pure functions).
#ifndef AIMC_EXPERIMENTS_CHECKS_H_
#define AIMC_EXPERIMENTS_CHECKS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace aimc::experiments {

struct Check {
  std::string id;
  std::string criterion;
  std::string measured;
  bool pass = false;
};

// One "CHECK id PASS|FAIL measured (criterion)" line per check.
std::string FormatChecks(const std::vector<Check>& checks);

// "first seed: S; machine: N hardware threads, T torch threads; store: DIR",
// the run line every paper report prints.
std::string DescribeRunLine(uint64_t seed, int threads, const std::string& store_dir);

// A paper target's main: heap tunables, usage, flags, then run(); prints
// "wall time: S s <footer>" after it, or "name: <status>" on stderr and
// returns 1 on error.
int RunExperimentMain(int argc, char** argv, const char* usage, const char* name,
                      const char* footer, absl::Status (*run)());

}  // namespace aimc::experiments

#endif  // AIMC_EXPERIMENTS_CHECKS_H_
