#include "experiments/vant/cli.h"

#include <cstdio>
#include <utility>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/malloc_tuning.h"
#include "common/status_macros.h"
#include "experiments/checks.h"

ABSL_FLAG(std::string, scale, "small", "small (the spec's), quick or test");
ABSL_FLAG(std::string, store_dir, "/tmp/aimc_vant_store",
          "model store: checkpoints and curves, shared by every VANT target and rerun");
ABSL_FLAG(std::string, data_dir, "",
          "Fashion-MNIST directory; default Debian's dataset-fashion-mnist");
ABSL_FLAG(uint64_t, seed, 0, "(first) seed of weights, order, augmentation and noise");
ABSL_FLAG(int, threads, 1, "torch threads");

namespace aimc::experiments::vant {

absl::StatusOr<CliRun> RunFromFlags() {
  VantRun run;
  ASSIGN_OR_RETURN(run.scale, VantScaleByName(absl::GetFlag(FLAGS_scale)));
  run.store_dir = absl::GetFlag(FLAGS_store_dir);
  run.seed = absl::GetFlag(FLAGS_seed);
  run.threads = absl::GetFlag(FLAGS_threads);
  if (run.threads < 1 || run.threads > 256) {
    return absl::InvalidArgumentError(absl::StrCat("--threads: must be 1..256, got ", run.threads));
  }
  absl::StatusOr<VantData> data = LoadVantData(run.scale, absl::GetFlag(FLAGS_data_dir));
  if (!data.ok()) {
    return absl::Status(data.status().code(),
                        absl::StrCat(data.status().message(),
                                     " (pass --data_dir=<directory of Fashion-MNIST>)"));
  }
  return CliRun{std::move(run), *std::move(data)};
}

absl::StatusOr<std::vector<training::vant::TrainedCurve>> NtGridCurves(const VantRun& run,
                                                                       const VantData& data) {
  std::vector<training::vant::TrainedCurve> nt;
  for (double sigma : training::vant::TestSigmaGrid()) {
    if (run.log != nullptr) {
      std::fprintf(run.log, "NT sigma_train %.1f (seed %llu)\n", sigma,
                   static_cast<unsigned long long>(run.seed));
    }
    ASSIGN_OR_RETURN(training::vant::AccuracyCurve c,
                     ModelCurve(run, data, {.noise = {.sigma_train = sigma}}));
    nt.push_back({sigma, std::move(c)});
  }
  return nt;
}

int RunVantMain(int argc, char** argv, const char* usage, const char* name,
                absl::Status (*run)()) {
  return RunExperimentMain(argc, argv, usage, name,
                           "(models already in the store are not retrained)", run);
}

std::string DescribeRun(const VantRun& run) {
  return DescribeRunLine(run.seed, run.threads, run.store_dir);
}

}  // namespace aimc::experiments::vant
