#include "training/quantization/fake_quant.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>
#include <utility>

#include <torch/torch.h>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "networks/layer_registry.h"

namespace aimc::training {
namespace {

constexpr float kEps = std::numeric_limits<float>::epsilon();  // torch.finfo(float32).eps
constexpr float kInf = std::numeric_limits<float>::infinity();

torch::Tensor Scalar(float v) { return torch::tensor(v, torch::kFloat32); }

}  // namespace

ActivationQuantParams ActivationParams(float min, float max) {
  const float min_neg = std::min(min, 0.0f);
  const float max_pos = std::max(max, 0.0f);
  float scale = (max_pos - min_neg) / static_cast<float>(kActivationQuantMax - kActivationQuantMin);
  scale = std::max(scale, kEps);
  // torch.round: half to even, as std::nearbyint in the default rounding mode.
  const int64_t zero_point = kActivationQuantMin - static_cast<int64_t>(std::nearbyint(min_neg / scale));
  return ActivationQuantParams{
      .scale = scale,
      .zero_point = std::clamp(zero_point, kActivationQuantMin, kActivationQuantMax)};
}

torch::Tensor WeightScales(const torch::Tensor& weight) {
  torch::NoGradGuard no_grad;
  const torch::Tensor flat = weight.detach().flatten(1).to(torch::kFloat32);
  const torch::Tensor min_neg = torch::clamp_max(std::get<0>(flat.min(1)), 0);
  const torch::Tensor max_pos = torch::clamp_min(std::get<0>(flat.max(1)), 0);
  const double half_range = (kWeightQuantMax - kWeightQuantMin) / 2.0;  // 127.5
  return torch::clamp_min(torch::max(-min_neg, max_pos) / half_range, kEps);
}

torch::Tensor FakeQuantizeWeight(const torch::Tensor& weight) {
  const torch::Tensor scales = WeightScales(weight);
  const torch::Tensor zero_points = torch::zeros({weight.size(0)}, torch::kInt32);
  return torch::fake_quantize_per_channel_affine(weight, scales, zero_points, /*axis=*/0,
                                                 kWeightQuantMin, kWeightQuantMax);
}

torch::Tensor FakeQuantizeActivation(const torch::Tensor& x, const ActivationQuantParams& p) {
  return torch::fake_quantize_per_tensor_affine(x, p.scale, p.zero_point, kActivationQuantMin,
                                                kActivationQuantMax);
}

FakeQuantLayerImpl::FakeQuantLayerImpl(std::shared_ptr<torch::nn::Module> layer, QuantMode mode,
                                       ActivationObserver observer)
    : layer_(std::move(layer)),
      conv_(std::dynamic_pointer_cast<torch::nn::Conv2dImpl>(layer_)),
      linear_(std::dynamic_pointer_cast<torch::nn::LinearImpl>(layer_)),
      mode_(mode),
      observer_(observer) {
  if (observer == ActivationObserver::kHistogram) {
    input_histogram_ = std::make_unique<HistogramObserver>();
    output_histogram_ = std::make_unique<HistogramObserver>();
  }
  TORCH_CHECK(conv_ != nullptr || linear_ != nullptr,
              "FakeQuantLayer: the layer must be a torch::nn::Conv2d or Linear");
  if (conv_ != nullptr) {
    TORCH_CHECK(c10::get_if<torch::ExpandingArray<2>>(&conv_->options.padding()) != nullptr &&
                    c10::get_if<torch::enumtype::kZeros>(&conv_->options.padding_mode()) != nullptr,
                "FakeQuantLayer: the conv must have explicit zero padding");
  }
  register_module("layer", layer_);
  input_min_ = register_buffer("input_min", Scalar(kInf));
  input_max_ = register_buffer("input_max", Scalar(-kInf));
  output_min_ = register_buffer("output_min", Scalar(kInf));
  output_max_ = register_buffer("output_max", Scalar(-kInf));
}

torch::Tensor FakeQuantLayerImpl::Observe(const torch::Tensor& x, torch::Tensor& min,
                                          torch::Tensor& max, HistogramObserver* histogram) {
  if (mode_ == QuantMode::kCalibrate && histogram != nullptr) histogram->Observe(x);
  const bool update = mode_ == QuantMode::kCalibrate || (mode_ == QuantMode::kQat && is_training());
  if (update && x.numel() > 0) {
    torch::NoGradGuard no_grad;
    const torch::Tensor batch_min = x.detach().min().to(torch::kFloat32);
    const torch::Tensor batch_max = x.detach().max().to(torch::kFloat32);
    const bool first = std::isinf(min.item<float>());
    if (mode_ == QuantMode::kCalibrate || first) {
      min.copy_(first ? batch_min : torch::min(min, batch_min));
      max.copy_(first ? batch_max : torch::max(max, batch_max));
    } else {
      min.add_(kQatAveragingConstant * (batch_min - min));
      max.add_(kQatAveragingConstant * (batch_max - max));
    }
  }
  if (mode_ == QuantMode::kCalibrate || std::isinf(min.item<float>())) return x;
  return FakeQuantizeActivation(x, ActivationParams(min.item<float>(), max.item<float>()));
}

torch::Tensor FakeQuantLayerImpl::forward(const torch::Tensor& x) {
  const torch::Tensor input = Observe(x, input_min_, input_max_, input_histogram_.get());
  const torch::Tensor& weight = conv_ != nullptr ? conv_->weight : linear_->weight;
  const torch::Tensor w = mode_ == QuantMode::kCalibrate ? weight : FakeQuantizeWeight(weight);
  torch::Tensor y;
  if (conv_ != nullptr) {
    const auto& o = conv_->options;
    y = torch::conv2d(input, w, conv_->bias, o.stride(),
                      *c10::get_if<torch::ExpandingArray<2>>(&o.padding()), o.dilation(),
                      o.groups());
  } else {
    y = torch::nn::functional::linear(input, w, linear_->bias);
  }
  return Observe(y, output_min_, output_max_, output_histogram_.get());
}

void FakeQuantLayerImpl::FinishCalibration() {
  if (observer_ != ActivationObserver::kHistogram) return;
  torch::NoGradGuard no_grad;
  for (auto [histogram, min, max] : {std::tuple(input_histogram_.get(), &input_min_, &input_max_),
                                     std::tuple(output_histogram_.get(), &output_min_,
                                                &output_max_)}) {
    if (histogram->empty()) continue;
    const auto [lo, hi] = histogram->Range();
    min->fill_(lo);
    max->fill_(hi);
  }
}

ActivationQuantParams FakeQuantLayerImpl::input_params() const {
  return ActivationParams(input_min_.item<float>(), input_max_.item<float>());
}

ActivationQuantParams FakeQuantLayerImpl::output_params() const {
  return ActivationParams(output_min_.item<float>(), output_max_.item<float>());
}

bool FakeQuantLayerImpl::observed() const {
  return !std::isinf(input_min_.item<float>()) && !std::isinf(output_min_.item<float>());
}

absl::Status InsertFakeQuant(torch::nn::Module& root, QuantMode mode,
                             ActivationObserver observer) {
  for (const networks::LayerInfo& layer : networks::ListLayers(root)) {
    if (std::dynamic_pointer_cast<torch::nn::Conv2dImpl>(layer.module) == nullptr &&
        std::dynamic_pointer_cast<torch::nn::LinearImpl>(layer.module) == nullptr) {
      return absl::FailedPreconditionError(absl::StrCat(
          "InsertFakeQuant: layer '", layer.name,
          "' is neither a torch::nn::Conv2d nor a Linear (already quantized or converted?)"));
    }
    FakeQuantLayer wrapper(layer.module, mode, observer);
    wrapper->train(layer.module->is_training());
    RETURN_IF_ERROR(networks::ReplaceLayer(root, layer.name, torch::nn::AnyModule(wrapper)));
  }
  return absl::OkStatus();
}

std::vector<std::shared_ptr<FakeQuantLayerImpl>> FakeQuantLayers(torch::nn::Module& root) {
  std::vector<std::shared_ptr<FakeQuantLayerImpl>> layers;
  for (const networks::LayerInfo& layer : networks::ListLayers(root)) {
    if (auto fq = std::dynamic_pointer_cast<FakeQuantLayerImpl>(layer.module)) layers.push_back(fq);
  }
  return layers;
}

void SetQuantMode(torch::nn::Module& root, QuantMode mode) {
  for (const auto& layer : FakeQuantLayers(root)) layer->set_mode(mode);
}

}  // namespace aimc::training
