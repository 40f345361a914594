// The training loop of networks/ models, by default as AnalogNAS-Bench trains
// its digital baseline (nas_spec.md §4.2): cross-entropy loss, SGD with
// Nesterov momentum 0.9 and weight decay 5e-4 on all parameters, learning rate
// cosine-annealed per epoch from 0.1 to 0 (lr_schedule.h). Options for QAT
// (§4.4): Adam, a constant or ReduceLROnPlateau(max) rate driven by a
// per-epoch metric, gradient-norm clipping (TrainerConfig: trainer_config.h).
// What a step does beyond the
// optimizer is the TrainingRegime's (regime.h: before-step, loss, after-step,
// its state): DigitalRegime by default; QAT and HWT are regimes of their
// packages. A checkpoint (weights and buffers, optimizer state, epoch, batch
// position, the plateau state, the partial epoch's statistics, the regime's
// fingerprint and state) is written atomically at each epoch end (and every
// checkpoint.every_steps steps); Create resumes from it when the file exists,
// and the resumed run is bit-identical to an uninterrupted one: all randomness
// is keyed by (seed, epoch, example) (batcher.h) or by the step (regime.h).
// Progress and one line per epoch go to logging.log. Create/Train return
// Status; LibTorch errors become Status. Thread-compatible; sets torch's
// thread count.
#ifndef AIMC_TRAINING_TRAINER_H_
#define AIMC_TRAINING_TRAINER_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "networks/network.h"
#include "training/data/batcher.h"
#include "training/data/dataset.h"
#include "training/regime.h"
#include "training/trainer_config.h"

namespace torch::optim {
class Optimizer;
}  // namespace torch::optim

namespace aimc::training {

struct EpochStats {
  int epoch = 0;             // 0-based
  double lr = 0;             // the learning rate used in this epoch
  double mean_loss = 0;      // the regime's training loss per image (cross-entropy: nats), train mode
  double accuracy_pct = 0;   // training top-1 accuracy on the augmented batches (regime's logits), %
  int64_t images = 0;
  absl::Duration wall_time;  // of this process's part of the epoch
  double images_per_s = 0;   // of this process's part of the epoch
  std::optional<double> metric;  // epoch_metric's value, when set
};

class Trainer {
 public:
  // Trains `network` (shared with the caller: it sees the updates) on
  // `train`, which is not owned and must outlive the Trainer, with `regime`
  // (owned; nullptr = DigitalRegime). InvalidArgument for a bad config; the
  // regime's Prepare error; if config.checkpoint.path exists, resumes from it:
  // DataLoss if it cannot be read as a checkpoint of this network and regime,
  // FailedPrecondition if it was written for another run (seed, batch size,
  // epochs, learning rate, optimizer, schedule, clipping or dataset differ,
  // or another regime's fingerprint; the message names both).
  static absl::StatusOr<std::unique_ptr<Trainer>> Create(
      networks::Network network, const Dataset* train, const TrainerConfig& config,
      std::unique_ptr<TrainingRegime> regime = nullptr);
  ~Trainer();

  Trainer(const Trainer&) = delete;
  Trainer& operator=(const Trainer&) = delete;

  // Trains until config.schedule.epochs are done (nothing if they are).
  absl::Status Train();
  // Trains at most `max_steps` more steps (>= 0), then checkpoints: for
  // budgets, and to stop mid-epoch in tests.
  absl::Status TrainSteps(int64_t max_steps);
  // Writes the checkpoint now. FailedPrecondition without a checkpoint.path.
  absl::Status SaveCheckpoint();

  bool done() const { return completed_epochs_ >= config_.schedule.epochs; }
  int completed_epochs() const { return completed_epochs_; }
  int64_t batch_in_epoch() const { return batch_in_epoch_; }
  int64_t global_step() const { return global_step_; }
  bool resumed() const { return resumed_; }
  // Epochs finished by this object (not those before a resume).
  const std::vector<EpochStats>& history() const { return history_; }
  // The last finished epoch, this object's or, after a resume, the
  // checkpoint's (then with zero wall time and rate); nullopt before any.
  // So a report of a run resumed after its last epoch still has the loss.
  std::optional<EpochStats> last_epoch() const {
    if (!history_.empty()) return history_.back();
    return restored_last_epoch_;
  }
  networks::Network& network() { return network_; }
  const TrainerConfig& config() const { return config_; }
  TrainingRegime& regime() { return *regime_; }

 private:
  Trainer(networks::Network network, const Dataset* train, const TrainerConfig& config,
          Batcher batcher, std::unique_ptr<TrainingRegime> regime);

  std::string Fingerprint() const;
  absl::Status LoadCheckpoint();
  absl::Status SaveCheckpointImpl();
  absl::Status RunSteps(int64_t max_steps);
  absl::Status Step(const EpochPlan& plan);
  absl::Status FinishEpoch(double lr);
  double EpochLearningRate() const;
  void StepPlateau(double metric);

  networks::Network network_;
  const Dataset* train_;
  TrainerConfig config_;
  Batcher batcher_;
  std::unique_ptr<torch::optim::Optimizer> optimizer_;
  std::unique_ptr<TrainingRegime> regime_;

  int completed_epochs_ = 0;
  int64_t batch_in_epoch_ = 0;  // batches of epoch completed_epochs_ done
  int64_t global_step_ = 0;
  bool resumed_ = false;
  // The running epoch's totals (checkpointed, so a resumed epoch's stats are whole).
  double epoch_loss_sum_ = 0;  // nats
  int64_t epoch_correct_ = 0;
  int64_t epoch_images_ = 0;
  absl::Duration epoch_wall_;  // this process's part
  int64_t epoch_images_here_ = 0;
  std::vector<EpochStats> history_;
  std::optional<EpochStats> restored_last_epoch_;  // from the checkpoint
  // ReduceLROnPlateau's state (checkpointed).
  double plateau_lr_ = 0;
  double plateau_best_ = 0;  // -inf until the first metric
  int64_t plateau_bad_epochs_ = 0;
};

}  // namespace aimc::training

#endif  // AIMC_TRAINING_TRAINER_H_
