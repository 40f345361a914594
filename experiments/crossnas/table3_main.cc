// bazel run //experiments/crossnas:table3 -- --tier=t0|t1 --data_dir=DIR --store_dir=DIR
// CrossNAS Table 3's baselines with accuracy (crossnas_spec.md §8.3, §9.3;
// table3_baselines.h): AlexNet, VGG16, ResNet18 at rho (t0 1/8, t1 1/4) trained on the same
// train split as the search pipeline (FP, then QAT 9/9), PIM accuracy at crossbar 256 / ADC
// 8 b / DAC 2 b on the test split, full-width cost beside the paper's. Rerun to resume.
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/status/status.h"
#include "absl/strings/str_split.h"
#include "common/report_table.h"
#include "common/status_macros.h"
#include "experiments/checks.h"
#include "experiments/crossnas/pipeline.h"
#include "experiments/crossnas/table3_baselines.h"

ABSL_FLAG(std::string, tier, "t0", "t0 (smoke) or t1 (small: 60 + 10 epochs per model, 932 test)");
ABSL_FLAG(std::string, data, "cifar10",
          "cifar10 (needs --data_dir) or fashion_mnist (the fallback, padded to 1x32x32)");
ABSL_FLAG(std::string, data_dir, "",
          "CIFAR-10 binary directory (e.g. ../shared/data/cifar10_subset)");
ABSL_FLAG(std::string, store_dir, "/tmp/aimc_crossnas_store", "checkpoints; rerun to resume");
ABSL_FLAG(std::string, models, "alexnet,vgg16,resnet18", "comma-separated baselines");
ABSL_FLAG(int, threads, 1, "torch threads");
ABSL_FLAG(uint64_t, seed, 0, "seed of the split, weights and order");
ABSL_FLAG(int, fp_epochs, -1, "FP epochs (t0 1, t1 60)");
ABSL_FLAG(int, qat_epochs, -1, "QAT 9/9 epochs (t0 1, t1 10)");
ABSL_FLAG(int, test_images, -1, "test images (t0 64, t1 932)");

namespace {

namespace cn = aimc::experiments::crossnas;

absl::Status Run() {
  // The search pipeline's data and split, so the baselines see the same training images.
  ASSIGN_OR_RETURN(cn::PipelineConfig pipeline, cn::TierPipelineConfig(absl::GetFlag(FLAGS_tier)));
  pipeline.data = absl::GetFlag(FLAGS_data);
  pipeline.data_dir = absl::GetFlag(FLAGS_data_dir);
  pipeline.store_dir = absl::GetFlag(FLAGS_store_dir);
  pipeline.seed = absl::GetFlag(FLAGS_seed);
  pipeline.stages = 4;  // loads the test split
  ASSIGN_OR_RETURN(cn::PipelineData data, cn::LoadPipelineData(pipeline));
  cn::BaselineConfig config =
      pipeline.tier == "t1" ? cn::T1BaselineConfig() : cn::T0BaselineConfig();
  config.models = absl::StrSplit(absl::GetFlag(FLAGS_models), ',', absl::SkipEmpty());
  if (int e = absl::GetFlag(FLAGS_fp_epochs); e != -1) config.fp_epochs = e;
  if (int e = absl::GetFlag(FLAGS_qat_epochs); e != -1) config.qat_epochs = e;
  if (int n = absl::GetFlag(FLAGS_test_images); n != -1) config.test_images = n;
  cn::BaselineInput in;
  in.tier = pipeline.tier;
  in.store_dir = pipeline.store_dir;
  in.data_description = data.description;
  in.train = &*data.train;
  in.test = &*data.test;
  in.seed = pipeline.seed;
  in.num_threads = absl::GetFlag(FLAGS_threads);
  ASSIGN_OR_RETURN(cn::BaselineReport report, cn::RunTable3Baselines(config, in));
  std::printf("data: %s%s\nmachine: %s\n%s", data.description.c_str(),
              data.test_description.c_str(), aimc::MachineDescription(in.num_threads).c_str(),
              cn::FormatBaselineReport(report).c_str());
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  return aimc::experiments::RunExperimentMain(
      argc, argv,
      "CrossNAS Table 3 baselines: AlexNet/VGG16/ResNet18 accuracy (FP, QAT 9/9, PIM) + cost.\n"
      "  table3 --tier=t0|t1 --data_dir=DIR --store_dir=DIR [--models=alexnet,vgg16,resnet18]",
      "table3", "(rerun the same command to resume from the store)", Run);
}
