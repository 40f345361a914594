// bazel run //experiments/crossnas:search -- --tier=t0|t1 --w=0.99 --data_dir=DIR --store_dir=DIR
// CrossNAS end to end (crossnas_spec.md §3-§7, §9.3; pipeline.h, qpim_stages.h): SPOS
// supernet training (checkpointed in the store, shared across w), the evolutionary
// architecture search (state per w, evaluations cached and shared), then (--stages=4, the
// default) FP training + the mixed-precision QAT supernet of the winner, the quantisation +
// PIM search, the fixed-map fine-tune and the final PIM accuracy on the test split; every
// phase checkpoints, so rerunning the same command resumes.
// Prints the scale, data, seed, machine lines, the top-K, the best architecture, phase wall
// times and "paper vs ours" for Table 2's CrossNAS rows; progress on stderr. Flags set to
// -1 keep the tier's value.
#include <cstdint>
#include <cstdio>
#include <string>

#include "absl/flags/flag.h"
#include "absl/status/status.h"
#include "common/status_macros.h"
#include "experiments/checks.h"
#include "experiments/crossnas/pipeline.h"

ABSL_FLAG(std::string, tier, "t0", "t0 (smoke, < 3 min) or t1 (small, hours; resumable)");
ABSL_FLAG(double, w, 0.99, "fitness accuracy weight w in [0, 1] (paper: 0.99, 0.8)");
ABSL_FLAG(std::string, data, "cifar10",
          "cifar10 (needs --data_dir) or fashion_mnist (the fallback, padded to 1x32x32)");
ABSL_FLAG(std::string, data_dir, "",
          "CIFAR-10 binary directory (e.g. ../shared/data/cifar10_subset); for fashion_mnist "
          "empty = Debian's dataset-fashion-mnist");
ABSL_FLAG(std::string, store_dir, "/tmp/aimc_crossnas_store",
          "supernet checkpoint, evaluation cache and search states; rerun to resume");
ABSL_FLAG(int, threads, 1, "torch threads");
ABSL_FLAG(uint64_t, seed, 0, "seed of the split, weights, order, N_cal sample and search");
ABSL_FLAG(int, epochs, -1, "supernet epochs (t0 1, t1 120)");
ABSL_FLAG(int, train_images, -1, "training images after the held-out split (t0 512, t1 3960)");
ABSL_FLAG(int, val_images, -1, "held-out validation images (t0 256, t1 700)");
ABSL_FLAG(int, num_cal_images, -1, "N_cal BN recalibration images (t0 256, t1 1024)");
ABSL_FLAG(int, population, -1, "search population P (t0 8, t1 50); mutations = crossovers = P/2");
ABSL_FLAG(int, cycles, -1, "search cycles (t0 2, t1 10)");
ABSL_FLAG(int, top_k, -1, "archive size (t0 4, t1 10)");
ABSL_FLAG(int, max_blocks, -1, "supernet D_max (t0 3, t1 8)");
ABSL_FLAG(double, width_scale, -1, "rho (t0 0.125, t1 0.25)");
ABSL_FLAG(int, stages, 4, "2: stop after the architecture search; 4: also stages 3-4");
ABSL_FLAG(int, fp_epochs, -1, "stage-3 FP epochs (t0 1, t1 60)");
ABSL_FLAG(int, qat_epochs, -1, "QAT supernet epochs (t0 1, t1 30)");
ABSL_FLAG(int, qpim_population, -1,
          "stage-4 population (t0 6, t1 25); mutations 3/5, crossovers 2/5");
ABSL_FLAG(int, qpim_cycles, -1, "stage-4 cycles (t0 2, t1 10; Fig. 5's cheaper variant 5)");
ABSL_FLAG(int, num_pim_images, -1, "stage-4 N_pim scored val images (t0 32, t1 256)");
ABSL_FLAG(int, num_pim_cal_images, -1, "stage-4 N_cal recalibration images (t0 64, t1 512)");
ABSL_FLAG(int, finetune_epochs, -1, "winner's fixed-map QAT fine-tune epochs (t0 1, t1 10)");
ABSL_FLAG(int, test_images, -1, "final test images (t0 64, t1 932 = the whole subset test split)");

namespace {

namespace cn = aimc::experiments::crossnas;

void Override(int flag, int& field) {
  if (flag != -1) field = flag;
}

absl::Status Run() {
  ASSIGN_OR_RETURN(cn::PipelineConfig config, cn::TierPipelineConfig(absl::GetFlag(FLAGS_tier)));
  config.accuracy_weight = absl::GetFlag(FLAGS_w);
  config.data = absl::GetFlag(FLAGS_data);
  config.data_dir = absl::GetFlag(FLAGS_data_dir);
  config.store_dir = absl::GetFlag(FLAGS_store_dir);
  config.num_threads = absl::GetFlag(FLAGS_threads);
  config.seed = absl::GetFlag(FLAGS_seed);
  Override(absl::GetFlag(FLAGS_epochs), config.epochs);
  Override(absl::GetFlag(FLAGS_train_images), config.train_images);
  Override(absl::GetFlag(FLAGS_val_images), config.val_images);
  Override(absl::GetFlag(FLAGS_num_cal_images), config.num_cal_images);
  Override(absl::GetFlag(FLAGS_cycles), config.search.num_cycles);
  Override(absl::GetFlag(FLAGS_top_k), config.search.top_k);
  Override(absl::GetFlag(FLAGS_max_blocks), config.max_blocks);
  if (const int p = absl::GetFlag(FLAGS_population); p != -1) {
    config.search.population_size = p;
    config.search.num_mutations = p / 2;
    config.search.num_crossovers = p / 2;
  }
  if (const double rho = absl::GetFlag(FLAGS_width_scale); rho != -1) config.width_scale = rho;
  config.stages = absl::GetFlag(FLAGS_stages);
  Override(absl::GetFlag(FLAGS_fp_epochs), config.qpim.fp_epochs);
  Override(absl::GetFlag(FLAGS_qat_epochs), config.qpim.qat_epochs);
  Override(absl::GetFlag(FLAGS_qpim_cycles), config.qpim.search.num_cycles);
  Override(absl::GetFlag(FLAGS_num_pim_images), config.qpim.num_pim_images);
  Override(absl::GetFlag(FLAGS_num_pim_cal_images), config.qpim.num_cal_images);
  Override(absl::GetFlag(FLAGS_finetune_epochs), config.qpim.finetune_epochs);
  Override(absl::GetFlag(FLAGS_test_images), config.qpim.test_images);
  if (const int p = absl::GetFlag(FLAGS_qpim_population); p != -1) {
    config.qpim.search.population_size = p;
    config.qpim.search.num_mutations = p * 3 / 5;
    config.qpim.search.num_crossovers = p * 2 / 5;
  }
  ASSIGN_OR_RETURN(cn::PipelineReport report, cn::RunArchStages(config));
  std::printf("%s", cn::FormatReport(report).c_str());
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  return aimc::experiments::RunExperimentMain(
      argc, argv,
      "CrossNAS stages 1-4: SPOS supernet, architecture search, QAT supernet, PIM search.\n"
      "  search --tier=t0|t1 --w=0.99 --data_dir=DIR --store_dir=DIR [--threads=N] [--seed=S]",
      "search", "(rerun the same command to resume from the store)", Run);
}
