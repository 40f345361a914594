#include "experiments/rasch2023/cli.h"

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/malloc_tuning.h"
#include "common/status_macros.h"
#include "experiments/checks.h"

ABSL_FLAG(std::string, scale, "small", "small (the spec's), quick or test");
ABSL_FLAG(std::string, store_dir, "/tmp/aimc_rasch_store",
          "model store: checkpoints and evaluations, shared by every Rasch target and rerun");
ABSL_FLAG(std::string, data_dir, "",
          "Fashion-MNIST directory; default Debian's dataset-fashion-mnist");
ABSL_FLAG(uint64_t, seed, 0, "seed of weights, order, augmentation and analog noise");
ABSL_FLAG(int, threads, 1, "torch threads");
ABSL_FLAG(std::string, nets, "r20,l5", "comma-separated: r20, l5");
ABSL_FLAG(std::string, format, "text", "text or csv");

namespace aimc::experiments::rasch2023 {

absl::StatusOr<CliRun> RunFromFlags() {
  RaschRun run;
  std::vector<RaschNet> nets;
  ASSIGN_OR_RETURN(run.scale, RaschScaleByName(absl::GetFlag(FLAGS_scale)));
  run.store_dir = absl::GetFlag(FLAGS_store_dir);
  run.seed = absl::GetFlag(FLAGS_seed);
  run.threads = absl::GetFlag(FLAGS_threads);
  if (run.threads < 1 || run.threads > 256) {
    return absl::InvalidArgumentError(absl::StrCat("--threads: must be 1..256, got ", run.threads));
  }
  const std::string format = absl::GetFlag(FLAGS_format);
  if (format != "text" && format != "csv") {
    return absl::InvalidArgumentError(absl::StrCat("--format: text or csv, got \"", format, "\""));
  }
  for (absl::string_view n : absl::StrSplit(absl::GetFlag(FLAGS_nets), ',', absl::SkipEmpty())) {
    absl::StatusOr<RaschNet> net = ParseRaschNet(std::string(n));
    if (!net.ok())
      return absl::InvalidArgumentError(absl::StrCat("--nets: ", net.status().message()));
    nets.push_back(*net);
  }
  if (nets.empty()) return absl::InvalidArgumentError("--nets: empty (pass r20, l5 or both)");
  absl::StatusOr<RaschData> data = LoadRaschData(run.scale, absl::GetFlag(FLAGS_data_dir));
  if (!data.ok()) {
    return absl::Status(
        data.status().code(),
        absl::StrCat(data.status().message(), " (pass --data_dir=<directory of Fashion-MNIST>)"));
  }
  return CliRun{std::move(run), *std::move(data), std::move(nets), format == "csv"};
}

void PrintReport(const CliRun& cli, const std::string& title, const Report& report) {
  std::fprintf(cli.csv ? stderr : stdout, "%s\nscale %s\n%s\n", title.c_str(),
               DescribeScale(cli.run.scale).c_str(), DescribeRun(cli.run).c_str());
  std::printf("%s", FormatReport(report, cli.csv).c_str());
}

EvalSetting WithModelMapping(const EvalSetting& setting, const TrainedModel& model) {
  EvalSetting s = setting;
  // Column-trained models run on whatever the setting maps (Supp. Fig. 2 maps
  // one scale per tile on purpose); tile-trained ones keep their own.
  if (model.mapping == crossbar::MappingConfig::TILE &&
      s.tile.mapping().output_scale() != crossbar::MappingConfig::TILE) {
    s.tile.mutable_mapping()->set_output_scale(crossbar::MappingConfig::TILE);
    s.tile.mutable_mapping()->clear_compressed_scale_levels();
    s.name += " (tile-wise scale)";
  }
  return s;
}

absl::StatusOr<std::vector<DriftErrors>> HwaTrialErrors(const RaschRun& run, const RaschData& data,
                                                        RaschNet net, const HwaSpec& spec,
                                                        const EvalSetting& setting) {
  std::vector<DriftErrors> out;
  for (int trial = 0; trial < run.scale.training_trials; ++trial) {
    ASSIGN_OR_RETURN(const TrainedModel m, HwaModel(run, data, net, spec, trial));
    ASSIGN_OR_RETURN(DriftErrors e, EvaluateOnTile(run, data, m, WithModelMapping(setting, m)));
    out.push_back(std::move(e));
  }
  return out;
}

int RunRaschMain(int argc, char** argv, const char* usage, const char* name,
                 absl::Status (*run)()) {
  return RunExperimentMain(argc, argv, usage, name,
                           "(models and evaluations already in the store are reused)", run);
}

}  // namespace aimc::experiments::rasch2023
