#include "training/trainer.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <torch/torch.h>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_format.h"
#include "common/file.h"
#include "common/progress.h"
#include "common/status_macros.h"
#include "crossbar/gemm.h"
#include "networks/torch_threads.h"
#include "training/data/torch_batch.h"
#include "training/lr_schedule.h"
#include "training/regime.h"

namespace aimc::training {
namespace {

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

bool IsStateKey(absl::string_view key) {
  if (key.empty()) return false;
  for (const char c : key) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

// The regime's state as entries of a sub-archive: scalars as 0-d tensors (as
// the trainer's own), strings as IValues.
class ArchiveStateWriter : public RegimeStateWriter {
 public:
  explicit ArchiveStateWriter(torch::serialize::OutputArchive& archive) : archive_(archive) {}
  void WriteInt64(absl::string_view key, int64_t value) override {
    archive_.write(Key(key), Int64Scalar(value));
  }
  void WriteDouble(absl::string_view key, double value) override {
    archive_.write(Key(key), DoubleScalar(value));
  }
  void WriteString(absl::string_view key, absl::string_view value) override {
    archive_.write(Key(key), c10::IValue(std::string(value)));
  }
  void WriteTensor(absl::string_view key, const at::Tensor& value) override {
    archive_.write(Key(key), value.detach().clone());
  }

 private:
  static std::string Key(absl::string_view key) {
    AIMC_CHECK(IsStateKey(key));
    return std::string(key);
  }
  torch::serialize::OutputArchive& archive_;
};

class ArchiveStateReader : public RegimeStateReader {
 public:
  // archive == nullptr: a checkpoint without regime state (every key missing).
  ArchiveStateReader(torch::serialize::InputArchive* archive, std::string where)
      : archive_(archive), where_(std::move(where)) {}
  bool Has(absl::string_view key) override {
    if (archive_ == nullptr) return false;
    const std::vector<std::string> keys = archive_->keys();
    return std::find(keys.begin(), keys.end(), key) != keys.end();
  }
  absl::StatusOr<int64_t> ReadInt64(absl::string_view key) override {
    ASSIGN_OR_RETURN(const torch::Tensor t, Scalar(key, torch::kInt64));
    return t.item<int64_t>();
  }
  absl::StatusOr<double> ReadDouble(absl::string_view key) override {
    ASSIGN_OR_RETURN(const torch::Tensor t, Scalar(key, torch::kFloat64));
    return t.item<double>();
  }
  absl::StatusOr<std::string> ReadString(absl::string_view key) override {
    c10::IValue value;
    if (!Has(key) || !archive_->try_read(std::string(key), value) || !value.isString()) {
      return Missing(key, "string");
    }
    return value.toStringRef();
  }
  absl::Status ReadTensor(absl::string_view key, at::Tensor* value) override {
    torch::Tensor t;  // fresh: see ReadScalar
    if (!Has(key) || !archive_->try_read(std::string(key), t)) return Missing(key, "tensor");
    *value = t;
    return absl::OkStatus();
  }

 private:
  absl::StatusOr<torch::Tensor> Scalar(absl::string_view key, torch::ScalarType type) {
    torch::Tensor t;
    if (!Has(key) || !archive_->try_read(std::string(key), t) || t.scalar_type() != type ||
        t.numel() != 1) {
      return Missing(key, type == torch::kInt64 ? "int64" : "double");
    }
    return t;
  }
  absl::Status Missing(absl::string_view key, absl::string_view type) const {
    return absl::DataLossError(
        absl::StrCat(where_, ": no ", type, " '", key, "' in the regime's state"));
  }

  torch::serialize::InputArchive* archive_;
  std::string where_;
};

// PyTorch's ReduceLROnPlateau defaults that TrainerConfig does not expose.
constexpr double kPlateauThreshold = 1e-4;  // threshold_mode 'rel'
constexpr double kPlateauEps = 1e-8;        // smaller reductions are skipped

}  // namespace

Trainer::Trainer(networks::Network network, const Dataset* train, const TrainerConfig& config,
                 Batcher batcher, std::unique_ptr<TrainingRegime> regime)
    : network_(std::move(network)),
      train_(train),
      config_(config),
      batcher_(std::move(batcher)),
      regime_(std::move(regime)),
      plateau_lr_(config.optimizer.lr),
      plateau_best_(-std::numeric_limits<double>::infinity()) {
  const OptimizerConfig& o = config.optimizer;
  if (o.kind == OptimizerKind::kAdam) {
    optimizer_ = std::make_unique<torch::optim::Adam>(
        network_->parameters(),
        torch::optim::AdamOptions(o.lr).betas({0.9, 0.999}).eps(1e-8).weight_decay(o.weight_decay));
  } else {
    optimizer_ = std::make_unique<torch::optim::SGD>(network_->parameters(),
                                                     torch::optim::SGDOptions(o.lr)
                                                         .momentum(o.momentum)
                                                         .nesterov(o.nesterov)
                                                         .weight_decay(o.weight_decay));
  }
}

Trainer::~Trainer() = default;

absl::StatusOr<std::unique_ptr<Trainer>> Trainer::Create(
    networks::Network network, const Dataset* train, const TrainerConfig& config,
    std::unique_ptr<TrainingRegime> regime) {
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
  if (regime == nullptr) regime = std::make_unique<DigitalRegime>();
  std::unique_ptr<Trainer> trainer;
  try {
    RETURN_IF_ERROR(regime->Prepare(network));
    trainer.reset(
        new Trainer(std::move(network), train, config, std::move(batcher), std::move(regime)));
  } catch (const c10::Error& e) {
    return absl::InternalError(absl::StrCat("Trainer::Create: ", e.what_without_backtrace()));
  }
  if (!config.checkpoint.path.empty() && FileExists(config.checkpoint.path)) {
    RETURN_IF_ERROR(trainer->LoadCheckpoint());
  }
  return trainer;
}

// The new options appear only when not at their defaults, so checkpoints of
// default (SGD, cosine) runs written before they existed still resume.
// The regime's fingerprint is stored under its own key ("regime").
std::string Trainer::Fingerprint() const {
  const OptimizerConfig& o = config_.optimizer;
  const ScheduleConfig& s = config_.schedule;
  std::string fingerprint = absl::StrCat(
      "dataset=", train_->name(), " size=", train_->size(), " seed=", config_.seed,
      " batch_size=", config_.batch_size, " drop_last=", config_.drop_last,
      " epochs=", s.epochs, " lr=", o.lr, " lr_min=", s.lr_min);
  if (o.kind != OptimizerKind::kSgd) {
    absl::StrAppend(&fingerprint, " optimizer=", OptimizerKindName(o.kind),
                    " weight_decay=", o.weight_decay);
  }
  if (s.kind != LrScheduleKind::kCosine) {
    absl::StrAppend(&fingerprint, " lr_schedule=", LrScheduleKindName(s.kind));
  }
  if (s.kind == LrScheduleKind::kStep) {
    absl::StrAppend(&fingerprint, " warmup=", s.step_warmup_epochs, "x", s.step_warmup_factor,
                    " milestones=", absl::StrJoin(s.step_milestones, ","), " gamma=", s.step_gamma);
  }
  if (s.kind == LrScheduleKind::kReduceOnPlateau) {
    absl::StrAppend(&fingerprint, " plateau_factor=", s.plateau_factor,
                    " plateau_patience=", s.plateau_patience);
  }
  if (o.grad_clip_norm > 0) {
    absl::StrAppend(&fingerprint, " grad_clip_norm=", o.grad_clip_norm);
  }
  return fingerprint;
}

absl::Status Trainer::SaveCheckpoint() {
  if (config_.checkpoint.path.empty()) {
    return absl::FailedPreconditionError("Trainer::SaveCheckpoint: no checkpoint.path");
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
    // The last finished epoch's statistics (epoch, lr, loss, accuracy,
    // images, metric or NaN), for reports of a run resumed after it.
    if (const std::optional<EpochStats> last = last_epoch(); last.has_value()) {
      archive.write("last_epoch",
                    torch::tensor({static_cast<double>(last->epoch), last->lr, last->mean_loss,
                                   last->accuracy_pct, static_cast<double>(last->images),
                                   last->metric.value_or(std::nan(""))},
                                  torch::kFloat64));
    }
    archive.write("regime", c10::IValue(regime_->Fingerprint()));
    torch::serialize::OutputArchive regime_archive;
    ArchiveStateWriter regime_writer(regime_archive);
    RETURN_IF_ERROR(regime_->SaveState(regime_writer));
    archive.write("regime_state", regime_archive);
    archive.save_to(bytes);
  } catch (const c10::Error& e) {
    return absl::InternalError(absl::StrCat("checkpoint ", config_.checkpoint.path, ": ",
                                            e.what_without_backtrace()));
  }
  return WriteFileAtomically(config_.checkpoint.path, bytes.str());
}

absl::Status Trainer::LoadCheckpoint() {
  const std::string& path = config_.checkpoint.path;
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
    // Checkpoints written before regimes have no "regime": read as "fp".
    c10::IValue regime;
    const std::string saved_regime =
        archive.try_read("regime", regime) && regime.isString() ? regime.toStringRef() : "fp";
    if (saved_regime != regime_->Fingerprint()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "checkpoint ", path, " is of another training regime: it has [", saved_regime,
          "], this run's is [", regime_->Fingerprint(),
          "]; delete it or pass another checkpoint path"));
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
    // Absent from checkpoints written before it and before the first epoch.
    t = torch::Tensor();
    if (archive.try_read("last_epoch", t) && t.numel() == 6) {
      const torch::Tensor v = t.to(torch::kFloat64).contiguous();
      const double* e = v.data_ptr<double>();
      EpochStats last;
      last.epoch = static_cast<int>(e[0]);
      last.lr = e[1];
      last.mean_loss = e[2];
      last.accuracy_pct = e[3];
      last.images = static_cast<int64_t>(e[4]);
      if (!std::isnan(e[5])) last.metric = e[5];
      restored_last_epoch_ = last;
    }
    torch::serialize::InputArchive regime_archive;
    const bool has_regime_state = archive.try_read("regime_state", regime_archive);
    ArchiveStateReader regime_reader(has_regime_state ? &regime_archive : nullptr,
                                     absl::StrCat("checkpoint ", path));
    RETURN_IF_ERROR(regime_->LoadState(regime_reader));
  } catch (const c10::Error& e) {
    return absl::DataLossError(absl::StrCat("checkpoint ", path, ": not a readable checkpoint of ",
                                            "this network: ", e.what_without_backtrace()));
  } catch (const std::exception& e) {
    return absl::DataLossError(absl::StrCat("checkpoint ", path, ": ", e.what()));
  }
  if (completed_epochs_ < 0 || completed_epochs_ > config_.schedule.epochs || batch_in_epoch_ < 0) {
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
  if (!config_.checkpoint.path.empty()) RETURN_IF_ERROR(SaveCheckpointImpl());
  return absl::OkStatus();
}

absl::Status Trainer::Step(const EpochPlan& plan) {
  torch::Tensor images, labels;
  RETURN_IF_ERROR(FillTorchBatch(batcher_, plan, batch_in_epoch_, &images, &labels));
  StepContext step;
  step.epoch = completed_epochs_;
  step.batch_in_epoch = batch_in_epoch_;
  step.global_step = global_step_;
  step.example_indices = plan.batch(batch_in_epoch_);
  step.seed = config_.seed;
  RETURN_IF_ERROR(regime_->BeforeStep(network_, step));
  optimizer_->zero_grad();
  torch::Tensor loss, logits;
  RETURN_IF_ERROR(regime_->Loss(network_, images, labels, step, &loss, &logits));
  if (!loss.defined() || loss.numel() != 1) {
    return absl::InternalError(absl::StrCat("regime ", regime_->Fingerprint(),
                                            ": Loss must set a scalar loss at step ", global_step_));
  }
  {
    // The forward above is thread-count invariant; the conv weight gradient
    // and the clipping norms are not (networks/torch_threads.h).
    networks::ScopedTorchThreads serial(1);
    loss.backward();
    if (config_.optimizer.grad_clip_norm > 0) {
      torch::nn::utils::clip_grad_norm_(network_->parameters(), config_.optimizer.grad_clip_norm);
    }
    optimizer_->step();
    torch::NoGradGuard no_grad;
    RETURN_IF_ERROR(regime_->AfterStep(network_, step));
  }
  const int64_t n = labels.size(0);
  epoch_loss_sum_ += loss.item<double>() * n;
  if (logits.defined()) epoch_correct_ += logits.argmax(1).eq(labels).sum().item<int64_t>();
  epoch_images_ += n;
  epoch_images_here_ += n;
  ++batch_in_epoch_;
  ++global_step_;
  return absl::OkStatus();
}

double Trainer::EpochLearningRate() const {
  switch (config_.schedule.kind) {
    case LrScheduleKind::kCosine:
      return CosineLearningRate(config_.optimizer.lr, config_.schedule.lr_min, completed_epochs_, config_.schedule.epochs);
    case LrScheduleKind::kConstant:
      return config_.optimizer.lr;
    case LrScheduleKind::kReduceOnPlateau:
      return plateau_lr_;
    case LrScheduleKind::kStep: {
      const ScheduleConfig& s = config_.schedule;
      return StepLearningRate(config_.optimizer.lr, completed_epochs_, s.epochs,
                              s.step_warmup_epochs, s.step_warmup_factor, s.step_milestones,
                              s.step_gamma);
    }
  }
  return config_.optimizer.lr;
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
  if (plateau_bad_epochs_ > config_.schedule.plateau_patience) {
    const double reduced = std::max(plateau_lr_ * config_.schedule.plateau_factor, 0.0);
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
  if (config_.schedule.epoch_metric) {
    absl::StatusOr<double> metric = config_.schedule.epoch_metric(completed_epochs_);
    network_->train();
    if (!metric.ok()) return metric.status();
    if (!std::isfinite(*metric)) {
      return absl::InvalidArgumentError(absl::StrCat("TrainerConfig.schedule.epoch_metric: epoch ",
                                                     completed_epochs_, " gave ", *metric,
                                                     "; must be finite"));
    }
    stats.metric = *metric;
    if (config_.schedule.kind == LrScheduleKind::kReduceOnPlateau) StepPlateau(*metric);
  }
  history_.push_back(stats);
  ++completed_epochs_;
  batch_in_epoch_ = 0;
  epoch_loss_sum_ = 0;
  epoch_correct_ = 0;
  epoch_images_ = 0;
  epoch_images_here_ = 0;
  epoch_wall_ = absl::ZeroDuration();
  if (config_.logging.log != nullptr) {
    absl::Duration mean_epoch = absl::ZeroDuration();
    for (const EpochStats& s : history_) mean_epoch += s.wall_time;
    mean_epoch /= static_cast<int64_t>(history_.size());
    const std::string metric =
        stats.metric.has_value() ? absl::StrFormat("  metric %.4f", *stats.metric) : "";
    std::fprintf(config_.logging.log,
                 "epoch %d/%d: lr %.4g  loss %.4f  train acc %.2f%%%s  %.0f images/s  %s  "
                 "time left ~%s\n",
                 stats.epoch + 1, config_.schedule.epochs, stats.lr, stats.mean_loss, stats.accuracy_pct,
                 metric.c_str(), stats.images_per_s, HumanDuration(stats.wall_time).c_str(),
                 HumanDuration(mean_epoch * (config_.schedule.epochs - completed_epochs_)).c_str());
    std::fflush(config_.logging.log);
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
      if (config_.logging.log != nullptr) {
        progress = std::make_unique<Progress>(
            absl::StrFormat("epoch %d/%d images", completed_epochs_ + 1, config_.schedule.epochs),
            train_->size(), absl::Seconds(2), config_.logging.log);
        progress->Add(epoch_images_);
      }
      while (batch_in_epoch_ < plan.num_batches() && (max_steps < 0 || steps < max_steps)) {
        const absl::Time start = absl::Now();
        const int64_t before = epoch_images_;
        RETURN_IF_ERROR(Step(plan));
        epoch_wall_ += absl::Now() - start;
        ++steps;
        if (progress != nullptr) progress->Add(epoch_images_ - before);
        if (config_.checkpoint.every_steps > 0 && !config_.checkpoint.path.empty() &&
            global_step_ % config_.checkpoint.every_steps == 0 &&
            batch_in_epoch_ < plan.num_batches()) {
          RETURN_IF_ERROR(SaveCheckpointImpl());
        }
      }
      if (batch_in_epoch_ < plan.num_batches()) break;  // step budget used up
      RETURN_IF_ERROR(FinishEpoch(lr));
      if (!config_.checkpoint.path.empty()) RETURN_IF_ERROR(SaveCheckpointImpl());
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
