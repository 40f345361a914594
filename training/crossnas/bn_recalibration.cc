#include "training/crossnas/bn_recalibration.h"

#include <torch/torch.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "networks/crossnas/supernet.h"
#include "training/data/batcher.h"
#include "training/data/torch_batch.h"

namespace aimc::training::crossnas {

absl::Status ValidateBnRecalibrationConfig(const BnRecalibrationConfig& config) {
  if (config.num_images < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("BnRecalibrationConfig.num_images: must be >= 1, got ", config.num_images));
  }
  if (config.batch_size < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("BnRecalibrationConfig.batch_size: must be >= 1, got ", config.batch_size));
  }
  if (config.num_threads < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("BnRecalibrationConfig.num_threads: must be >= 1, got ", config.num_threads));
  }
  return absl::OkStatus();
}

absl::Status RecalibrateBatchNorm(networks::crossnas::CrossNasSupernetImpl& supernet,
                                  const Dataset& calibration, const BnRecalibrationConfig& config) {
  RETURN_IF_ERROR(ValidateBnRecalibrationConfig(config));
  if (calibration.size() == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("RecalibrateBatchNorm: dataset ", calibration.name(), " is empty"));
  }
  BatcherConfig batcher_config;
  batcher_config.batch_size = config.batch_size;
  batcher_config.shuffle = config.shuffle;
  batcher_config.seed = config.seed;
  batcher_config.num_threads = config.num_threads;
  batcher_config.augment.normalization = config.normalization;  // no crop, no flip
  ASSIGN_OR_RETURN(const Batcher batcher, Batcher::Create(&calibration, batcher_config));
  const EpochPlan plan = batcher.Plan(0);
  const int64_t total = std::min<int64_t>(config.num_images, calibration.size());
  const double saved_momentum = supernet.batch_norm_momentum();
  absl::Status status;
  try {
    torch::NoGradGuard no_grad;
    supernet.ResetBatchNormStats();
    supernet.train();
    // Dropout sits in the head; it must not run (it does not touch BN, but
    // eval keeps the fallback dropout stream's counter unchanged).
    for (const auto& child : supernet.named_children()) {
      if (child.key() == "head") child.value()->eval();
    }
    int64_t seen = 0;
    for (int64_t b = 0; b < plan.num_batches() && seen < total; ++b) {
      torch::Tensor images, labels;
      status = FillTorchBatch(batcher, plan, b, &images, &labels);
      if (!status.ok()) break;
      const int64_t n = std::min<int64_t>(images.size(0), total - seen);
      if (n < images.size(0)) images = images.slice(0, 0, n);
      // Cumulative average: new = old + n / (seen + n) * (batch - old).
      supernet.SetBatchNormMomentum(static_cast<double>(n) / static_cast<double>(seen + n));
      supernet.forward(images);
      seen += n;
    }
  } catch (const c10::Error& e) {
    status = absl::InvalidArgumentError(
        absl::StrCat("RecalibrateBatchNorm: LibTorch: ", e.what_without_backtrace()));
  }
  supernet.SetBatchNormMomentum(saved_momentum);
  supernet.eval();
  return status;
}

}  // namespace aimc::training::crossnas
