#include "training/crossnas/qat/pim_eval.h"

#include <torch/torch.h>

#include <algorithm>
#include <functional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "training/data/batcher.h"
#include "training/data/torch_batch.h"

namespace aimc::training::crossnas {
namespace {

using networks::crossnas::PimConfig;
using networks::crossnas::QuantMode;
using networks::crossnas::QuantNet;

// Calls fn(images, labels) for the first n images of `d` in dataset order,
// in batches of batch_size, as the trainer's batcher fills them (x = p / 255,
// no augmentation), so evaluation sees exactly the inputs training saw.
absl::Status ForEachBatch(
    const Dataset& d, int64_t n, int batch_size,
    const std::function<void(const torch::Tensor&, const torch::Tensor&)>& fn) {
  BatcherConfig config;
  config.batch_size = batch_size;
  config.shuffle = false;
  ASSIGN_OR_RETURN(const Batcher batcher, Batcher::Create(&d, config));
  const EpochPlan plan = batcher.Plan(0);
  for (int64_t b = 0, seen = 0; b < plan.num_batches() && seen < n; ++b) {
    torch::Tensor images, labels;
    RETURN_IF_ERROR(FillTorchBatch(batcher, plan, b, &images, &labels));
    if (seen + images.size(0) > n) {
      images = images.slice(0, 0, n - seen);
      labels = labels.slice(0, 0, n - seen);
    }
    seen += images.size(0);
    fn(images, labels);
  }
  return absl::OkStatus();
}

absl::Status CheckData(const QuantNet& net, const Dataset& d, int64_t num_images, int batch_size,
                       absl::string_view who) {
  if (num_images < 1 || batch_size < 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        who, ": num_images and batch_size must be >= 1, got ", num_images, " and ", batch_size));
  }
  const auto& s = net->spec();
  if (d.shape().channels != s.input_channels || d.shape().height != s.input_size ||
      d.shape().width != s.input_size || d.size() < 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        who, ": dataset ", d.name(), " is ", ShapeString(d.shape()), " x ", d.size(),
        ", the network takes ", s.input_channels, "x", s.input_size, "x", s.input_size));
  }
  return absl::OkStatus();
}

absl::Status Configure(QuantNet& net, const nas::crossnas::QpimGenotype& g, bool pim) {
  RETURN_IF_ERROR(net->SetBits(g.block_bits));
  if (pim) RETURN_IF_ERROR(net->SetPim(PimConfig{g.crossbar_size, g.adc_bits, g.dac_bits}));
  return absl::OkStatus();
}

absl::StatusOr<double> Evaluate(QuantNet& net, const Dataset& test, int64_t num_images,
                                const nas::crossnas::QpimGenotype& g,
                                const QuantEvalOptions& options, QuantMode mode) {
  RETURN_IF_ERROR(Configure(net, g, mode == QuantMode::kPim));
  if (options.calibration != nullptr) {
    RETURN_IF_ERROR(RecalibrateQuantNet(net, *options.calibration, options.calibration_images,
                                        options.batch_size));
  }
  return QuantNetAccuracy(net, test, num_images, mode, options.batch_size);
}

}  // namespace

absl::Status RecalibrateQuantNet(QuantNet& net, const Dataset& calibration, int64_t num_images,
                                 int batch_size) {
  RETURN_IF_ERROR(CheckData(net, calibration, num_images, batch_size, "RecalibrateQuantNet"));
  const int64_t n = std::min(num_images, calibration.size());
  const bool was_training = net->is_training();
  const QuantMode mode = net->mode();
  std::vector<torch::nn::BatchNorm2d> bns = net->batch_norms();
  std::vector<c10::optional<double>> momenta;
  absl::Status status;
  try {
    torch::NoGradGuard no_grad;
    net->eval();
    net->SetMode(QuantMode::kQat);
    for (torch::nn::BatchNorm2d& bn : bns) {
      momenta.push_back(bn->options.momentum());
      bn->reset_running_stats();
      bn->options.momentum(c10::nullopt);  // cumulative average over the batches
      bn->train();
    }
    net->SetCalibrating(true);
    status = ForEachBatch(
        calibration, n, batch_size,
        [&](const torch::Tensor& images, const torch::Tensor&) { net->forward(images); });
  } catch (const c10::Error& e) {
    status = absl::InvalidArgumentError(
        absl::StrCat("RecalibrateQuantNet: LibTorch threw: ", e.what_without_backtrace()));
  }
  net->SetCalibrating(false);
  for (size_t i = 0; i < momenta.size(); ++i) bns[i]->options.momentum(momenta[i]);
  net->train(was_training);
  net->SetMode(mode);
  return status;
}

absl::StatusOr<double> QuantNetAccuracy(QuantNet& net, const Dataset& data, int64_t num_images,
                                        QuantMode mode, int batch_size) {
  RETURN_IF_ERROR(CheckData(net, data, num_images, batch_size, "QuantNetAccuracy"));
  const int64_t n = std::min(num_images, data.size());
  const bool was_training = net->is_training();
  const QuantMode old_mode = net->mode();
  int64_t correct = 0;
  absl::Status status;
  try {
    torch::NoGradGuard no_grad;
    net->eval();
    net->SetMode(mode);
    status = ForEachBatch(
        data, n, batch_size, [&](const torch::Tensor& images, const torch::Tensor& labels) {
          correct += net->forward(images).argmax(1).eq(labels).sum().item<int64_t>();
        });
  } catch (const c10::Error& e) {
    status = absl::InvalidArgumentError(
        absl::StrCat("QuantNetAccuracy: LibTorch threw: ", e.what_without_backtrace()));
  }
  net->SetMode(old_mode);
  net->train(was_training);
  RETURN_IF_ERROR(status);
  return 100.0 * static_cast<double>(correct) / static_cast<double>(n);
}

absl::StatusOr<double> PimAccuracy(QuantNet& net, const Dataset& test, int64_t num_images,
                                   const nas::crossnas::QpimGenotype& genotype,
                                   const QuantEvalOptions& options) {
  return Evaluate(net, test, num_images, genotype, options, QuantMode::kPim);
}

absl::StatusOr<double> QatAccuracy(QuantNet& net, const Dataset& test, int64_t num_images,
                                   const nas::crossnas::QpimGenotype& genotype,
                                   const QuantEvalOptions& options) {
  return Evaluate(net, test, num_images, genotype, options, QuantMode::kQat);
}

}  // namespace aimc::training::crossnas
