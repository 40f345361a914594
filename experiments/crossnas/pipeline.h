// The CrossNAS end-to-end pipeline driver, stages 1-4 (crossnas_spec.md §1, §3, §4, §9.3):
// data (CIFAR-10 binary or the Fashion-MNIST fallback padded to 1x32x32, a fixed-seed
// train / held-out val split of the training set, §3.2 per-channel normalisation), SPOS
// supernet training (training/crossnas/spos_regime.h under training/trainer.h, checkpointed
// in the store every epoch, shared across w), then the evolutionary architecture search
// (nas/crossnas/crossnas_search.h) with SupernetArchEvaluator (proxy accuracy after BN
// recalibration + full-width cost at the stage-1 PIM config). The search state (per w) is
// saved each cycle and candidate evaluations are appended to a CRC-checked record file
// keyed by canonical genotype (shared across w), so a rerun of the same config resumes
// without retraining or re-evaluating. Units: accuracy %, energy mJ, latency ms, EDP mJ*ms.
// Errors: InvalidArgument naming the PipelineConfig field; loaders' NotFound/DataLoss
// (with the flag to pass); the trainer's, evaluator's and search's errors. No LibTorch in
// this header. Thread-compatible.
// With stages = 4 (the default) the stage-2 winner goes on through stages 3-4
// (qpim_stages.h: FP training, the mixed-precision QAT supernet, the quantisation + PIM
// search, the fixed-map fine-tune and the final PIM accuracy on the test split).
#ifndef AIMC_EXPERIMENTS_CROSSNAS_PIPELINE_H_
#define AIMC_EXPERIMENTS_CROSSNAS_PIPELINE_H_

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "experiments/crossnas/qpim_stages.h"
#include "nas/crossnas/crossnas_search.h"
#include "nas/crossnas/evolution.h"
#include "training/data/dataset.h"

namespace aimc::experiments::crossnas {

// Every knob of one run; T0PipelineConfig / T1PipelineConfig are the §9.3 tiers, and the
// binary overrides any field by flag.
struct PipelineConfig {
  std::string tier = "t0";  // "t0" or "t1": printed; the presets set the rest
  // "cifar10" (binary, needs data_dir) or "fashion_mnist" (padded to 1x32x32; empty
  // data_dir = Debian's dataset-fashion-mnist directory).
  std::string data = "cifar10";
  std::string data_dir;
  std::string store_dir;   // required: checkpoint, evaluation cache, search states
  int train_images = 512;  // of the training split, after the held-out val images; >= 1
  int val_images = 256;    // held out from the training split (fixed-seed split); >= 1
  // Supernet (§9.2): D_max and rho. T0 3 and 1/8, T1 8 and 1/4.
  int max_blocks = 3;
  double width_scale = 0.125;
  // Stage 1 (§3.2 [R]): SGD, step schedule lr * gamma at the milestones (fractions of epochs).
  int epochs = 1;  // >= 1 (T1: 120)
  int batch_size = 128;
  double lr = 0.1;
  double momentum = 0.9;
  double weight_decay = 3e-4;
  std::vector<double> lr_milestones = {0.25, 0.5, 0.75};
  double lr_gamma = 0.2;  // /5
  int crop_padding = 4;   // random crop after this zero border; 0 = off
  bool random_flip = true;
  // Stage 2 (§4): Algorithm 1's sizes, nas/crossnas's presets (T0 ArchSearchT0Config: P 8,
  // 4 + 4, top-K 4, 2 cycles; T1 ArchSearchConfig: 50, 25 + 25, 10, 10); its seed and
  // fitness weight are set from `seed` and `accuracy_weight` when the search starts. N_cal
  // recalibration images (T1 1,024) and the fitness weight w in [0, 1].
  nas::crossnas::EvolutionConfig search = nas::crossnas::ArchSearchT0Config();
  int num_cal_images = 256;
  double accuracy_weight = 0.99;
  // Keys the split, the initial weights, the training order and augmentation, the N_cal
  // sample and the search.
  uint64_t seed = 0;
  // 2: stop after the architecture search; 4: go on through stages 3-4 with `qpim`
  // (T0QpimStagesConfig / T1QpimStagesConfig).
  int stages = 4;
  QpimStagesConfig qpim = T0QpimStagesConfig();
  int num_threads = 1;      // torch threads, 1..256; changes no number
  std::FILE* log = stderr;  // progress and per-epoch lines; nullptr = silent; not owned
};

PipelineConfig T0PipelineConfig();
PipelineConfig T1PipelineConfig();
// "t0" / "t1"; NotFound listing them otherwise.
absl::StatusOr<PipelineConfig> TierPipelineConfig(absl::string_view tier);

// InvalidArgument naming the field, e.g. "PipelineConfig.epochs: must be >= 1, got -1".
// Data presence is checked by LoadPipelineData (data_dir for cifar10).
absl::Status ValidatePipelineConfig(const PipelineConfig& config);

// The stage-1/2 data: train (also the BN calibration set) and the held-out val split.
struct PipelineData {
  std::optional<training::Dataset> train;
  std::optional<training::Dataset> val;
  std::optional<training::Dataset> test;  // the test split (stages 3-4 only)
  std::string description;                // the "data:" line: source, sizes, split (keys the store)
  std::string test_description;           // appended to the "data:" line (not to the keys)
  bool cifar10_normalization = true;      // §3.2 CIFAR statistics; false: measured on train
};

// Loads config.data and splits its training set (fixed seed): the first val_images of a
// seeded permutation are val, the next train_images train; with stages = 4 also the test
// split. InvalidArgument for a bad
// config, a missing data_dir for cifar10 (naming --data_dir) or too few images; the
// loader's NotFound / DataLoss with the flag to pass appended.
absl::StatusOr<PipelineData> LoadPipelineData(const PipelineConfig& config);
// The split of LoadPipelineData on an already loaded training set (tests: synthetic data).
absl::StatusOr<PipelineData> SplitPipelineData(const PipelineConfig& config,
                                               const training::Dataset& full);

// One searched architecture.
struct ArchResult {
  std::string genotype;          // "RES-128,VGG-64" (canonical; the paper's full-width names)
  std::string genes;             // "[8,1,9]"
  std::vector<int> gene_values;  // the same genes
  double accuracy_pct = 0;       // stage-1 supernet val accuracy (inherited weights, BN recal)
  double energy_mj = 0;          // full width, stage-1 PIM config
  double latency_ms = 0;
  double edp_mj_ms = 0;
  double fitness = 0;
};

struct PipelineReport {
  // Stable lines (identical on a resumed rerun).
  std::string scale_line, data_line, seed_line, machine_line, supernet_line, search_line;
  std::string store_line;
  double final_train_loss = 0;          // last supernet epoch, nats per image
  double final_train_accuracy_pct = 0;  // on the sampled paths, augmented
  std::vector<ArchResult> top_k;        // best first
  ArchResult best;
  std::vector<double> best_fitness_per_cycle;
  double accuracy_weight = 0;
  // This process's work (differs on a resumed rerun).
  int supernet_epochs_trained_now = 0;
  bool supernet_resumed = false;
  int search_cycles_run_now = 0;
  int new_accuracy_evaluations = 0;  // supernet forwards this process made
  int disk_cache_hits = 0;           // candidates answered by the evaluation cache file
  absl::Duration data_time, supernet_time, search_time, total_time;
  std::optional<QpimStagesReport> qpim;  // with stages = 4
};

// Stages 1-2 (then 3-4 with stages = 4) on data from LoadPipelineData(config).
absl::StatusOr<PipelineReport> RunArchStages(const PipelineConfig& config);
// The same on given data (tests); stages 3-4 need data.test. `data` must outlive the call.
absl::StatusOr<PipelineReport> RunArchStagesOnData(const PipelineConfig& config,
                                                   const PipelineData& data);

// The human report: scale, data, seed, machine, store, supernet, search lines, the top-K
// table, the best architecture, "paper vs ours" (Table 2's CrossNAS rows) and the lines
// that differ between a run and its resumed rerun, all starting with "time " (phase wall
// times and this process's work); with stages 3-4, FormatQpimStagesReport's lines too.
std::string FormatReport(const PipelineReport& report);

}  // namespace aimc::experiments::crossnas

#endif  // AIMC_EXPERIMENTS_CROSSNAS_PIPELINE_H_
