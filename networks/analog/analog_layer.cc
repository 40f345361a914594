#include "networks/analog/analog_layer.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include <ATen/Parallel.h>
#include <ATen/ops/convolution_backward.h>
#include <torch/autograd.h>
#include <torch/torch.h>

#include "Eigen/Core"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "crossbar/config.h"
#include "crossbar/conv.h"
#include "networks/analog/input_range_kernels.h"
#include "networks/analog/unroll.h"
#include "networks/torch_threads.h"

namespace aimc::networks::analog {

using RowMajorMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

namespace {

crossbar::Conv2dGeometry Geometry(const LayerSpec& s) {
  crossbar::Conv2dGeometry g;
  g.in_channels = static_cast<int>(s.in_features);
  g.out_channels = static_cast<int>(s.out_features);
  g.kernel_h = g.kernel_w = s.kernel_size;
  g.stride_h = g.stride_w = s.stride;
  g.pad_h = g.pad_w = s.padding;
  return g;
}

// The weights as the out x fan_in matrix the tiles hold. A conv's rows are
// in (ky, kx, c) order, c fastest, to match the NHWC unrolling below.
Eigen::MatrixXf TileWeights(const torch::Tensor& w) {
  const torch::Tensor ordered = w.dim() == 4 ? w.permute({0, 2, 3, 1}).contiguous() : w.contiguous();
  return Eigen::Map<const RowMajorMatrix>(ordered.data_ptr<float>(), w.size(0),
                                          w.numel() / w.size(0));
}

// Elementwise work of the input-range backward, fused into two passes over
// x (instead of ~9 tensor ops, each with its own pass and allocation: they
// cost as much as the conv backward itself on NB201's small layers). Chunks
// are fixed, not per thread, so the sums do not depend on the thread count.
constexpr int64_t kClipChunk = 1 << 16;

// fn(first, size) on each chunk of kClipChunk elements of [0, n), chunks in
// parallel; the sum of its results, added in chunk order.
template <typename T, typename Fn>
T SumOverChunks(int64_t n, Fn fn) {
  const int64_t chunks = (n + kClipChunk - 1) / kClipChunk;
  std::vector<T> parts(chunks, T{0});
  at::parallel_for(0, chunks, 1, [&](int64_t begin, int64_t end) {
    for (int64_t k = begin; k < end; ++k) {
      const int64_t first = k * kClipChunk;
      parts[k] = fn(first, std::min(n - first, kClipChunk));
    }
  });
  T total{0};
  for (T part : parts) total += part;
  return total;
}

// Returns clamp(x, -r, r) and counts the |x| < r.
torch::Tensor ClampCountInside(const torch::Tensor& x, float r, int64_t* inside) {
  torch::Tensor xc = torch::empty_like(x);
  const float* in = x.data_ptr<float>();
  float* out = xc.data_ptr<float>();
  *inside = SumOverChunks<int64_t>(x.numel(), [&](int64_t first, int64_t size) {
    return ClampAndCountInside(in + first, size, r, out + first);
  });
  return xc;
}

// Zeroes gx where x was clipped and returns the range gradient
// (input_range_kernels.h).
double MaskClipped(const torch::Tensor& x, float r, torch::Tensor& gx) {
  const float* in = x.data_ptr<float>();
  float* g = gx.data_ptr<float>();
  return SumOverChunks<double>(x.numel(), [&](int64_t first, int64_t size) {
    return MaskClippedGradient(in + first, size, r, g + first);
  });
}

}  // namespace

// The crossbar product with a straight-through backward (aimc_model.md §8):
// gradients are those of y = W clip(x, ±r) with the clean W, plus the
// reference toolkit's input-range gradient (clipped inputs push r up; a
// decay pulls it down while few inputs are clipped).
//
// Ownership: the graph (ctx) owns everything backward reads: the saved x,
// weight and input_range, and copies of the conv geometry and input-range
// constants. `layer` is borrowed for the duration of forward only (to run
// its tiles, step 5 of "State a forward changes"); nothing keeps it, so
// backward is safe after the layer is destroyed.
struct AnalogMvm : public torch::autograd::Function<AnalogMvm> {
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, torch::Tensor x,
                               torch::Tensor weight, torch::Tensor input_range,
                               AnalogLayerBaseImpl* layer,
                               const AnalogLayerBaseImpl::ForwardStep& step, bool conv) {
    ctx->save_for_backward({x, weight, input_range});
    const LayerSpec& spec = layer->spec_;
    const crossbar::InputRangeConfig& ir = layer->options_.tile.input_range();
    ctx->saved_data["conv"] = conv;
    ctx->saved_data["stride"] = static_cast<int64_t>(spec.stride);
    ctx->saved_data["padding"] = static_cast<int64_t>(spec.padding);
    ctx->saved_data["range_decay"] = ir.decay();
    ctx->saved_data["range_min_inside"] = ir.input_min_percentage();
    torch::NoGradGuard no_grad;
    const int threads = at::get_num_threads();
    crossbar::AnalogLayer& tiles = *layer->tiles_;

    Eigen::MatrixXf& y = layer->y_;
    // columns: an Eigen matrix or a crossbar::ColumnSource.
    auto run = [&](const auto& columns) {
      if (step.training) {
        tiles.ForwardTraining(columns, step.injection, static_cast<uint32_t>(step.train_step),
                              &y, threads);
      } else {
        tiles.Forward(columns, &y, threads);
      }
    };
    const int64_t out = spec.out_features;
    if (!conv) {
      const int64_t batch = x.size(0);
      run(Eigen::Ref<const Eigen::MatrixXf>(
          Eigen::Map<const Eigen::MatrixXf>(x.data_ptr<float>(), x.size(1), batch)));
      // y (out x B, column-major) is [B, out] row-major.
      torch::Tensor result = torch::empty({batch, out}, x.options());
      std::memcpy(result.data_ptr<float>(), y.data(), sizeof(float) * y.size());
      return result;
    }
    const crossbar::Conv2dGeometry g = Geometry(spec);
    const int n = static_cast<int>(x.size(0)), c = static_cast<int>(x.size(1)),
              h = static_cast<int>(x.size(2)), w = static_cast<int>(x.size(3));
    // Reused between calls: fresh large buffers cost page faults.
    torch::Tensor& nhwc = layer->nhwc_;
    if (!nhwc.defined()) nhwc = torch::empty({0}, x.options());
    nhwc.resize_({n, h, w, c}).copy_(x.permute({0, 2, 3, 1}));
    if (g.kernel_h == 1 && g.stride_h == 1 && g.pad_h == 0) {
      // A 1x1 conv's input vectors are the NHWC pixels themselves.
      run(Eigen::Ref<const Eigen::MatrixXf>(Eigen::Map<const Eigen::MatrixXf>(
          nhwc.data_ptr<float>(), c, static_cast<int64_t>(n) * h * w)));
    } else {
      // Unrolled block by block as the tiles read it (unroll.h), from DAC
      // levels made here where the tile allows: k*k times fewer elements to
      // quantise than after unrolling, with the same numbers.
      const bool levels = tiles.Streams();
      float* data = nhwc.data_ptr<float>();
      if (levels) {
        at::parallel_for(0, nhwc.numel(), kClipChunk, [&](int64_t begin, int64_t end) {
          tiles.ToDacLevels(data + begin, end - begin, data + begin);
        });
      }
      run(NhwcUnrolled(data, n, h, w, c, g, levels));
    }
    // y is out x (N Ho Wo) column-major: NHWC. contiguous() copies it out of
    // the scratch buffer.
    return torch::from_blob(y.data(), {n, g.OutHeight(h), g.OutWidth(w), out}, x.options())
        .permute({0, 3, 1, 2})
        .contiguous();
  }

  // Reads only ctx: never the layer.
  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grads) {
    const auto saved = ctx->get_saved_variables();
    const torch::Tensor& x = saved[0];
    const torch::Tensor& weight = saved[1];
    const torch::Tensor& input_range = saved[2];
    const bool conv = ctx->saved_data["conv"].toBool();
    const torch::Tensor g = grads[0].contiguous();
    const float r = input_range.numel() > 0 ? input_range.item<float>() : 0.0f;
    int64_t inside = 0;
    const torch::Tensor xc = r > 0 ? ClampCountInside(x, r, &inside) : x;
    torch::Tensor gx, gw;
    if (conv) {
      const int64_t stride = ctx->saved_data["stride"].toInt();
      const int64_t padding = ctx->saved_data["padding"].toInt();
      std::tie(gx, gw, std::ignore) = at::convolution_backward(
          g, xc, weight, c10::nullopt, {stride, stride}, {padding, padding}, {1, 1}, false,
          {0, 0}, 1, {ctx->needs_input_grad(0) || r > 0, ctx->needs_input_grad(1), false});
    } else {
      gx = g.mm(weight);
      gw = g.t().mm(xc);
    }
    torch::Tensor gr;
    if (r > 0) {
      gx = gx.contiguous();
      double range_grad = MaskClipped(x, r, gx);
      if (input_range.requires_grad()) {
        const double decay = ctx->saved_data["range_decay"].toDouble();
        const double min_inside = ctx->saved_data["range_min_inside"].toDouble();
        const double fraction_inside = static_cast<double>(inside) / std::max<int64_t>(x.numel(), 1);
        if (decay > 0 && fraction_inside > min_inside) range_grad += decay * r;
        gr = torch::full({1}, range_grad, input_range.options());
      }
    }
    // One per forward argument; layer, step and conv have none.
    return {gx, gw, gr, torch::Tensor(), torch::Tensor(), torch::Tensor()};
  }
};

AnalogLayerBaseImpl::AnalogLayerBaseImpl(const LayerSpec& spec, const AnalogLayerOptions& options,
                                         torch::Tensor weight_init, torch::Tensor bias_init)
    : spec_(spec), options_(options) {
  weight = register_parameter("weight", weight_init.detach().clone().contiguous());
  if (bias_init.defined()) bias = register_parameter("bias", bias_init.detach().clone());
  const int64_t scales = options.out_scale == OutScaleKind::kColumn ? spec.out_features : 1;
  if (options.learn_out_scale) {
    out_scale = register_parameter("out_scale", torch::ones({scales}));
  } else {
    out_scale = register_buffer("out_scale", torch::ones({scales}));
  }
  const crossbar::InputRangeConfig& ir = options.tile.input_range();
  if (ir.enabled()) {
    input_range = register_parameter(
        "input_range", torch::full({1}, static_cast<float>(ir.init_value())));
  } else {
    input_range = register_buffer("input_range", torch::zeros({0}));
  }
  input_range_batches = register_buffer("input_range_batches", torch::zeros({1}, torch::kInt64));
  train_steps = register_buffer("train_steps", torch::zeros({1}, torch::kInt64));
}

absl::Status AnalogLayerBaseImpl::Init() {
  if (options_.layer_id > 0xFFFF) {
    return absl::InvalidArgumentError(
        absl::StrCat("AnalogLayerOptions.layer_id: must be < 65536, got ", options_.layer_id));
  }
  const std::vector<int64_t> shape = spec_.WeightShape();
  if (weight.sizes() != torch::IntArrayRef(shape) || weight.scalar_type() != torch::kFloat32 ||
      !weight.device().is_cpu()) {
    return absl::InvalidArgumentError(
        absl::StrCat("analog ", LayerKindName(spec_.kind), ": weight must be float32 on the CPU ",
                     "with shape ", torch::IntArrayRef(shape).vec().size(), "-d ",
                     c10::str(torch::IntArrayRef(shape)), ", got ", c10::str(weight.sizes())));
  }
  if (spec_.bias != bias.defined() ||
      (bias.defined() && (bias.dim() != 1 || bias.size(0) != spec_.out_features))) {
    return absl::InvalidArgumentError(absl::StrCat(
        "analog ", LayerKindName(spec_.kind), ": bias must be ",
        spec_.bias ? absl::StrCat("[", spec_.out_features, "]") : "absent", " as the spec says"));
  }
  RETURN_IF_ERROR(crossbar::Validate(options_.tile));
  const Eigen::MatrixXf w = TileWeights(weight);
  ASSIGN_OR_RETURN(crossbar::AnalogLayer layer,
                   crossbar::AnalogLayer::Create(options_.tile, w, Eigen::VectorXf(),
                                                 options_.seed, options_.layer_id));
  tiles_ = std::make_unique<crossbar::AnalogLayer>(std::move(layer));
  synced_version_ = weight._version();
  synced_data_ = weight.data_ptr();
  return absl::OkStatus();
}

crossbar::WeightNoiseInjection AnalogLayerBaseImpl::InjectionAt(int64_t step) const {
  crossbar::WeightNoiseInjection injection = noise_.injection;
  if (noise_.ramp_up_steps > 0 && step < noise_.ramp_up_steps) {
    injection.scale *= static_cast<float>(step + 1) / static_cast<float>(noise_.ramp_up_steps);
  }
  return injection;
}

void AnalogLayerBaseImpl::SyncTiles() {
  if (programmed_) return;
  if (weight._version() == synced_version_ && weight.data_ptr() == synced_data_) return;
  // Weights were checked finite at creation; an optimizer can still make
  // them NaN, which the crossbar rejects: that is a programming error here.
  const absl::Status s = tiles_->SetWeights(TileWeights(weight), Eigen::VectorXf());
  TORCH_CHECK(s.ok(), "analog layer: ", std::string(s.message()));
  synced_version_ = weight._version();
  synced_data_ = weight.data_ptr();
}

absl::Status AnalogLayerBaseImpl::Program(uint32_t instance) {
  torch::NoGradGuard no_grad;
  programmed_ = false;
  synced_version_ = -1;
  const absl::Status set = tiles_->SetWeights(TileWeights(weight), Eigen::VectorXf());
  RETURN_IF_ERROR(set);
  tiles_->set_input_range(input_range.numel() > 0 ? input_range.item<float>() : 0.0f);
  RETURN_IF_ERROR(tiles_->Program(instance, at::get_num_threads()));
  programmed_ = true;
  return absl::OkStatus();
}

absl::Status AnalogLayerBaseImpl::Drift(double t_inference_s, uint32_t read_index) {
  if (!programmed_) {
    return absl::FailedPreconditionError("analog layer: Drift() before Program()");
  }
  return tiles_->Drift(t_inference_s, read_index, at::get_num_threads());
}

void AnalogLayerBaseImpl::Reset() {
  tiles_->Reset();
  programmed_ = false;
  synced_version_ = -1;  // the next forward maps the current weights
}

void AnalogLayerBaseImpl::ClipWeights(double fixed_value, double sigma) {
  torch::NoGradGuard no_grad;
  double bound = fixed_value > 0 ? fixed_value : INFINITY;
  if (sigma > 0 && weight.numel() > 1) {
    bound = std::min(bound, sigma * weight.std().item<double>());
  }
  if (std::isfinite(bound)) weight.clamp_(-bound, bound);
}

void AnalogLayerBaseImpl::Remap() {
  torch::NoGradGuard no_grad;
  if (options_.out_scale == OutScaleKind::kLayer) {
    const float m = weight.abs().max().item<float>();
    if (m > 0) {
      weight.div_(m);
      out_scale.mul_(m);
    }
    return;
  }
  torch::Tensor m = weight.abs().reshape({weight.size(0), -1}).amax(1);
  m = torch::where(m > 0, m, torch::ones_like(m));
  std::vector<int64_t> view(weight.dim(), 1);
  view[0] = -1;
  weight.div_(m.view(view));
  out_scale.mul_(m);
}

void AnalogLayerBaseImpl::InitInputRangeFromData(const torch::Tensor& x) {
  const crossbar::InputRangeConfig& ir = options_.tile.input_range();
  if (!is_training() || !ir.enabled()) return;
  const int64_t seen = input_range_batches.item<int64_t>();
  if (seen >= ir.init_from_data()) return;
  torch::NoGradGuard no_grad;
  double std = 0;
  {
    ScopedTorchThreads serial(1);  // a whole-tensor reduction (torch_threads.h)
    std = x.std().item<double>();
  }
  if (!(std > 0)) return;
  const double r = input_range.item<double>();
  input_range.fill_((r * seen + ir.init_std_alpha() * std) / (seen + 1));
  input_range_batches.add_(1);
}

AnalogLayerBaseImpl::ForwardStep AnalogLayerBaseImpl::BeginForward(const torch::Tensor& x) {
  torch::NoGradGuard no_grad;
  ForwardStep step;
  step.training = is_training();
  InitInputRangeFromData(x);  // step 1 (training only)
  if (step.training) {
    if (programmed_) Reset();  // step 2: training maps W anew
    step.train_step = train_steps.item<int64_t>();  // step 3
    train_steps.add_(1);
    step.injection = InjectionAt(step.train_step);
  }
  SyncTiles();  // step 4
  tiles_->set_input_range(input_range.numel() > 0 ? input_range.item<float>() : 0.0f);
  return step;
}

torch::Tensor AnalogLayerBaseImpl::TileForward(const torch::Tensor& x, bool conv) {
  const ForwardStep step = BeginForward(x);
  return AnalogMvm::apply(x.contiguous(), weight, input_range, this, step, conv);
}

torch::Tensor AnalogLayerBaseImpl::ScaleAndBias(torch::Tensor y) const {
  std::vector<int64_t> view(y.dim(), 1);
  view[1] = -1;
  y = y * out_scale.view(view);
  if (bias.defined()) y = y + bias.view(view);
  return y;
}

torch::Tensor AnalogConv2dImpl::forward(const torch::Tensor& x) {
  TORCH_CHECK(x.dim() == 4 && x.size(1) == spec().in_features &&
                  x.scalar_type() == torch::kFloat32,
              "AnalogConv2d: expected a float32 [N, ", spec().in_features, ", H, W] input, got ",
              x.sizes());
  const absl::Status s = crossbar::Validate(Geometry(spec()), static_cast<int>(x.size(2)),
                                            static_cast<int>(x.size(3)));
  TORCH_CHECK(s.ok(), "AnalogConv2d: ", std::string(s.message()));
  return ScaleAndBias(TileForward(x, /*conv=*/true));
}

torch::Tensor AnalogLinearImpl::forward(const torch::Tensor& x) {
  TORCH_CHECK(x.dim() == 2 && x.size(1) == spec().in_features &&
                  x.scalar_type() == torch::kFloat32,
              "AnalogLinear: expected a float32 [B, ", spec().in_features, "] input, got ",
              x.sizes());
  return ScaleAndBias(TileForward(x, /*conv=*/false));
}

absl::StatusOr<torch::nn::AnyModule> CreateAnalogLayer(const LayerSpec& spec,
                                                       const AnalogLayerOptions& options,
                                                       const torch::Tensor& weight,
                                                       const torch::Tensor& bias) {
  if (!weight.defined()) return absl::InvalidArgumentError("analog layer: no weight");
  try {
    // new, not make_shared: the constructors are private to this function.
    switch (spec.kind) {
      case LayerKind::kConv2d: {
        std::shared_ptr<AnalogConv2dImpl> layer(new AnalogConv2dImpl(spec, options, weight, bias));
        RETURN_IF_ERROR(layer->Init());
        return torch::nn::AnyModule(AnalogConv2d(std::move(layer)));
      }
      case LayerKind::kLinear: {
        std::shared_ptr<AnalogLinearImpl> layer(new AnalogLinearImpl(spec, options, weight, bias));
        RETURN_IF_ERROR(layer->Init());
        return torch::nn::AnyModule(AnalogLinear(std::move(layer)));
      }
    }
    return absl::InvalidArgumentError(
        absl::StrCat("analog layer: unknown layer kind ", static_cast<int>(spec.kind)));
  } catch (const c10::Error& e) {
    return absl::InvalidArgumentError(
        absl::StrCat("analog layer: ", e.what_without_backtrace()));
  }
}

}  // namespace aimc::networks::analog
