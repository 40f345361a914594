// CrossNAS stages 3-4 on the architecture stage 2 chose (crossnas_spec.md §5, §6.3, §7,
// §9.3): the chosen net as a width-scaled QuantNet (networks/crossnas/quant/quant_net.h),
// FP training from scratch (SGD, step schedule), the mixed-precision QAT supernet from the
// FP weights (Adam, per-block bits i.i.d. over {5,7,9}², training/crossnas/qat), the
// quantisation + PIM evolutionary search (nas/crossnas CreateQpimSearch) whose candidates
// are scored by the PIM accuracy simulation after BN/α recalibration on N_cal training
// images (training/crossnas/qat/pim_eval.h) on the first N_pim val images, and the
// full-width stage-4 cost (training/crossnas/arch_cost.h EvaluateQpimCost), then the
// winner's fixed-map QAT fine-tune and its final PIM accuracy on the test split, with the
// §9.5 item 7 sanity variants (ADC 10 b / 4 b, DAC 1 b) on the same net.
// Stages 3-4 see un-normalised [0, 1] pixels (§5.3 [R]): crop 4 + flip in training.
// Every evaluation starts from the QAT supernet's buffers (BN statistics, α), so a score
// depends on the candidate only and a resumed search ranks as an uninterrupted one.
// Resumable: FP, QAT and fine-tune checkpoints, a CRC-checked record file of stage-4
// evaluations (keyed by the QpimGenotype string, shared across w for one architecture)
// and the stage-4 search state per w, all in store_dir under keys hashed from every
// setting that changes them. Units: accuracy %, energy mJ, latency ms, EDP mJ*ms, area
// mm². No LibTorch in this header. Thread-compatible.
#ifndef AIMC_EXPERIMENTS_CROSSNAS_QPIM_STAGES_H_
#define AIMC_EXPERIMENTS_CROSSNAS_QPIM_STAGES_H_

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "nas/crossnas/evolution.h"
#include "training/data/dataset.h"

namespace aimc::experiments::crossnas {

// The knobs of stages 3-4; T0QpimStagesConfig / T1QpimStagesConfig are §9.3's tiers.
struct QpimStagesConfig {
  // Stage 3, FP training from scratch (§5.1 [R]): SGD, momentum, wd, the step schedule at
  // fractions of fp_epochs (T1: 60 epochs, ÷5 at 18/36/48).
  int fp_epochs = 1;  // >= 1
  double fp_lr = 0.1;
  double fp_momentum = 0.9;
  double fp_weight_decay = 5e-4;
  std::vector<double> fp_milestones = {0.3, 0.6, 0.8};
  // The QAT supernet from the FP weights: Adam, ÷5 at the milestones (T1: 30 epochs, every 6).
  int qat_epochs = 1;  // >= 1
  double qat_lr = 8e-4;
  std::vector<double> qat_milestones = {0.2, 0.4, 0.6, 0.8};
  double lr_gamma = 0.2;  // ÷5, every schedule
  int batch_size = 256;   // §5.3
  // Stage 4 (§7): Algorithm 1's sizes (T0 QpimSearchT0Config, T1 QpimSearchConfig), the
  // N_cal recalibration images (training split) and the N_pim scored val images.
  nas::crossnas::EvolutionConfig search;
  int num_cal_images = 64;  // >= 1 (T1 512)
  int num_pim_images = 32;  // >= 1 (T1 256)
  // The winner's fixed-map QAT fine-tune (Adam, ÷5 for the last fifth) and the final test.
  int finetune_epochs = 1;  // >= 1 (T1 10)
  double finetune_lr = 8e-4;
  std::vector<double> finetune_milestones = {0.8};
  int test_images = 64;  // first images of the test split, >= 1 (T1 932, all)
};

QpimStagesConfig T0QpimStagesConfig();
QpimStagesConfig T1QpimStagesConfig();

// InvalidArgument naming the field, e.g. "QpimStagesConfig.fp_epochs: must be >= 1, got 0".
absl::Status ValidateQpimStagesConfig(const QpimStagesConfig& config);

// What stages 3-4 take from the run and from stage 2. Pointers are not owned and must
// outlive the call.
struct QpimStagesInput {
  std::string tier;       // names the store files
  std::string store_dir;  // required
  std::string data_description;
  const training::Dataset* train = nullptr;  // FP/QAT/fine-tune data and N_cal source
  const training::Dataset* val = nullptr;    // N_pim source
  const training::Dataset* test = nullptr;   // final accuracy
  std::vector<int> arch_genes;               // the stage-2 winner, canonical genes
  double width_scale = 0.25;                 // rho of the accuracy-side network
  double accuracy_weight = 0.99;             // w of the stage-4 fitness
  uint64_t seed = 0;
  int num_threads = 1;
  std::FILE* log = stderr;  // progress and epoch lines; nullptr = silent; not owned
};

// One scored stage-4 candidate.
struct QpimResult {
  std::string qpim;         // QpimToString: "9/9,7/5;xbar=256,adc=8,dac=2"
  double accuracy_pct = 0;  // PIM accuracy on the N_pim val images
  double energy_mj = 0;     // full width, the candidate's bits and PIM config
  double latency_ms = 0;
  double edp_mj_ms = 0;
  double fitness = 0;
};

struct QpimStagesReport {
  std::string genotype;  // the architecture, e.g. "VGG-32,RES-64"
  // Stage 3, on the whole val split.
  double fp_val_accuracy_pct = 0;   // kFloat after FP training
  double qat_val_accuracy_pct = 0;  // QAT supernet at 9/9, software (after recalibration)
  std::vector<QpimResult> top_k;    // stage-4 archive, best first
  QpimResult best;
  std::vector<double> best_fitness_per_cycle;
  int num_feasible = 0, num_infeasible = 0;
  // Final, after the fine-tune, on the first test_images test images, the winner's bits.
  int test_images = 0;
  double final_qat_accuracy_pct = 0;
  double final_pim_accuracy_pct = 0;  // at the winner's X / ADC / DAC
  double area_mm2 = 0;                // the winner's full-width area
  // §9.5 item 7 on the fine-tuned net, winner's bits: X 256 with ADC 10 b / ADC 4 b (DAC
  // 2 b) and DAC 1 b (ADC 10 b); the DAC-1 cost beside the DAC-2 one.
  double sanity_adc10_pct = 0, sanity_adc4_pct = 0, sanity_dac1_pct = 0;
  double sanity_dac2_energy_mj = 0, sanity_dac2_latency_ms = 0;
  double sanity_dac1_energy_mj = 0, sanity_dac1_latency_ms = 0;
  std::string stage3_line, stage4_line, store_line;  // stable description lines
  // This process's work (differs on a resumed rerun).
  int fp_epochs_now = 0, qat_epochs_now = 0, finetune_epochs_now = 0;
  int new_pim_evaluations = 0, cache_hits = 0;
  absl::Duration fp_time, qat_time, search_time, finetune_time, final_time;
};

// Runs (or resumes) stages 3-4. InvalidArgument for a bad config or input (naming the
// field); the trainer's, evaluator's and search's errors otherwise.
absl::StatusOr<QpimStagesReport> RunQpimStages(const QpimStagesConfig& config,
                                               const QpimStagesInput& input);

// The report's lines: stage 3, the stage-4 top-K, the winner, final and sanity rows, and
// "time ..." lines for this process's work.
std::string FormatQpimStagesReport(const QpimStagesReport& report);

}  // namespace aimc::experiments::crossnas

#endif  // AIMC_EXPERIMENTS_CROSSNAS_QPIM_STAGES_H_
