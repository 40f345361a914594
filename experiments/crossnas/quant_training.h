// Training phases of stage-3 QuantNets shared by the stage 3-4 driver (qpim_stages.h) and
// the Table 3 baselines (table3_baselines.h): one phase = one Trainer run with a step
// schedule, crop 4 + flip on p/255 pixels (crossnas_spec.md §5.3 [R]), checkpointed, so a
// rerun resumes it; and a snapshot of a network's buffers (BN statistics, α). Internal to
// experiments/crossnas; includes LibTorch.
#ifndef AIMC_EXPERIMENTS_CROSSNAS_QUANT_TRAINING_H_
#define AIMC_EXPERIMENTS_CROSSNAS_QUANT_TRAINING_H_

#include <torch/torch.h>

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "networks/crossnas/quant/quant_net.h"
#include "training/data/dataset.h"
#include "training/regime.h"
#include "training/trainer_config.h"

namespace aimc::experiments::crossnas {

struct QuantPhase {
  training::OptimizerKind optimizer = training::OptimizerKind::kSgd;
  double lr = 0.1;
  double momentum = 0.9;    // SGD only (plain, not Nesterov)
  double weight_decay = 0;  // L2
  int epochs = 1;
  std::vector<double> milestones;  // fractions of epochs where lr *= gamma
  double gamma = 0.2;
  int batch_size = 256;
  uint64_t seed = 0;
  int num_threads = 1;
  std::FILE* log = nullptr;  // not owned
  std::string checkpoint;    // "" = no checkpoint
};

// The milestone fractions that fall after epoch 0: floor(f·epochs) = 0 would start a short
// run at a decayed rate, never the intent.
std::vector<double> EffectiveMilestones(const std::vector<double>& milestones, int epochs);
// "lr x0.2 at epochs {18,36,48}" or "constant lr".
std::string MilestoneText(const std::vector<double>& milestones, int epochs, double gamma);

training::TrainerConfig QuantPhaseTrainerConfig(const QuantPhase& phase);

// Trains (or resumes, or finds finished) one phase; returns the epochs this call trained.
// `regime` nullptr = plain FP training.
absl::StatusOr<int> TrainQuantPhase(networks::crossnas::QuantNet& net,
                                    const training::Dataset& train, const QuantPhase& phase,
                                    std::unique_ptr<training::TrainingRegime> regime);

// Copies of every buffer of a network (BN statistics, α, counters); Restore writes them back.
class BufferSnapshot {
 public:
  explicit BufferSnapshot(networks::crossnas::QuantNet& net);
  void Restore(networks::crossnas::QuantNet& net) const;

 private:
  std::vector<torch::Tensor> saved_;
};

}  // namespace aimc::experiments::crossnas

#endif  // AIMC_EXPERIMENTS_CROSSNAS_QUANT_TRAINING_H_
