// The flags every VANT target shares (--scale, --store_dir, --data_dir,
// --seed, --threads) and the run they describe: scale, model store and data.
// Missing data names the flag to pass. For the mains only.
#ifndef AIMC_EXPERIMENTS_VANT_CLI_H_
#define AIMC_EXPERIMENTS_VANT_CLI_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "experiments/vant/vant_models.h"

namespace aimc::experiments::vant {

struct CliRun {
  VantRun run;
  VantData data;
};

// After absl::ParseCommandLine.
absl::StatusOr<CliRun> RunFromFlags();

// The NT models at every σ of the test grid (the matched upper bound), with
// a progress line each on the run's log.
absl::StatusOr<std::vector<training::vant::TrainedCurve>> NtGridCurves(const VantRun& run,
                                                                       const VantData& data);

// A main's body: heap tunables, usage, flags, then run(); prints the wall
// time, or "name: <status>" and returns 1 on error.
int RunVantMain(int argc, char** argv, const char* usage, const char* name,
                absl::Status (*run)());

// "first seed: S; machine: N hardware threads, T torch threads; store: DIR".
std::string DescribeRun(const VantRun& run);

}  // namespace aimc::experiments::vant

#endif  // AIMC_EXPERIMENTS_VANT_CLI_H_
