// The flags every VANT target shares (--scale, --store_dir, --data_dir,
// --seed, --threads) and the run they describe: scale, model store and data.
// Missing data names the flag to pass. For the mains only.
#ifndef AIMC_EXPERIMENTS_VANT_CLI_H_
#define AIMC_EXPERIMENTS_VANT_CLI_H_

#include <string>

#include "absl/status/statusor.h"
#include "experiments/vant/vant_models.h"

namespace aimc::experiments::vant {

struct CliRun {
  VantRun run;
  VantData data;
};

// After absl::ParseCommandLine.
absl::StatusOr<CliRun> RunFromFlags();

// "first seed: S; machine: N hardware threads, T torch threads; store: DIR".
std::string DescribeRun(const VantRun& run);

}  // namespace aimc::experiments::vant

#endif  // AIMC_EXPERIMENTS_VANT_CLI_H_
