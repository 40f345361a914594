// The Trainer's configuration (trainer.h), split by concern: the optimizer,
// the learning-rate schedule and epochs, checkpointing, logging, and the
// run's data settings. Each struct states its fields' defaults and ranges and
// has a Validate*Config returning InvalidArgument that names the field path,
// the value and what is allowed. No LibTorch. Thread-safe (values and pure
// functions).
#ifndef AIMC_TRAINING_TRAINER_CONFIG_H_
#define AIMC_TRAINING_TRAINER_CONFIG_H_

#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "training/data/augment.h"

namespace aimc::training {

enum class OptimizerKind { kSgd, kAdam };
enum class LrScheduleKind { kCosine, kConstant, kReduceOnPlateau, kStep };

// "sgd", "adam"; "cosine", "constant", "reduce_on_plateau", "step".
const char* OptimizerKindName(OptimizerKind kind);
const char* LrScheduleKindName(LrScheduleKind kind);

// The optimizer, applied to every parameter of the network.
struct OptimizerConfig {
  // kSgd (default): momentum, nesterov, weight_decay below. kAdam: PyTorch's
  // Adam with lr, weight_decay (L2 added to the gradient, not AdamW's
  // decoupled decay), betas 0.9 / 0.999, eps 1e-8; momentum and nesterov unused.
  OptimizerKind kind = OptimizerKind::kSgd;
  double lr = 0.1;             // finite, > 0: the learning rate of epoch 0 (AnalogNAS-Bench: 0.1)
  double momentum = 0.9;       // SGD: in [0, 1)
  bool nesterov = true;        // SGD: requires momentum > 0 (PyTorch's rule)
  double weight_decay = 5e-4;  // finite, >= 0: L2 on every parameter, BatchNorm's included
  // Finite, >= 0. > 0: gradients are rescaled to this total L2 norm (over all
  // parameters) before each step when larger (torch::nn::utils::clip_grad_norm_).
  // 0 (default): off.
  double grad_clip_norm = 0;
};

// The learning rate per epoch, and how long training runs.
struct ScheduleConfig {
  int epochs = 200;  // >= 1 (AnalogNAS-Bench: 200); the cosine period T
  // kCosine (default): optimizer.lr -> lr_min over `epochs`. kConstant:
  // optimizer.lr throughout. kReduceOnPlateau: PyTorch's ReduceLROnPlateau
  // (mode 'max', factor plateau_factor, patience plateau_patience, threshold
  // 1e-4 rel, cooldown 0, min_lr 0, eps 1e-8) stepped after each epoch on
  // epoch_metric's value: the rate is multiplied by plateau_factor once the
  // metric has failed to beat best * (1 + 1e-4) for more than
  // plateau_patience epochs in a row. kStep: lr_schedule.h's
  // StepLearningRate with the step_* fields below (Rasch 2023).
  LrScheduleKind kind = LrScheduleKind::kCosine;
  double lr_min = 0.0;          // in [0, optimizer.lr]: the rate the cosine reaches after the last epoch
  double plateau_factor = 0.1;  // in (0, 1)
  int plateau_patience = 3;     // >= 0 epochs
  int step_warmup_epochs = 0;     // kStep: >= 0 epochs at lr · step_warmup_factor first
  double step_warmup_factor = 0.05;  // kStep: in (0, 1]
  std::vector<double> step_milestones = {0.5, 0.75};  // kStep: fractions of epochs, in (0, 1]
  double step_gamma = 0.1;        // kStep: in (0, 1]
  // Called after each epoch (after its steps, before its checkpoint) with the
  // 0-based epoch, with the network in training mode (restore it if you
  // change it; Evaluate does). Its value, e.g. a validation accuracy in %,
  // must be finite; it drives kReduceOnPlateau and is logged and kept in
  // EpochStats. Required for kReduceOnPlateau; empty (default) = none. An
  // error stops training.
  std::function<absl::StatusOr<double>(int epoch)> epoch_metric;
};

struct CheckpointConfig {
  // Empty (default): no checkpoints. Otherwise written atomically (temp file
  // + rename) at each epoch end, and read by Create when it exists.
  std::string path;
  // >= 0. Also checkpoint every this many steps; 0 (default) = at epoch ends only.
  int64_t every_steps = 0;
};

struct LoggingConfig {
  // Progress (images/s, time left) and the per-epoch lines; not owned, must
  // outlive the Trainer. Default stderr; nullptr = silent. Any value is valid.
  std::FILE* log = stderr;
};

struct TrainerConfig {
  using OptimizerKind = ::aimc::training::OptimizerKind;
  using LrScheduleKind = ::aimc::training::LrScheduleKind;

  OptimizerConfig optimizer;
  ScheduleConfig schedule;
  CheckpointConfig checkpoint;
  LoggingConfig logging;
  int batch_size = 256;  // images per step, >= 1 (AnalogNAS-Bench: 256)
  // Keys the example order, the augmentation and the regime's streams (not
  // the initial weights). Default 0.
  uint64_t seed = 0;
  // Torch's intra-op threads of the forward pass and the batch-filling
  // threads, 1..256 (default 1); backward, clipping and the optimizer step run
  // on one (networks/torch_threads.h). OpenBLAS's own pool is set to 1 thread
  // (it would compete with torch's). Changes no number.
  int num_threads = 1;
  bool drop_last = false;  // default false; true drops the last, smaller batch of each epoch
  // Training augmentation (augment.h), checked against the data by Create.
  // Default: x = p / 255, no crop or flip.
  AugmentConfig augment;
};

// InvalidArgument naming the field path after `path`, e.g.
// "OptimizerConfig.lr: must be finite and > 0, got -1". ValidateTrainerConfig
// calls each with its field's path ("TrainerConfig.optimizer") and adds the
// checks across them, e.g. "TrainerConfig.schedule.lr_min: must be in [0,
// optimizer.lr = 0.1], got 0.2", or "TrainerConfig.schedule.epoch_metric:
// required by kind reduce_on_plateau, got none".
absl::Status ValidateOptimizerConfig(const OptimizerConfig& config,
                                     absl::string_view path = "OptimizerConfig");
absl::Status ValidateScheduleConfig(const ScheduleConfig& config,
                                    absl::string_view path = "ScheduleConfig");
absl::Status ValidateCheckpointConfig(const CheckpointConfig& config,
                                      absl::string_view path = "CheckpointConfig");
absl::Status ValidateLoggingConfig(const LoggingConfig& config,
                                   absl::string_view path = "LoggingConfig");
absl::Status ValidateTrainerConfig(const TrainerConfig& config);

}  // namespace aimc::training

#endif  // AIMC_TRAINING_TRAINER_CONFIG_H_
