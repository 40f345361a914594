#include "training/evaluate.h"

#include <cmath>
#include <exception>
#include <string>

#include <torch/torch.h>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "training/data/batcher.h"
#include "training/data/torch_batch.h"

namespace aimc::training {
namespace {

// Sets the module's training flag (recursively) back on scope exit.
class RestoreTrainingMode {
 public:
  explicit RestoreTrainingMode(torch::nn::Module& module)
      : module_(module), was_training_(module.is_training()) {}
  ~RestoreTrainingMode() { module_.train(was_training_); }

 private:
  torch::nn::Module& module_;
  bool was_training_;
};

struct PassTotals {
  int64_t correct = 0;
  double loss_sum = 0;  // nats, summed over images
};

absl::StatusOr<PassTotals> OnePass(networks::Network& network, const Batcher& batcher,
                                   uint32_t repetition) {
  PassTotals totals;
  const EpochPlan plan = batcher.Plan(repetition);
  for (int64_t b = 0; b < plan.num_batches(); ++b) {
    torch::Tensor images, labels;
    RETURN_IF_ERROR(FillTorchBatch(batcher, plan, b, &images, &labels));
    const torch::Tensor logits = network->forward(images);
    totals.loss_sum += torch::nn::functional::cross_entropy(
                           logits, labels,
                           torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum))
                           .item<double>();
    totals.correct += logits.argmax(1).eq(labels).sum().item<int64_t>();
  }
  return totals;
}

}  // namespace

absl::Status ValidateEvalConfig(const EvalConfig& config) {
  if (config.batch_size < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("EvalConfig.batch_size: must be >= 1, got ", config.batch_size));
  }
  if (config.repetitions < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("EvalConfig.repetitions: must be >= 1, got ", config.repetitions));
  }
  if (config.num_threads < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("EvalConfig.num_threads: must be >= 1, got ", config.num_threads));
  }
  return absl::OkStatus();
}

absl::StatusOr<EvalResult> Evaluate(networks::Network& network, const Dataset& dataset,
                                    const EvalConfig& config) {
  RETURN_IF_ERROR(ValidateEvalConfig(config));
  if (dataset.size() == 0) {
    return absl::InvalidArgumentError(absl::StrCat("Evaluate: dataset ", dataset.name(),
                                                   " is empty"));
  }
  BatcherConfig batcher_config;
  batcher_config.batch_size = config.batch_size;
  batcher_config.shuffle = false;
  batcher_config.seed = config.seed;
  batcher_config.num_threads = config.num_threads;
  batcher_config.augment = config.augment;
  ASSIGN_OR_RETURN(Batcher batcher, Batcher::Create(&dataset, batcher_config));

  EvalResult result;
  result.images_per_repetition = dataset.size();
  double loss_sum = 0;
  try {
    RestoreTrainingMode restore(*network);
    network->eval();
    torch::NoGradGuard no_grad;
    for (int r = 0; r < config.repetitions; ++r) {
      if (config.before_repetition) RETURN_IF_ERROR(config.before_repetition(r));
      ASSIGN_OR_RETURN(const PassTotals totals,
                       OnePass(network, batcher, static_cast<uint32_t>(r)));
      result.accuracies_pct.push_back(100.0 * totals.correct / dataset.size());
      loss_sum += totals.loss_sum;
    }
  } catch (const c10::Error& e) {
    return absl::InvalidArgumentError(absl::StrCat("Evaluate on ", dataset.name(), " (",
                                                   ShapeString(dataset.shape()),
                                                   "): LibTorch: ", e.what_without_backtrace()));
  } catch (const std::exception& e) {
    return absl::InternalError(absl::StrCat("Evaluate on ", dataset.name(), ": ", e.what()));
  }
  const int n = config.repetitions;
  for (double a : result.accuracies_pct) result.mean_accuracy_pct += a / n;
  if (n > 1) {
    double sum_sq = 0;
    for (double a : result.accuracies_pct) {
      sum_sq += (a - result.mean_accuracy_pct) * (a - result.mean_accuracy_pct);
    }
    result.std_accuracy_pct = std::sqrt(sum_sq / (n - 1));
  }
  result.mean_loss = loss_sum / (static_cast<double>(n) * dataset.size());
  return result;
}

}  // namespace aimc::training
