#include "training/quantization/ptq.h"

#include <algorithm>

#include <torch/torch.h>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "crossbar/gemm.h"
#include "networks/fold_batchnorm.h"
#include "training/data/batcher.h"
#include "training/data/torch_batch.h"
#include "training/quantization/fake_quant.h"

namespace aimc::training {

absl::Status ValidatePtqOptions(const PtqOptions& o) {
  if (o.batch_size < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("PtqOptions.batch_size: must be >= 1, got ", o.batch_size));
  }
  if (o.calibration_images < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "PtqOptions.calibration_images: must be >= 0 (0 = all), got ", o.calibration_images));
  }
  if (o.observer != ActivationObserver::kMinMax && o.observer != ActivationObserver::kHistogram) {
    return absl::InvalidArgumentError(absl::StrCat(
        "PtqOptions.observer: must be kMinMax or kHistogram, got ", static_cast<int>(o.observer)));
  }
  if (o.num_threads < 1 || o.num_threads > 256) {
    return absl::InvalidArgumentError(
        absl::StrCat("PtqOptions.num_threads: must be 1..256, got ", o.num_threads));
  }
  return absl::OkStatus();
}

absl::Status QuantizePostTraining(networks::Network& network, const Dataset& calibration,
                                  const PtqOptions& options) {
  RETURN_IF_ERROR(ValidatePtqOptions(options));
  if (network.is_empty()) return absl::InvalidArgumentError("QuantizePostTraining: empty network");
  if (calibration.size() == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("QuantizePostTraining: calibration set ", calibration.name(), " is empty"));
  }
  BatcherConfig bc;
  bc.batch_size = options.batch_size;
  bc.shuffle = false;
  bc.seed = options.seed;
  bc.num_threads = options.num_threads;
  bc.augment = options.augment;
  ASSIGN_OR_RETURN(const Batcher batcher, Batcher::Create(&calibration, bc));
  const int64_t wanted = options.calibration_images == 0
                             ? calibration.size()
                             : std::min(options.calibration_images, calibration.size());

  RETURN_IF_ERROR(networks::FoldBatchNorms(*network));
  RETURN_IF_ERROR(InsertFakeQuant(*network, QuantMode::kCalibrate, options.observer));
  torch::set_num_threads(options.num_threads);
  crossbar::SetBlasThreads(1);
  try {
    torch::NoGradGuard no_grad;
    network->eval();
    const EpochPlan plan = batcher.Plan(0);
    int64_t seen = 0;
    for (int64_t b = 0; b < plan.num_batches() && seen < wanted; ++b) {
      torch::Tensor images, labels;
      RETURN_IF_ERROR(FillTorchBatch(batcher, plan, b, &images, &labels));
      const int64_t n = std::min<int64_t>(images.size(0), wanted - seen);
      network->forward(images.narrow(0, 0, n));
      seen += n;
    }
  } catch (const c10::Error& e) {
    return absl::InvalidArgumentError(
        absl::StrCat("QuantizePostTraining: calibration on ", calibration.name(), " (",
                     ShapeString(calibration.shape()), "): LibTorch: ", e.what_without_backtrace()));
  }
  for (const auto& layer : FakeQuantLayers(*network)) layer->FinishCalibration();
  SetQuantMode(*network, QuantMode::kQuantize);
  return absl::OkStatus();
}

}  // namespace aimc::training
