#include "training/quantization/qat.h"

#include <cmath>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "networks/fold_batchnorm.h"
#include "training/evaluate.h"
#include "training/quantization/fake_quant.h"
#include "training/trainer.h"

namespace aimc::training {
namespace {

absl::Status Invalid(absl::string_view field, absl::string_view rule, double got) {
  return absl::InvalidArgumentError(
      absl::StrCat("QatOptions.", field, ": must be ", rule, ", got ", got));
}

// Examples [begin, end) of `d`, named "<name>[begin:end]".
absl::StatusOr<Dataset> Slice(const Dataset& d, int64_t begin, int64_t end) {
  const int64_t pixels = d.shape().pixels();
  std::vector<uint8_t> labels(d.labels().begin() + begin, d.labels().begin() + end);
  std::string name = absl::StrCat(d.name(), "[", begin, ":", end, "]");
  std::string provenance = absl::StrCat(d.provenance(), "; examples ", begin, "..", end - 1);
  if (d.pixel_type() == PixelType::kUint8) {
    std::vector<uint8_t> p(d.uint8_pixels().begin() + begin * pixels,
                           d.uint8_pixels().begin() + end * pixels);
    return Dataset::Create(std::move(name), std::move(provenance), d.shape(), d.num_classes(),
                           std::move(p), std::move(labels));
  }
  std::vector<float> p(d.float_pixels().begin() + begin * pixels,
                       d.float_pixels().begin() + end * pixels);
  return Dataset::Create(std::move(name), std::move(provenance), d.shape(), d.num_classes(),
                         std::move(p), std::move(labels));
}

}  // namespace

QatRegime::QatRegime(std::unique_ptr<TrainingRegime> inner)
    : WrappedRegime(inner != nullptr ? std::move(inner) : std::make_unique<DigitalRegime>()) {}

std::string QatRegime::Fingerprint() const {
  return absl::StrCat("qat_int8 + ", inner().Fingerprint());
}

absl::Status QatRegime::Prepare(networks::Network& network) {
  RETURN_IF_ERROR(WrappedRegime::Prepare(network));
  RETURN_IF_ERROR(networks::FoldBatchNorms(*network));
  return InsertFakeQuant(*network, QuantMode::kQat);
}

absl::Status ValidateQatOptions(const QatOptions& o) {
  if (o.epochs < 1) return Invalid("epochs", ">= 1", o.epochs);
  if (!(o.lr > 0) || !std::isfinite(o.lr)) return Invalid("lr", "finite and > 0", o.lr);
  if (!(o.weight_decay >= 0) || !std::isfinite(o.weight_decay)) {
    return Invalid("weight_decay", "finite and >= 0", o.weight_decay);
  }
  if (!(o.grad_clip_norm >= 0) || !std::isfinite(o.grad_clip_norm)) {
    return Invalid("grad_clip_norm", "finite and >= 0 (0 = off)", o.grad_clip_norm);
  }
  if (!(o.plateau_factor > 0 && o.plateau_factor < 1)) {
    return Invalid("plateau_factor", "in (0, 1)", o.plateau_factor);
  }
  if (o.plateau_patience < 0) return Invalid("plateau_patience", ">= 0", o.plateau_patience);
  if (o.validation != QatOptions::Validation::kSplit &&
      o.validation != QatOptions::Validation::kTestSet) {
    return Invalid("validation", "kSplit or kTestSet", static_cast<int>(o.validation));
  }
  if (o.validation == QatOptions::Validation::kSplit &&
      !(o.validation_fraction > 0 && o.validation_fraction < 1)) {
    return Invalid("validation_fraction", "in (0, 1)", o.validation_fraction);
  }
  if (o.batch_size < 1) return Invalid("batch_size", ">= 1", o.batch_size);
  if (o.num_threads < 1 || o.num_threads > 256) {
    return Invalid("num_threads", "1..256", o.num_threads);
  }
  return absl::OkStatus();
}

absl::Status QuantizationAwareTraining(networks::Network& network, const Dataset& train,
                                       const Dataset* test, const QatOptions& options) {
  RETURN_IF_ERROR(ValidateQatOptions(options));
  if (network.is_empty()) return absl::InvalidArgumentError("QuantizationAwareTraining: empty network");
  std::vector<Dataset> parts;  // owns the split, if any
  const Dataset* train_part = &train;
  const Dataset* validation = test;
  if (options.validation == QatOptions::Validation::kSplit) {
    const int64_t n = train.size();
    const int64_t held_out = static_cast<int64_t>(std::floor(options.validation_fraction * n));
    if (held_out < 1 || held_out >= n) {
      return absl::InvalidArgumentError(absl::StrCat(
          "QatOptions.validation_fraction: ", options.validation_fraction, " of ", train.name(),
          "'s ", n, " images leaves ", held_out, " for validation and ", n - held_out,
          " for training; each needs >= 1"));
    }
    ASSIGN_OR_RETURN(Dataset head, Slice(train, 0, n - held_out));
    ASSIGN_OR_RETURN(Dataset tail, Slice(train, n - held_out, n));
    parts.push_back(std::move(head));
    parts.push_back(std::move(tail));
    train_part = &parts[0];
    validation = &parts[1];
  } else if (test == nullptr) {
    return absl::InvalidArgumentError(
        "QatOptions.validation: kTestSet requires a test set, got none");
  }

  TrainerConfig tc;
  tc.optimizer.kind = OptimizerKind::kAdam;
  tc.optimizer.lr = options.lr;
  tc.optimizer.weight_decay = options.weight_decay;
  tc.optimizer.grad_clip_norm = options.grad_clip_norm;
  tc.schedule.epochs = options.epochs;
  tc.schedule.kind = LrScheduleKind::kReduceOnPlateau;
  tc.schedule.plateau_factor = options.plateau_factor;
  tc.schedule.plateau_patience = options.plateau_patience;
  tc.checkpoint.path = options.checkpoint_path;
  tc.logging.log = options.log;
  tc.batch_size = options.batch_size;
  tc.seed = options.seed;
  tc.num_threads = options.num_threads;
  tc.augment = options.augment;
  EvalConfig ec;
  ec.batch_size = options.batch_size;
  ec.num_threads = options.num_threads;
  ec.augment.normalization = options.augment.normalization;
  tc.schedule.epoch_metric = [&network, validation, ec](int) -> absl::StatusOr<double> {
    ASSIGN_OR_RETURN(const EvalResult result, Evaluate(network, *validation, ec));
    return result.mean_accuracy_pct;
  };
  ASSIGN_OR_RETURN(std::unique_ptr<Trainer> trainer,
                   Trainer::Create(network, train_part, tc, std::make_unique<QatRegime>()));
  RETURN_IF_ERROR(trainer->Train());
  network->eval();
  return absl::OkStatus();
}

}  // namespace aimc::training
