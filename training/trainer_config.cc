#include "training/trainer_config.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

namespace aimc::training {
namespace {

absl::Status Invalid(absl::string_view path, absl::string_view field, absl::string_view rule,
                     double got) {
  return absl::InvalidArgumentError(
      absl::StrCat(path, ".", field, ": must be ", rule, ", got ", got));
}

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
    case LrScheduleKind::kStep:
      return "step";
  }
  return "?";
}

absl::Status ValidateOptimizerConfig(const OptimizerConfig& c, absl::string_view path) {
  if (c.kind != OptimizerKind::kSgd && c.kind != OptimizerKind::kAdam) {
    return Invalid(path, "kind", "kSgd or kAdam", static_cast<int>(c.kind));
  }
  if (!(c.lr > 0) || !std::isfinite(c.lr)) return Invalid(path, "lr", "finite and > 0", c.lr);
  const bool sgd = c.kind == OptimizerKind::kSgd;
  if (sgd && !(c.momentum >= 0 && c.momentum < 1)) {
    return Invalid(path, "momentum", "in [0, 1)", c.momentum);
  }
  if (sgd && c.nesterov && c.momentum == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ".nesterov: requires momentum > 0, got momentum 0"));
  }
  if (!(c.weight_decay >= 0) || !std::isfinite(c.weight_decay)) {
    return Invalid(path, "weight_decay", "finite and >= 0", c.weight_decay);
  }
  if (!(c.grad_clip_norm >= 0) || !std::isfinite(c.grad_clip_norm)) {
    return Invalid(path, "grad_clip_norm", "finite and >= 0 (0 = off)", c.grad_clip_norm);
  }
  return absl::OkStatus();
}

absl::Status ValidateScheduleConfig(const ScheduleConfig& c, absl::string_view path) {
  if (c.epochs < 1) return Invalid(path, "epochs", ">= 1", c.epochs);
  if (c.kind != LrScheduleKind::kCosine && c.kind != LrScheduleKind::kConstant &&
      c.kind != LrScheduleKind::kReduceOnPlateau && c.kind != LrScheduleKind::kStep) {
    return Invalid(path, "kind", "kCosine, kConstant, kReduceOnPlateau or kStep",
                   static_cast<int>(c.kind));
  }
  if (!(c.lr_min >= 0) || !std::isfinite(c.lr_min)) {
    return Invalid(path, "lr_min", "finite and >= 0", c.lr_min);
  }
  if (!(c.plateau_factor > 0 && c.plateau_factor < 1)) {
    return Invalid(path, "plateau_factor", "in (0, 1)", c.plateau_factor);
  }
  if (c.plateau_patience < 0) return Invalid(path, "plateau_patience", ">= 0", c.plateau_patience);
  if (c.step_warmup_epochs < 0) {
    return Invalid(path, "step_warmup_epochs", ">= 0", c.step_warmup_epochs);
  }
  if (!(c.step_warmup_factor > 0 && c.step_warmup_factor <= 1)) {
    return Invalid(path, "step_warmup_factor", "in (0, 1]", c.step_warmup_factor);
  }
  if (!(c.step_gamma > 0 && c.step_gamma <= 1)) {
    return Invalid(path, "step_gamma", "in (0, 1]", c.step_gamma);
  }
  for (double f : c.step_milestones) {
    if (!(f > 0 && f <= 1)) return Invalid(path, "step_milestones", "fractions in (0, 1]", f);
  }
  if (c.kind == LrScheduleKind::kReduceOnPlateau && !c.epoch_metric) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ".epoch_metric: required by kind reduce_on_plateau, got none"));
  }
  return absl::OkStatus();
}

absl::Status ValidateCheckpointConfig(const CheckpointConfig& c, absl::string_view path) {
  if (c.every_steps < 0) {
    return Invalid(path, "every_steps", ">= 0", static_cast<double>(c.every_steps));
  }
  return absl::OkStatus();
}

absl::Status ValidateLoggingConfig(const LoggingConfig& c, absl::string_view path) {
  return absl::OkStatus();  // any FILE*, nullptr included
}

absl::Status ValidateTrainerConfig(const TrainerConfig& c) {
  constexpr absl::string_view kPath = "TrainerConfig";
  RETURN_IF_ERROR(ValidateOptimizerConfig(c.optimizer, "TrainerConfig.optimizer"));
  RETURN_IF_ERROR(ValidateScheduleConfig(c.schedule, "TrainerConfig.schedule"));
  if (c.schedule.lr_min > c.optimizer.lr) {
    return Invalid(kPath, "schedule.lr_min",
                   absl::StrCat("in [0, optimizer.lr = ", c.optimizer.lr, "]"), c.schedule.lr_min);
  }
  RETURN_IF_ERROR(ValidateCheckpointConfig(c.checkpoint, "TrainerConfig.checkpoint"));
  RETURN_IF_ERROR(ValidateLoggingConfig(c.logging, "TrainerConfig.logging"));
  if (c.batch_size < 1) return Invalid(kPath, "batch_size", ">= 1", c.batch_size);
  if (c.num_threads < 1 || c.num_threads > 256) {
    return Invalid(kPath, "num_threads", "1..256", c.num_threads);
  }
  return absl::OkStatus();
}

}  // namespace aimc::training
