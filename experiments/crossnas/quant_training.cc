#include "experiments/crossnas/quant_training.h"

#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/status_macros.h"
#include "networks/network.h"
#include "training/trainer.h"

namespace aimc::experiments::crossnas {

std::vector<double> EffectiveMilestones(const std::vector<double>& milestones, int epochs) {
  std::vector<double> kept;
  for (double f : milestones) {
    if (static_cast<int>(std::floor(f * epochs)) >= 1) kept.push_back(f);
  }
  return kept;
}

std::string MilestoneText(const std::vector<double>& milestones, int epochs, double gamma) {
  const std::vector<double> kept = EffectiveMilestones(milestones, epochs);
  if (kept.empty()) return "constant lr";
  return absl::StrCat("lr x", absl::StrFormat("%g", gamma), " at epochs {",
                      absl::StrJoin(kept, ",",
                                    [&](std::string* o, double f) {
                                      absl::StrAppend(o, static_cast<int>(std::floor(f * epochs)));
                                    }),
                      "}");
}

training::TrainerConfig QuantPhaseTrainerConfig(const QuantPhase& p) {
  training::TrainerConfig t;
  t.optimizer.kind = p.optimizer;
  t.optimizer.lr = p.lr;
  t.optimizer.momentum = p.momentum;
  t.optimizer.nesterov = false;
  t.optimizer.weight_decay = p.weight_decay;
  t.schedule.epochs = p.epochs;
  t.schedule.kind = training::LrScheduleKind::kStep;
  t.schedule.step_milestones = EffectiveMilestones(p.milestones, p.epochs);
  t.schedule.step_gamma = p.gamma;
  t.checkpoint.path = p.checkpoint;
  t.logging.log = p.log;
  t.batch_size = p.batch_size;
  t.seed = p.seed;
  t.num_threads = p.num_threads;
  t.augment.crop_padding = 4;  // §5.3: pad 4, crop, flip; pixels p/255, no normalisation
  t.augment.random_flip = true;
  return t;
}

absl::StatusOr<int> TrainQuantPhase(networks::crossnas::QuantNet& net,
                                    const training::Dataset& train, const QuantPhase& phase,
                                    std::unique_ptr<training::TrainingRegime> regime) {
  ASSIGN_OR_RETURN(std::unique_ptr<training::Trainer> trainer,
                   training::Trainer::Create(networks::AsNetwork(net), &train,
                                             QuantPhaseTrainerConfig(phase), std::move(regime)));
  RETURN_IF_ERROR(trainer->Train());
  return static_cast<int>(trainer->history().size());
}

BufferSnapshot::BufferSnapshot(networks::crossnas::QuantNet& net) {
  torch::NoGradGuard no_grad;
  for (const torch::Tensor& b : net->buffers()) saved_.push_back(b.clone());
}

void BufferSnapshot::Restore(networks::crossnas::QuantNet& net) const {
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> buffers = net->buffers();
  for (size_t i = 0; i < buffers.size(); ++i) buffers[i].copy_(saved_[i]);
}

}  // namespace aimc::experiments::crossnas
