// Digital (FP32) training of a Network, by default as AnalogNAS-Bench trains
// its baseline (nas_spec.md §4.2): cross-entropy loss, SGD with Nesterov
// momentum 0.9 and weight decay 5e-4 on all parameters, learning rate
// cosine-annealed per epoch from 0.1 to 0 (lr_schedule.h). Options for QAT
// (§4.4): Adam, a constant or ReduceLROnPlateau(max) rate driven by a per-epoch
// metric, gradient-norm clipping. After every optimizer step the
// step hooks run (weight clipping, remapping for analog training). A
// checkpoint (weights and buffers, optimizer state, epoch, batch position
// the plateau state and the partial epoch's statistics) is written atomically at each epoch end
// (and every checkpoint_every_steps steps); Create resumes from it when the
// file exists, and the resumed run is bit-identical to an uninterrupted one:
// all randomness is keyed by (seed, epoch, example) (batcher.h). Progress and
// one line per epoch go to config.log. Create/Train return Status; LibTorch
// errors become Status. Thread-compatible; sets torch's thread count.
#ifndef AIMC_TRAINING_TRAINER_H_
#define AIMC_TRAINING_TRAINER_H_

#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "networks/network.h"
#include "training/data/augment.h"
#include "training/data/batcher.h"
#include "training/data/dataset.h"

namespace torch::optim {
class Optimizer;
}  // namespace torch::optim

namespace aimc::training {

enum class OptimizerKind { kSgd, kAdam };
enum class LrScheduleKind { kCosine, kConstant, kReduceOnPlateau };

// "sgd", "adam"; "cosine", "constant", "reduce_on_plateau".
const char* OptimizerKindName(OptimizerKind kind);
const char* LrScheduleKindName(LrScheduleKind kind);

struct TrainerConfig {
  using OptimizerKind = ::aimc::training::OptimizerKind;
  using LrScheduleKind = ::aimc::training::LrScheduleKind;

  int epochs = 200;           // >= 1 (AnalogNAS-Bench: 200); the cosine period T
  int batch_size = 256;       // images per step, >= 1 (AnalogNAS-Bench: 256)
  double lr = 0.1;            // > 0: the learning rate of epoch 0
  double lr_min = 0.0;        // 0 <= lr_min <= lr: the rate the cosine reaches after the last epoch
  // kSgd (default): momentum, nesterov, weight_decay below. kAdam: PyTorch's
  // Adam with lr, weight_decay (L2 added to the gradient, not AdamW's
  // decoupled decay), betas 0.9 / 0.999, eps 1e-8; momentum and nesterov unused.
  OptimizerKind optimizer = OptimizerKind::kSgd;
  double momentum = 0.9;      // SGD: 0 <= momentum < 1
  bool nesterov = true;       // SGD: requires momentum > 0 (PyTorch's rule)
  double weight_decay = 5e-4; // >= 0, L2 on every parameter, BatchNorm's included
  // kCosine (default): lr -> lr_min over `epochs`. kConstant: lr throughout.
  // kReduceOnPlateau: PyTorch's ReduceLROnPlateau(mode 'max', factor
  // plateau_factor, patience plateau_patience, threshold 1e-4 rel, cooldown 0,
  // min_lr 0, eps 1e-8) stepped after each epoch on epoch_metric's value: the
  // rate is multiplied by plateau_factor once the metric has failed to beat
  // best * (1 + 1e-4) for more than plateau_patience epochs in a row.
  LrScheduleKind lr_schedule = LrScheduleKind::kCosine;
  double plateau_factor = 0.1;  // in (0, 1)
  int plateau_patience = 3;     // >= 0 epochs
  // > 0: gradients are rescaled to this total L2 norm (over all parameters)
  // before each step when larger (torch::nn::utils::clip_grad_norm_). 0: off.
  double grad_clip_norm = 0;
  // Called after each epoch (after its step hooks, before its checkpoint)
  // with the 0-based epoch, with the network in training mode (restore it if
  // you change it; Evaluate does). Its value, e.g. a validation accuracy in %,
  // drives kReduceOnPlateau and is logged and kept in EpochStats. Required
  // for kReduceOnPlateau; empty = none. An error stops training.
  std::function<absl::StatusOr<double>(int epoch)> epoch_metric;
  uint64_t seed = 0;          // keys the example order and augmentation (not the initial weights)
  // Torch's intra-op threads and the batch-filling threads, 1..256. OpenBLAS's
  // own pool is set to 1 thread (it would compete with torch's). Results are
  // reproducible for a fixed thread count; 1 thread for bit-identity tests.
  int num_threads = 1;
  bool drop_last = false;     // drop the last, smaller batch of each epoch
  // Training augmentation (augment.h). Default: x = p / 255, no crop or flip.
  AugmentConfig augment;
  // Empty: no checkpoints. Otherwise written atomically (temp file + rename)
  // at each epoch end, and read by Create when it exists.
  std::string checkpoint_path;
  // Also checkpoint every this many steps, >= 0; 0 = at epoch ends only.
  int64_t checkpoint_every_steps = 0;
  // Progress (images/s, time left) and the per-epoch lines; not owned, must
  // outlive the Trainer. nullptr = silent.
  std::FILE* log = stderr;
};

// InvalidArgument naming the field, e.g. "TrainerConfig.batch_size: must be >= 1, got 0",
// or "TrainerConfig.epoch_metric: required by lr_schedule reduce_on_plateau".
absl::Status ValidateTrainerConfig(const TrainerConfig& config);

// Runs after each optimizer step, under torch::NoGradGuard, on the network
// being trained. An error stops training and is returned by Train.
using StepHook = std::function<absl::Status(networks::Network& network)>;

struct EpochStats {
  int epoch = 0;             // 0-based
  double lr = 0;             // the learning rate used in this epoch
  double mean_loss = 0;      // training cross-entropy, nats per image (train mode)
  double accuracy_pct = 0;   // training top-1 accuracy on the augmented batches, %
  int64_t images = 0;
  absl::Duration wall_time;  // of this process's part of the epoch
  double images_per_s = 0;   // of this process's part of the epoch
  std::optional<double> metric;  // epoch_metric's value, when set
};

class Trainer {
 public:
  // Trains `network` (shared with the caller: it sees the updates) on
  // `train`, which is not owned and must outlive the Trainer. InvalidArgument
  // for a bad config; if config.checkpoint_path exists, resumes from it:
  // DataLoss if it cannot be read as a checkpoint of this network,
  // FailedPrecondition if it was written for another run (seed, batch size,
  // epochs, learning rate, optimizer, schedule, clipping or dataset differ;
  // the message names both).
  static absl::StatusOr<std::unique_ptr<Trainer>> Create(networks::Network network,
                                                         const Dataset* train,
                                                         const TrainerConfig& config);
  ~Trainer();

  Trainer(const Trainer&) = delete;
  Trainer& operator=(const Trainer&) = delete;

  // Hooks run in the order added.
  void AddStepHook(StepHook hook);

  // Trains until config.epochs are done (nothing if they are).
  absl::Status Train();
  // Trains at most `max_steps` more steps (>= 0), then checkpoints: for
  // budgets, and to stop mid-epoch in tests.
  absl::Status TrainSteps(int64_t max_steps);
  // Writes the checkpoint now. FailedPrecondition without a checkpoint_path.
  absl::Status SaveCheckpoint();

  bool done() const { return completed_epochs_ >= config_.epochs; }
  int completed_epochs() const { return completed_epochs_; }
  int64_t batch_in_epoch() const { return batch_in_epoch_; }
  int64_t global_step() const { return global_step_; }
  bool resumed() const { return resumed_; }
  // Epochs finished by this object (not those before a resume).
  const std::vector<EpochStats>& history() const { return history_; }
  networks::Network& network() { return network_; }
  const TrainerConfig& config() const { return config_; }

 private:
  Trainer(networks::Network network, const Dataset* train, const TrainerConfig& config,
          Batcher batcher);

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
  std::vector<StepHook> hooks_;

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
  // ReduceLROnPlateau's state (checkpointed).
  double plateau_lr_ = 0;
  double plateau_best_ = 0;  // -inf until the first metric
  int64_t plateau_bad_epochs_ = 0;
};

}  // namespace aimc::training

#endif  // AIMC_TRAINING_TRAINER_H_
