// Analog convolution and linear layers for LibTorch networks: the forward runs
// the crossbar pipeline (crossbar/layer.h: tiling, mapping, DAC/ADC, noise,
// programmed and drifted devices) and the backward is the ideal one of the
// clean floating-point weights (straight-through, aimc_model.md §8), as the
// reference toolkit's analog modules.
//
// y = out_scale ⊙ tiles(W, clip(x, ±r)) + bias, with W the module's weight
// (its conv/linear shape), r the learned static input range (0 = none),
// out_scale the digital output scales remapping folds max|W| into
// (aimc_model.md §8; 1 per layer or per output channel), bias digital.
// Training mode: the tiles hold the current W (mapped anew each forward), and
// draw the configured weight noise (relative to each tile's max|W|) and the
// forward IO noise from (seed, layer, step). Eval mode: the tiles' present
// state: unprogrammed (the mapped W: forward non-idealities only) until
// Program(), then the programmed and drifted devices with fresh read noise at
// every Drift() and fresh IO noise at every forward. What a forward changes
// is listed at AnalogLayerBaseImpl ("State a forward changes").
// Build layers with CreateAnalogLayer only. The crossbar's ParallelFor runs on
// LibTorch's threads once InstallTorchParallelBackend() (torch_parallel_backend.h)
// is called; ConvertToAnalog calls it. Errors are Statuses; forward() throws
// c10::Error (torch's API) for a badly shaped input. Thread-compatible.
#ifndef AIMC_NETWORKS_ANALOG_ANALOG_LAYER_H_
#define AIMC_NETWORKS_ANALOG_ANALOG_LAYER_H_

#include <cstdint>
#include <memory>

#include <torch/nn/module.h>
#include <torch/nn/modules/container/any.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "crossbar/layer.h"
#include "crossbar/tile.h"
#include "crossbar/tile_config.pb.h"
#include "networks/layer_registry.h"

namespace aimc::networks::analog {

enum class OutScaleKind {
  kLayer,   // one digital output scale per layer (AnalogNAS-Bench "layer-wise")
  kColumn,  // one per output channel (Rasch 2023 column-wise scales)
};

struct AnalogLayerOptions {
  crossbar::TileConfig tile;  // a preset of crossbar/presets (crossbar/config.h)
  uint64_t seed = 0;          // keys every random draw of the layer
  uint32_t layer_id = 0;      // < 65536: the tiles' stream entity (layer.h)
  OutScaleKind out_scale = OutScaleKind::kLayer;
  // Learn out_scale by its gradient (Rasch 2023) instead of keeping it a
  // buffer that only remapping changes (AnalogNAS-Bench).
  bool learn_out_scale = false;
};

// Training-time weight noise (aimc_model.md §8): `injection` at full strength
// after `ramp_up_steps` training forwards, scaled linearly from 0 before.
struct WeightNoiseSchedule {
  crossbar::WeightNoiseInjection injection;
  int64_t ramp_up_steps = 0;  // >= 0; 0 = full strength from the first batch
};

// The parts shared by AnalogConv2d and AnalogLinear.
//
// State a forward changes (nothing else; eval mode changes only 4 and 5):
//  1. Training, while input_range_batches < init_from_data: input_range is
//     set to the running mean of init_std_alpha·std(x), input_range_batches
//     += 1 (the data-driven init).
//  2. Training, if programmed(): the layer is Reset() (training maps W anew).
//  3. Training: train_steps += 1. The batch draws its weight noise
//     (InjectionAt(step), the ramp-up included) and its noise stream from
//     step = train_steps before the increment.
//  4. The tiles re-map W if `weight` changed since they last did
//     (unprogrammed only), and take the current input_range.
//  5. The tiles' call counters advance (fresh IO noise per call,
//     crossbar/layer.h), and the layer's scratch buffers are overwritten.
// The output is a tensor of its own (never a view of a scratch buffer). The
// autograd graph a training forward records owns what its backward reads
// (x, weight, input_range and copies of the layer's geometry and
// input-range constants), never the layer: backward is safe after the layer
// is destroyed or replaced.
class AnalogLayerBaseImpl : public torch::nn::Module {
 public:
  const LayerSpec& spec() const { return spec_; }
  const AnalogLayerOptions& options() const { return options_; }

  // Parameters and state (registered, so saved in checkpoints):
  // weight (conv [out, in, k, k] / linear [out, in]), bias ([out], if any),
  // out_scale ([1] or [out]), input_range ([1]; 0 = the preset has none),
  // input_range_batches (batches the data-driven init has seen, step 1
  // above), train_steps (training forwards so far, step 3).
  torch::Tensor weight, bias, out_scale, input_range;
  torch::Tensor input_range_batches, train_steps;

  void set_weight_noise(const WeightNoiseSchedule& noise) { noise_ = noise; }
  const WeightNoiseSchedule& weight_noise() const { return noise_; }
  // The injection used at training step `step` (after the ramp-up).
  crossbar::WeightNoiseInjection InjectionAt(int64_t step) const;

  // Writes the current weights to the tiles and programs instance `instance`
  // (its compensation calibrated); eval forwards then use the devices.
  absl::Status Program(uint32_t instance);
  // Reads the programmed devices t seconds after programming (read number
  // `read_index`: fresh 1/f noise) and sets drift compensation.
  // FailedPrecondition before Program.
  absl::Status Drift(double t_inference_s, uint32_t read_index);
  // Back to unprogrammed tiles (the current weights, mapped).
  void Reset();
  bool programmed() const { return programmed_; }

  // Post-step weight handling (aimc_model.md §8), under NoGradGuard:
  // clip to ±min(fixed, sigma·std(W)) (std with n−1; sigma <= 0: fixed only;
  // fixed <= 0: no fixed cap).
  void ClipWeights(double fixed_value, double sigma);
  // Divides W by max|W| (per layer, or per output channel with kColumn) and
  // multiplies out_scale by it: the forward is unchanged up to the mapping.
  void Remap();

  crossbar::AnalogLayer& crossbar_layer() { return *tiles_; }

 protected:
  // Only CreateAnalogLayer builds layers (it validates, then calls Init).
  AnalogLayerBaseImpl(const LayerSpec& spec, const AnalogLayerOptions& options,
                      torch::Tensor weight_init, torch::Tensor bias_init);

  // Steps 1-4 above, then the crossbar product W clip(x, ±r) through the
  // custom autograd function: linear x [B, in] -> [B, out]; conv (unrolled)
  // x [N, C, H, W] -> [N, out, H_out, W_out]; before out_scale and bias.
  torch::Tensor TileForward(const torch::Tensor& x, bool conv);
  // out_scale and bias on [B, out, ...] (channel dim 1).
  torch::Tensor ScaleAndBias(torch::Tensor y) const;

 private:
  friend struct AnalogMvm;  // the autograd function (analog_layer.cc)
  friend absl::StatusOr<torch::nn::AnyModule> CreateAnalogLayer(const LayerSpec&,
                                                                const AnalogLayerOptions&,
                                                                const torch::Tensor&,
                                                                const torch::Tensor&);

  // What the tiles run with in one forward, fixed by BeginForward.
  struct ForwardStep {
    bool training = false;
    int64_t train_step = 0;                    // training only: the noise draw
    crossbar::WeightNoiseInjection injection;  // training only: InjectionAt(train_step)
  };

  // Makes the tiles. InvalidArgument for a bad preset, layer_id, weight or bias.
  absl::Status Init();
  // Steps 1-4 of "State a forward changes"; the one place they happen.
  ForwardStep BeginForward(const torch::Tensor& x);
  // Step 1.
  void InitInputRangeFromData(const torch::Tensor& x);
  // Syncs the tiles with `weight` if it changed since (unprogrammed only).
  void SyncTiles();

  LayerSpec spec_;
  AnalogLayerOptions options_;
  WeightNoiseSchedule noise_;
  std::unique_ptr<crossbar::AnalogLayer> tiles_;
  bool programmed_ = false;
  int64_t synced_version_ = -1;  // weight._version() the tiles hold
  const void* synced_data_ = nullptr;
  // Scratch reused between forwards (step 5): the NHWC input, the tiles'
  // output. Never handed out.
  torch::Tensor nhwc_;
  Eigen::MatrixXf y_;
};

class AnalogConv2dImpl : public AnalogLayerBaseImpl {
 public:
  // x: [N, in, H, W] float32 -> [N, out, H_out, W_out].
  torch::Tensor forward(const torch::Tensor& x);

 private:
  friend absl::StatusOr<torch::nn::AnyModule> CreateAnalogLayer(const LayerSpec&,
                                                                const AnalogLayerOptions&,
                                                                const torch::Tensor&,
                                                                const torch::Tensor&);
  using AnalogLayerBaseImpl::AnalogLayerBaseImpl;
};
TORCH_MODULE(AnalogConv2d);

class AnalogLinearImpl : public AnalogLayerBaseImpl {
 public:
  // x: [B, in] float32 -> [B, out].
  torch::Tensor forward(const torch::Tensor& x);

 private:
  friend absl::StatusOr<torch::nn::AnyModule> CreateAnalogLayer(const LayerSpec&,
                                                                const AnalogLayerOptions&,
                                                                const torch::Tensor&,
                                                                const torch::Tensor&);
  using AnalogLayerBaseImpl::AnalogLayerBaseImpl;
};
TORCH_MODULE(AnalogLinear);

// The one way to build an analog layer: the analog twin of a layer with
// these weights and bias (copied; bias undefined iff !spec.bias), an
// AnalogConv2d for spec.kind kConv2d, an AnalogLinear for kLinear. The typed
// module is result->ptr<AnalogConv2dImpl>() (or <AnalogLinearImpl>), shared
// with the AnyModule. InvalidArgument for a bad preset or layer_id, shapes
// that do not match `spec`, or non-finite weights.
absl::StatusOr<torch::nn::AnyModule> CreateAnalogLayer(const LayerSpec& spec,
                                                       const AnalogLayerOptions& options,
                                                       const torch::Tensor& weight,
                                                       const torch::Tensor& bias);

}  // namespace aimc::networks::analog

#endif  // AIMC_NETWORKS_ANALOG_ANALOG_LAYER_H_
