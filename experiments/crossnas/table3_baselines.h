// CrossNAS Table 3's accuracy column at small scale (crossnas_spec.md §8.3, §9.3 "baselines"):
// MNSIM's CIFAR AlexNet, VGG16 and ResNet18 as width-scaled QuantNets
// (networks/crossnas/quant BaselineQuantSpec, one bit group per conv/fc), trained as stage 3
// trains the CrossNAS winner on the same split (FP from scratch, SGD step schedule; then
// QAT at 9/9, Adam), then the PIM accuracy on the test split at Table 3's [R] PIM setting
// (crossbar 256, ADC 8 b, DAC 2 b), beside the software FP and QAT accuracies; the cost
// column is table3_cost's full-width cost. Each model's phases checkpoint in store_dir, so
// a rerun resumes. No LibTorch in this header. Errors: InvalidArgument naming the field;
// NotFound for an unknown model; the trainer's and evaluator's. Thread-compatible.
#ifndef AIMC_EXPERIMENTS_CROSSNAS_TABLE3_BASELINES_H_
#define AIMC_EXPERIMENTS_CROSSNAS_TABLE3_BASELINES_H_

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "experiments/crossnas/table3_cost.h"
#include "training/data/dataset.h"

namespace aimc::experiments::crossnas {

struct BaselineConfig {
  std::vector<std::string> models = {"alexnet", "vgg16", "resnet18"};
  double width_scale = 0.125;  // rho (T0 1/8, T1 1/4)
  // FP from scratch, as stage 3 (T1: 60 epochs, SGD 0.1, ÷5 at 18/36/48).
  int fp_epochs = 1;
  double fp_lr = 0.1;
  double fp_momentum = 0.9;
  double fp_weight_decay = 5e-4;
  std::vector<double> fp_milestones = {0.3, 0.6, 0.8};
  // QAT at 9/9 from the FP weights (T1: 10 epochs, Adam 8e-4, ÷5 for the last fifth).
  int qat_epochs = 1;
  double qat_lr = 8e-4;
  std::vector<double> qat_milestones = {0.8};
  double lr_gamma = 0.2;
  int batch_size = 256;
  int test_images = 64;  // first images of the test split (T1 932)
};

BaselineConfig T0BaselineConfig();
BaselineConfig T1BaselineConfig();
absl::Status ValidateBaselineConfig(const BaselineConfig& config);

struct BaselineInput {
  std::string tier;
  std::string store_dir;  // required
  std::string data_description;
  const training::Dataset* train = nullptr;  // not owned
  const training::Dataset* test = nullptr;   // not owned
  uint64_t seed = 0;
  int num_threads = 1;
  std::FILE* log = stderr;  // not owned; nullptr = silent
};

struct BaselineRow {
  std::string model;  // "AlexNet", "VGG16", "ResNet18"
  int num_bit_groups = 0;
  double fp_accuracy_pct = 0;   // kFloat
  double qat_accuracy_pct = 0;  // 9/9 fake-quantised software
  double pim_accuracy_pct = 0;  // 9/9, X 256, ADC 8 b, DAC 2 b
  CostValues cost;              // full width (table3_cost)
  CostValues paper_cost;
  double paper_accuracy_pct = 0;
  int epochs_now = 0;  // FP + QAT epochs this process trained
  absl::Duration time;
};

struct BaselineReport {
  std::vector<BaselineRow> rows;
  std::string scale_line;  // tier, rho, recipe, test images
  int test_images = 0;
};

absl::StatusOr<BaselineReport> RunTable3Baselines(const BaselineConfig& config,
                                                  const BaselineInput& input);

// "paper vs ours" with the scale: accuracy at tier scale, cost at full width with ratios,
// then "time ..." lines.
std::string FormatBaselineReport(const BaselineReport& report);

}  // namespace aimc::experiments::crossnas

#endif  // AIMC_EXPERIMENTS_CROSSNAS_TABLE3_BASELINES_H_
