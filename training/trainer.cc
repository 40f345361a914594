#include "training/trainer.h"


#include <cmath>
#include <exception>
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

}  // namespace

absl::Status ValidateTrainerConfig(const TrainerConfig& c) {
  if (c.epochs < 1) return Invalid("epochs", ">= 1", c.epochs);
  if (c.batch_size < 1) return Invalid("batch_size", ">= 1", c.batch_size);
  if (!(c.lr > 0) || !std::isfinite(c.lr)) return Invalid("lr", "finite and > 0", c.lr);
  if (!(c.lr_min >= 0 && c.lr_min <= c.lr)) {
    return Invalid("lr_min", absl::StrCat("in [0, lr = ", c.lr, "]"), c.lr_min);
  }
  if (!(c.momentum >= 0 && c.momentum < 1)) return Invalid("momentum", "in [0, 1)", c.momentum);
  if (c.nesterov && c.momentum == 0) {
    return absl::InvalidArgumentError(
        "TrainerConfig.nesterov: requires momentum > 0, got momentum 0");
  }
  if (!(c.weight_decay >= 0) || !std::isfinite(c.weight_decay)) {
    return Invalid("weight_decay", "finite and >= 0", c.weight_decay);
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
      batcher_(std::move(batcher)) {
  optimizer_ = std::make_unique<torch::optim::SGD>(
      network_->parameters(), torch::optim::SGDOptions(config.lr)
                                  .momentum(config.momentum)
                                  .nesterov(config.nesterov)
                                  .weight_decay(config.weight_decay));
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

std::string Trainer::Fingerprint() const {
  return absl::StrCat("dataset=", train_->name(), " size=", train_->size(),
                      " seed=", config_.seed, " batch_size=", config_.batch_size,
                      " drop_last=", config_.drop_last, " epochs=", config_.epochs,
                      " lr=", config_.lr, " lr_min=", config_.lr_min);
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
    torch::Tensor t;
    archive.read("completed_epochs", t);
    completed_epochs_ = static_cast<int>(t.item<int64_t>());
    archive.read("batch_in_epoch", t);
    batch_in_epoch_ = t.item<int64_t>();
    archive.read("global_step", t);
    global_step_ = t.item<int64_t>();
    archive.read("epoch_loss_sum", t);
    epoch_loss_sum_ = t.item<double>();
    archive.read("epoch_correct", t);
    epoch_correct_ = t.item<int64_t>();
    archive.read("epoch_images", t);
    epoch_images_ = t.item<int64_t>();
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

void Trainer::FinishEpoch(double lr) {
  EpochStats stats;
  stats.epoch = completed_epochs_;
  stats.lr = lr;
  stats.images = epoch_images_;
  stats.mean_loss = epoch_images_ > 0 ? epoch_loss_sum_ / epoch_images_ : 0;
  stats.accuracy_pct = epoch_images_ > 0 ? 100.0 * epoch_correct_ / epoch_images_ : 0;
  stats.wall_time = epoch_wall_;
  const double seconds = absl::ToDoubleSeconds(epoch_wall_);
  stats.images_per_s = seconds > 0 ? epoch_images_here_ / seconds : 0;
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
    std::fprintf(config_.log,
                 "epoch %d/%d: lr %.4f  loss %.4f  train acc %.2f%%  %.0f images/s  %s  "
                 "time left ~%s\n",
                 stats.epoch + 1, config_.epochs, stats.lr, stats.mean_loss, stats.accuracy_pct,
                 stats.images_per_s, HumanDuration(stats.wall_time).c_str(),
                 HumanDuration(mean_epoch * (config_.epochs - completed_epochs_)).c_str());
    std::fflush(config_.log);
  }
}

absl::Status Trainer::RunSteps(int64_t max_steps) {
  torch::set_num_threads(config_.num_threads);
  // OpenBLAS's own pool ignores torch::set_num_threads.
  crossbar::SetBlasThreads(1);
  int64_t steps = 0;
  try {
    network_->train();
    while (!done() && (max_steps < 0 || steps < max_steps)) {
      const double lr =
          CosineLearningRate(config_.lr, config_.lr_min, completed_epochs_, config_.epochs);
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
      FinishEpoch(lr);
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
