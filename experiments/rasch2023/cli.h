// The flags every Rasch 2023 target shares (--scale, --store_dir, --data_dir,
// --seed, --threads, --nets, --format) and the run they describe; missing
// data names the flag to pass. Plus the loops the tables share: every
// training trial of an HWA variant evaluated on a setting. For the mains only.
#ifndef AIMC_EXPERIMENTS_RASCH2023_CLI_H_
#define AIMC_EXPERIMENTS_RASCH2023_CLI_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "experiments/rasch2023/rasch_models.h"

namespace aimc::experiments::rasch2023 {

struct CliRun {
  RaschRun run;
  RaschData data;              // no default: built by RunFromFlags
  std::vector<RaschNet> nets;  // --nets
  bool csv = false;            // --format=csv
};

// After absl::ParseCommandLine.
absl::StatusOr<CliRun> RunFromFlags();

// The title, scale, data, seeds and machine lines, then the report (its
// choices first, its checks last) in --format: the header goes to stdout for
// text, to stderr for csv (which stays pure CSV).
void PrintReport(const CliRun& cli, const std::string& title, const Report& report);

// Errors of training trials 0..training_trials-1 of `spec` on `setting`
// (trained and evaluated unless stored); `setting_for` may adapt the tile to
// the model (e.g. its own TILE mapping), nullptr = as given.
absl::StatusOr<std::vector<DriftErrors>> HwaTrialErrors(const RaschRun& run, const RaschData& data,
                                                        RaschNet net, const HwaSpec& spec,
                                                        const EvalSetting& setting);

// The setting with a TILE-trained model's own mapping ([5]-style); others as given.
EvalSetting WithModelMapping(const EvalSetting& setting, const TrainedModel& model);

// A main's body: heap tunables, usage, flags, then run(); prints the wall
// time, or "name: <status>" and returns 1 on error.
int RunRaschMain(int argc, char** argv, const char* usage, const char* name, absl::Status (*run)());

}  // namespace aimc::experiments::rasch2023

#endif  // AIMC_EXPERIMENTS_RASCH2023_CLI_H_
