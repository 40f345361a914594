// Int8 emulation ("fake quantization") of the conv and linear layers of any
// networks/ model, with PyTorch's x86 qconfig numerics (nas_spec.md §4.3-4.4):
// - weights: per output channel, symmetric qint8 in [-128, 127], zero point 0,
//   scale_c = max(|min W_c|, |max W_c|) / 127.5 (min/max taken with 0);
// - activations: per tensor, affine, 7-bit (quint8 with reduce_range) in
//   [0, 127]: with min' = min(min, 0), max' = max(max, 0) (so 0 is exact),
//   scale = (max' − min') / 127, zero_point = clamp(round(−min'/scale), 0, 127).
// Scales are at least float32's epsilon, as PyTorch's. x ↦ (clamp(round(x/s) +
// zp, q_min, q_max) − zp)·s with straight-through gradients that are zero
// outside the clamp range (torch's fake_quantize_* ops, as FakeQuantize).
// FakeQuantLayer wraps one layer (a torch::nn::Conv2d or Linear) and observes
// and quantizes its input and output; InsertFakeQuant puts one in place of
// every layer (layer_registry.h ReplaceLayer). Thread-compatible.
#ifndef AIMC_TRAINING_QUANTIZATION_FAKE_QUANT_H_
#define AIMC_TRAINING_QUANTIZATION_FAKE_QUANT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <torch/nn/module.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include "absl/status/status.h"
#include "training/quantization/histogram_observer.h"

namespace aimc::training {

inline constexpr int64_t kWeightQuantMin = -128;
inline constexpr int64_t kWeightQuantMax = 127;
inline constexpr int64_t kActivationQuantMin = 0;
inline constexpr int64_t kActivationQuantMax = 127;  // 7 bits (reduce_range)
inline constexpr double kQatAveragingConstant = 0.01;  // MovingAverageMinMaxObserver

struct ActivationQuantParams {
  double scale = 1;        // > 0, in the activation's units per step (a float32 value)
  int64_t zero_point = 0;  // in [0, 127]
};

// The 7-bit affine parameters of an observed range [min, max], computed in
// float32 as PyTorch's MinMaxObserver._calculate_qparams. REQUIRES: finite,
// min <= max.
ActivationQuantParams ActivationParams(float min, float max);

// Per-output-channel symmetric scales of a [out, ...] weight: float32 [out].
torch::Tensor WeightScales(const torch::Tensor& weight);

// The weight fake-quantized per output channel (axis 0) with WeightScales
// (computed without gradient); gradient straight through inside the range.
torch::Tensor FakeQuantizeWeight(const torch::Tensor& weight);

// x fake-quantized with `params` to [0, 127]; straight-through gradient.
torch::Tensor FakeQuantizeActivation(const torch::Tensor& x, const ActivationQuantParams& params);

enum class QuantMode {
  // Full precision; each observer takes the running min and max of what it
  // sees (MinMaxObserver): PTQ calibration.
  kCalibrate,
  // Weights and activations fake-quantized with the stored ranges: PTQ's result.
  kQuantize,
  // QAT (FusedMovingAvgObsFakeQuantize): in training mode each observer first
  // moves its range towards the batch's, min += 0.01·(min_batch − min) (the
  // first batch sets it), then quantizes with it; in eval mode the ranges are
  // frozen. Weights are fake-quantized from their current values each forward.
  kQat,
};

// How kCalibrate turns what it saw into the activation ranges.
enum class ActivationObserver {
  kMinMax,     // the min and max seen (MinMaxObserver)
  kHistogram,  // PyTorch's HistogramObserver L2 search (histogram_observer.h)
};

// Wraps a torch::nn::Conv2dImpl or LinearImpl (child "layer", whose
// parameters keep training in QAT). Observers (buffers, so they are in the
// state dict and checkpoints): "input_min", "input_max", "output_min",
// "output_max", float32 scalars, +inf / −inf until something is observed. A
// range never observed passes values through unquantized.
class FakeQuantLayerImpl : public torch::nn::Module {
 public:
  // REQUIRES: `layer` is a Conv2dImpl or LinearImpl with explicit zero
  // padding (checked).
  FakeQuantLayerImpl(std::shared_ptr<torch::nn::Module> layer, QuantMode mode,
                     ActivationObserver observer = ActivationObserver::kMinMax);

  torch::Tensor forward(const torch::Tensor& x);

  // With kHistogram: sets the ranges to the histograms' L2-searched ranges
  // (call once after calibrating). With kMinMax: nothing to do.
  void FinishCalibration();

  QuantMode mode() const { return mode_; }
  void set_mode(QuantMode mode) { mode_ = mode; }
  // The current ranges' parameters. REQUIRES: the range was observed.
  ActivationQuantParams input_params() const;
  ActivationQuantParams output_params() const;
  bool observed() const;  // both ranges hold values
  const std::shared_ptr<torch::nn::Module>& layer() const { return layer_; }

 private:
  torch::Tensor Observe(const torch::Tensor& x, torch::Tensor& min, torch::Tensor& max,
                        HistogramObserver* histogram);

  std::shared_ptr<torch::nn::Module> layer_;
  std::shared_ptr<torch::nn::Conv2dImpl> conv_;    // one of these is set
  std::shared_ptr<torch::nn::LinearImpl> linear_;
  QuantMode mode_;
  ActivationObserver observer_;
  std::unique_ptr<HistogramObserver> input_histogram_, output_histogram_;  // kHistogram only
  torch::Tensor input_min_, input_max_, output_min_, output_max_;
};

TORCH_MODULE(FakeQuantLayer);

// Replaces every layer under `root` (ListLayers) by a FakeQuantLayer around
// it, in `mode`, calibrating with `observer`. FailedPrecondition naming the layer if one is neither a
// Conv2d nor a Linear (e.g. already wrapped or analog). Fold BatchNorms first
// (networks/fold_batchnorm.h). The network input is observed by the first
// layer's input observer: every network here feeds its input to a layer.
absl::Status InsertFakeQuant(torch::nn::Module& root, QuantMode mode,
                             ActivationObserver observer = ActivationObserver::kMinMax);

// The FakeQuantLayers under `root`, in ListLayers order.
std::vector<std::shared_ptr<FakeQuantLayerImpl>> FakeQuantLayers(torch::nn::Module& root);

// Sets the mode of every FakeQuantLayer under `root`.
void SetQuantMode(torch::nn::Module& root, QuantMode mode);

}  // namespace aimc::training

#endif  // AIMC_TRAINING_QUANTIZATION_FAKE_QUANT_H_
