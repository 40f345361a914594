#include "training/trainer.h"


#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <sstream>
#include <utility>

#include <torch/torch.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/file.h"
#include "common/progress.h"
#include "crossbar/gemm.h"
#include "common/status_macros.h"
#include "training/data/torch_batch.h"
#include "training/lr_schedule.h"

namespace aimc::training {
namespace {

absl::Status Invalid(absl::string_view field, absl::string_view rule, double got) {
  return absl::InvalidArgumentError(
      absl::StrCat("TrainerConfig.", field, ": must be ", rule, ", got ", got));
}

torch::Tensor Int64Scalar(int64_t v) { return torch::tensor(v, torch::kInt64); }
torch::Tensor DoubleScalar(double v) { return torch::tensor(v, torch::kFloat64); }

// A fresh tensor per key: InputArchive::read into a defined tensor calls
// set_(), which keeps the old dtype and reinterprets the bytes (an int64
// tensor reused for a float64 value read 4.6e17 for 1e-4).
torch::Tensor ReadScalar(torch::serialize::InputArchive& archive, const char* key) {
  torch::Tensor t;
  archive.read(key, t);
  return t;
}

// PyTorch's ReduceLROnPlateau defaults that TrainerConfig does not expose.
constexpr double kPlateauThreshold = 1e-4;  // threshold_mode 'rel'
constexpr double kPlateauEps = 1e-8;        // smaller reductions are skipped

}  // namespace

const char* OptimizerKindName(OptimizerKind kind) {
  return kind == OptimizerKind::kSgd ? "sgd" : "adam";
}

const char* LrScheduleKindName(LrScheduleKind kind) {
  switch (kind) {
    case LrScheduleKind::kCosine:
      return "cosine";
    case LrScheduleKind::kConstant:
      return "constant";
    case LrScheduleKind::kReduceOnPlateau:
      return "reduce_on_plateau";
  }
  return "?";
}

absl::Status ValidateTrainerConfig(const TrainerConfig& c) {
  if (c.epochs < 1) return Invalid("epochs", ">= 1", c.epochs);
  if (c.batch_size < 1) return Invalid("batch_size", ">= 1", c.batch_size);
  if (!(c.lr > 0) || !std::isfinite(c.lr)) return Invalid("lr", "finite and > 0", c.lr);
  if (!(c.lr_min >= 0 && c.lr_min <= c.lr)) {
    return Invalid("lr_min", absl::StrCat("in [0, lr = ", c.lr, "]"), c.lr_min);
  }
  if (c.optimizer != OptimizerKind::kSgd && c.optimizer != OptimizerKind::kAdam) {
    return Invalid("optimizer", "kSgd or kAdam", static_cast<int>(c.optimizer));
  }
  const bool sgd = c.optimizer == OptimizerKind::kSgd;
  if (sgd && !(c.momentum >= 0 && c.momentum < 1)) {
    return Invalid("momentum", "in [0, 1)", c.momentum);
  }
  if (sgd && c.nesterov && c.momentum == 0) {
    return absl::InvalidArgumentError(
        "TrainerConfig.nesterov: requires momentum > 0, got momentum 0");
  }
  if (!(c.weight_decay >= 0) || !std::isfinite(c.weight_decay)) {
    return Invalid("weight_decay", "finite and >= 0", c.weight_decay);
  }
  if (c.lr_schedule != LrScheduleKind::kCosine && c.lr_schedule != LrScheduleKind::kConstant &&
      c.lr_schedule != LrScheduleKind::kReduceOnPlateau) {
    return Invalid("lr_schedule", "kCosine, kConstant or kReduceOnPlateau",
                   static_cast<int>(c.lr_schedule));
  }
  if (!(c.plateau_factor > 0 && c.plateau_factor < 1)) {
    return Invalid("plateau_factor", "in (0, 1)", c.plateau_factor);
  }
  if (c.plateau_patience < 0) return Invalid("plateau_patience", ">= 0", c.plateau_patience);
  if (c.lr_schedule == LrScheduleKind::kReduceOnPlateau && !c.epoch_metric) {
    return absl::InvalidArgumentError(
        "TrainerConfig.epoch_metric: required by lr_schedule reduce_on_plateau, got none");
  }
  if (!(c.grad_clip_norm >= 0) || !std::isfinite(c.grad_clip_norm)) {
    return Invalid("grad_clip_norm", "finite and >= 0 (0 = off)", c.grad_clip_norm);
  }
  if (c.num_threads < 1 || c.num_threads > 256) {
    return Invalid("num_threads", "1..256", c.num_threads);
  }
  if (c.checkpoint_every_steps < 0) {
    return Invalid("checkpoint_every_steps", ">= 0", static_cast<double>(c.checkpoint_every_steps));
  }
  return absl::OkStatus();
}

Trainer::Trainer(networks::Network network, const Dataset* train, const TrainerConfig& config,
                 Batcher batcher)
    : network_(std::move(network)),
      train_(train),
      config_(config),
      batcher_(std::move(batcher)),
      plateau_lr_(config.lr),
      plateau_best_(-std::numeric_limits<double>::infinity()) {
  if (config.optimizer == OptimizerKind::kAdam) {
    optimizer_ = std::make_unique<torch::optim::Adam>(
        network_->parameters(), torch::optim::AdamOptions(config.lr)
                                    .betas({0.9, 0.999})
                                    .eps(1e-8)
                                    .weight_decay(config.weight_decay));
  } else {
    optimizer_ = std::make_unique<torch::optim::SGD>(
        network_->parameters(), torch::optim::SGDOptions(config.lr)
                                    .momentum(config.momentum)
                                    .nesterov(config.nesterov)
                                    .weight_decay(config.weight_decay));
  }
}

Trainer::~Trainer() = default;

absl::StatusOr<std::unique_ptr<Trainer>> Trainer::Create(networks::Network network,
                                                         const Dataset* train,
                                                         const TrainerConfig& config) {
  RETURN_IF_ERROR(ValidateTrainerConfig(config));
  if (network.is_empty()) return absl::InvalidArgumentError("Trainer::Create: empty network");
  if (train == nullptr || train->size() == 0) {
    return absl::InvalidArgumentError("Trainer::Create: no training data");
  }
  BatcherConfig batcher_config;
  batcher_config.batch_size = config.batch_size;
  batcher_config.shuffle = true;
  batcher_config.drop_last = config.drop_last;
  batcher_config.seed = config.seed;
  batcher_config.num_threads = config.num_threads;
  batcher_config.augment = config.augment;
  ASSIGN_OR_RETURN(Batcher batcher, Batcher::Create(train, batcher_config));
  if (batcher.Plan(0).num_batches() == 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "TrainerConfig.batch_size: ", config.batch_size, " with drop_last leaves no batch of ",
        train->name(), " (", train->size(), " images)"));
  }
  std::unique_ptr<Trainer> trainer;
  try {
    trainer.reset(new Trainer(std::move(network), train, config, std::move(batcher)));
  } catch (const c10::Error& e) {
    return absl::InternalError(absl::StrCat("Trainer::Create: ", e.what_without_backtrace()));
  }
  if (!config.checkpoint_path.empty() && FileExists(config.checkpoint_path)) {
    RETURN_IF_ERROR(trainer->LoadCheckpoint());
  }
  return trainer;
}

void Trainer::AddStepHook(StepHook hook) { hooks_.push_back(std::move(hook)); }

// The new options appear only when not at their defaults, so checkpoints of
// default (SGD, cosine) runs written before they existed still resume.
std::string Trainer::Fingerprint() const {
  std::string fingerprint = absl::StrCat(
      "dataset=", train_->name(), " size=", train_->size(), " seed=", config_.seed,
      " batch_size=", config_.batch_size, " drop_last=", config_.drop_last,
      " epochs=", config_.epochs, " lr=", config_.lr, " lr_min=", config_.lr_min);
  if (config_.optimizer != OptimizerKind::kSgd) {
    absl::StrAppend(&fingerprint, " optimizer=", OptimizerKindName(config_.optimizer),
                    " weight_decay=", config_.weight_decay);
  }
  if (config_.lr_schedule != LrScheduleKind::kCosine) {
    absl::StrAppend(&fingerprint, " lr_schedule=", LrScheduleKindName(config_.lr_schedule));
  }
  if (config_.lr_schedule == LrScheduleKind::kReduceOnPlateau) {
    absl::StrAppend(&fingerprint, " plateau_factor=", config_.plateau_factor,
                    " plateau_patience=", config_.plateau_patience);
  }
  if (config_.grad_clip_norm > 0) {
    absl::StrAppend(&fingerprint, " grad_clip_norm=", config_.grad_clip_norm);
  }
  return fingerprint;
}

absl::Status Trainer::SaveCheckpoint() {
  if (config_.checkpoint_path.empty()) {
    return absl::FailedPreconditionError("Trainer::SaveCheckpoint: no checkpoint_path");
  }
  return SaveCheckpointImpl();
}

absl::Status Trainer::SaveCheckpointImpl() {
  std::ostringstream bytes;
  try {
    torch::serialize::OutputArchive archive;
    torch::serialize::OutputArchive model_archive, optimizer_archive;
    network_->save(model_archive);
    optimizer_->save(optimizer_archive);
    archive.write("model", model_archive);
    archive.write("optimizer", optimizer_archive);
    archive.write("fingerprint", c10::IValue(Fingerprint()));
    archive.write("completed_epochs", Int64Scalar(completed_epochs_));
    archive.write("batch_in_epoch", Int64Scalar(batch_in_epoch_));
    archive.write("global_step", Int64Scalar(global_step_));
    archive.write("epoch_loss_sum", DoubleScalar(epoch_loss_sum_));
    archive.write("epoch_correct", Int64Scalar(epoch_correct_));
    archive.write("epoch_images", Int64Scalar(epoch_images_));
    archive.write("plateau_lr", DoubleScalar(plateau_lr_));
    archive.write("plateau_best", DoubleScalar(plateau_best_));
    archive.write("plateau_bad_epochs", Int64Scalar(plateau_bad_epochs_));
    archive.save_to(bytes);
  } catch (const c10::Error& e) {
    return absl::InternalError(absl::StrCat("checkpoint ", config_.checkpoint_path, ": ",
                                            e.what_without_backtrace()));
  }
  return WriteFileAtomically(config_.checkpoint_path, bytes.str());
}

absl::Status Trainer::LoadCheckpoint() {
  const std::string& path = config_.checkpoint_path;
  ASSIGN_OR_RETURN(const std::string contents, ReadFile(path));
  std::istringstream bytes(contents);
  try {
    torch::serialize::InputArchive archive;
    archive.load_from(bytes);
    c10::IValue fingerprint;
    archive.read("fingerprint", fingerprint);
    if (!fingerprint.isString() || fingerprint.toStringRef() != Fingerprint()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "checkpoint ", path, " is of another run: it has [",
          fingerprint.isString() ? fingerprint.toStringRef() : "?", "], this run is [",
          Fingerprint(), "]; delete it or pass another checkpoint path"));
    }
    torch::serialize::InputArchive model_archive, optimizer_archive;
    archive.read("model", model_archive);
    archive.read("optimizer", optimizer_archive);
    network_->load(model_archive);
    optimizer_->load(optimizer_archive);
    completed_epochs_ = static_cast<int>(ReadScalar(archive, "completed_epochs").item<int64_t>());
    batch_in_epoch_ = ReadScalar(archive, "batch_in_epoch").item<int64_t>();
    global_step_ = ReadScalar(archive, "global_step").item<int64_t>();
    epoch_loss_sum_ = ReadScalar(archive, "epoch_loss_sum").item<double>();
    epoch_correct_ = ReadScalar(archive, "epoch_correct").item<int64_t>();
    epoch_images_ = ReadScalar(archive, "epoch_images").item<int64_t>();
    // Absent from checkpoints older than the plateau schedule (their
    // fingerprint says cosine, which does not use them).
    torch::Tensor t;
    if (archive.try_read("plateau_lr", t)) plateau_lr_ = t.item<double>();
    t = torch::Tensor();
    if (archive.try_read("plateau_best", t)) plateau_best_ = t.item<double>();
    t = torch::Tensor();
    if (archive.try_read("plateau_bad_epochs", t)) plateau_bad_epochs_ = t.item<int64_t>();
  } catch (const c10::Error& e) {
    return absl::DataLossError(absl::StrCat("checkpoint ", path, ": not a readable checkpoint of ",
                                            "this network: ", e.what_without_backtrace()));
  } catch (const std::exception& e) {
    return absl::DataLossError(absl::StrCat("checkpoint ", path, ": ", e.what()));
  }
  if (completed_epochs_ < 0 || completed_epochs_ > config_.epochs || batch_in_epoch_ < 0) {
    return absl::DataLossError(absl::StrCat("checkpoint ", path, ": epoch ", completed_epochs_,
                                            " batch ", batch_in_epoch_, " out of range"));
  }
  resumed_ = true;
  return absl::OkStatus();
}

absl::Status Trainer::Train() { return RunSteps(-1); }

absl::Status Trainer::TrainSteps(int64_t max_steps) {
  if (max_steps < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("Trainer::TrainSteps: max_steps must be >= 0, got ", max_steps));
  }
  RETURN_IF_ERROR(RunSteps(max_steps));
  if (!config_.checkpoint_path.empty()) RETURN_IF_ERROR(SaveCheckpointImpl());
  return absl::OkStatus();
}

absl::Status Trainer::Step(const EpochPlan& plan) {
  torch::Tensor images, labels;
  RETURN_IF_ERROR(FillTorchBatch(batcher_, plan, batch_in_epoch_, &images, &labels));
  optimizer_->zero_grad();
  const torch::Tensor logits = network_->forward(images);
  const torch::Tensor loss = torch::nn::functional::cross_entropy(logits, labels);
  loss.backward();
  if (config_.grad_clip_norm > 0) {
    torch::nn::utils::clip_grad_norm_(network_->parameters(), config_.grad_clip_norm);
  }
  optimizer_->step();
  {
    torch::NoGradGuard no_grad;
    for (const StepHook& hook : hooks_) RETURN_IF_ERROR(hook(network_));
  }
  const int64_t n = labels.size(0);
  epoch_loss_sum_ += loss.item<double>() * n;
  epoch_correct_ += logits.argmax(1).eq(labels).sum().item<int64_t>();
  epoch_images_ += n;
  epoch_images_here_ += n;
  ++batch_in_epoch_;
  ++global_step_;
  return absl::OkStatus();
}

double Trainer::EpochLearningRate() const {
  switch (config_.lr_schedule) {
    case LrScheduleKind::kCosine:
      return CosineLearningRate(config_.lr, config_.lr_min, completed_epochs_, config_.epochs);
    case LrScheduleKind::kConstant:
      return config_.lr;
    case LrScheduleKind::kReduceOnPlateau:
      return plateau_lr_;
  }
  return config_.lr;
}

// torch.optim.lr_scheduler.ReduceLROnPlateau.step (PyTorch 1.13) for mode
// 'max', threshold_mode 'rel', cooldown 0, min_lr 0.
void Trainer::StepPlateau(double metric) {
  if (metric > plateau_best_ * (1 + kPlateauThreshold)) {
    plateau_best_ = metric;
    plateau_bad_epochs_ = 0;
  } else {
    ++plateau_bad_epochs_;
  }
  if (plateau_bad_epochs_ > config_.plateau_patience) {
    const double reduced = std::max(plateau_lr_ * config_.plateau_factor, 0.0);
    if (plateau_lr_ - reduced > kPlateauEps) plateau_lr_ = reduced;
    plateau_bad_epochs_ = 0;
  }
}

absl::Status Trainer::FinishEpoch(double lr) {
  EpochStats stats;
  stats.epoch = completed_epochs_;
  stats.lr = lr;
  stats.images = epoch_images_;
  stats.mean_loss = epoch_images_ > 0 ? epoch_loss_sum_ / epoch_images_ : 0;
  stats.accuracy_pct = epoch_images_ > 0 ? 100.0 * epoch_correct_ / epoch_images_ : 0;
  stats.wall_time = epoch_wall_;
  const double seconds = absl::ToDoubleSeconds(epoch_wall_);
  stats.images_per_s = seconds > 0 ? epoch_images_here_ / seconds : 0;
  if (config_.epoch_metric) {
    absl::StatusOr<double> metric = config_.epoch_metric(completed_epochs_);
    network_->train();
    if (!metric.ok()) return metric.status();
    if (!std::isfinite(*metric)) {
      return absl::InvalidArgumentError(absl::StrCat("TrainerConfig.epoch_metric: epoch ",
                                                     completed_epochs_, " gave ", *metric,
                                                     "; must be finite"));
    }
    stats.metric = *metric;
    if (config_.lr_schedule == LrScheduleKind::kReduceOnPlateau) StepPlateau(*metric);
  }
  history_.push_back(stats);
  ++completed_epochs_;
  batch_in_epoch_ = 0;
  epoch_loss_sum_ = 0;
  epoch_correct_ = 0;
  epoch_images_ = 0;
  epoch_images_here_ = 0;
  epoch_wall_ = absl::ZeroDuration();
  if (config_.log != nullptr) {
    absl::Duration mean_epoch = absl::ZeroDuration();
    for (const EpochStats& s : history_) mean_epoch += s.wall_time;
    mean_epoch /= static_cast<int64_t>(history_.size());
    const std::string metric =
        stats.metric.has_value() ? absl::StrFormat("  metric %.4f", *stats.metric) : "";
    std::fprintf(config_.log,
                 "epoch %d/%d: lr %.4g  loss %.4f  train acc %.2f%%%s  %.0f images/s  %s  "
                 "time left ~%s\n",
                 stats.epoch + 1, config_.epochs, stats.lr, stats.mean_loss, stats.accuracy_pct,
                 metric.c_str(), stats.images_per_s, HumanDuration(stats.wall_time).c_str(),
                 HumanDuration(mean_epoch * (config_.epochs - completed_epochs_)).c_str());
    std::fflush(config_.log);
  }
  return absl::OkStatus();
}

absl::Status Trainer::RunSteps(int64_t max_steps) {
  torch::set_num_threads(config_.num_threads);
  // OpenBLAS's own pool ignores torch::set_num_threads.
  crossbar::SetBlasThreads(1);
  int64_t steps = 0;
  try {
    network_->train();
    while (!done() && (max_steps < 0 || steps < max_steps)) {
      const double lr = EpochLearningRate();
      for (auto& group : optimizer_->param_groups()) group.options().set_lr(lr);
      const EpochPlan plan = batcher_.Plan(static_cast<uint32_t>(completed_epochs_));
      std::unique_ptr<Progress> progress;
      if (config_.log != nullptr) {
        progress = std::make_unique<Progress>(
            absl::StrFormat("epoch %d/%d images", completed_epochs_ + 1, config_.epochs),
            train_->size(), absl::Seconds(2), config_.log);
        progress->Add(epoch_images_);
      }
      while (batch_in_epoch_ < plan.num_batches() && (max_steps < 0 || steps < max_steps)) {
        const absl::Time start = absl::Now();
        const int64_t before = epoch_images_;
        RETURN_IF_ERROR(Step(plan));
        epoch_wall_ += absl::Now() - start;
        ++steps;
        if (progress != nullptr) progress->Add(epoch_images_ - before);
        if (config_.checkpoint_every_steps > 0 && !config_.checkpoint_path.empty() &&
            global_step_ % config_.checkpoint_every_steps == 0 &&
            batch_in_epoch_ < plan.num_batches()) {
          RETURN_IF_ERROR(SaveCheckpointImpl());
        }
      }
      if (batch_in_epoch_ < plan.num_batches()) break;  // step budget used up
      RETURN_IF_ERROR(FinishEpoch(lr));
      if (!config_.checkpoint_path.empty()) RETURN_IF_ERROR(SaveCheckpointImpl());
    }
  } catch (const c10::Error& e) {
    return absl::InvalidArgumentError(
        absl::StrCat("training on ", train_->name(), " (", ShapeString(train_->shape()),
                     ") at step ", global_step_, ": LibTorch: ", e.what_without_backtrace()));
  } catch (const std::exception& e) {
    return absl::InternalError(
        absl::StrCat("training on ", train_->name(), " at step ", global_step_, ": ", e.what()));
  }
  return absl::OkStatus();
}

}  // namespace aimc::training
