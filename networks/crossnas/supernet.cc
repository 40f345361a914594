#include "networks/crossnas/supernet.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "common/status_macros.h"
#include "common/validation.h"

namespace aimc::networks::crossnas {

using nas::crossnas::ArchGenotype;
using nas::crossnas::BlockType;

namespace internal {

// One conv (no bias) + affine BN with running statistics, stored at full
// width and run on leading slices.
class SlicedConvBnImpl : public torch::nn::Module {
 public:
  SlicedConvBnImpl(int64_t in_channels, int64_t out_channels, int kernel_size)
      : kernel_size(kernel_size) {
    weight = register_parameter(
        "weight", torch::empty({out_channels, in_channels, kernel_size, kernel_size}));
    bn_weight = register_parameter("bn_weight", torch::ones({out_channels}));
    bn_bias = register_parameter("bn_bias", torch::zeros({out_channels}));
    running_mean = register_buffer("running_mean", torch::zeros({out_channels}));
    running_var = register_buffer("running_var", torch::ones({out_channels}));
  }

  int kernel_size;
  torch::Tensor weight, bn_weight, bn_bias, running_mean, running_var;
};

}  // namespace internal

namespace {

constexpr int kHidden1 = 200;  // head widths (spec §2.2)
constexpr int kHidden2 = 50;
constexpr uint32_t kDropoutEntity = 0xD50F;  // the fallback dropout stream's entity

// t = U(-bound, bound) from `stream` (as layer_registry.h's InitializeLayers).
void FillUniform(const RandomStream& stream, double fan_in, torch::Tensor& t) {
  const float bound = 1.0f / std::sqrt(static_cast<float>(fan_in));
  const absl::Span<float> values(t.data_ptr<float>(), t.numel());
  stream.FillUniform(0, values);
  for (float& v : values) v = bound * (2 * v - 1);
}

absl::string_view BlockModuleName(int type) {
  static constexpr absl::string_view kNames[] = {"vgg", "mvgg", "res"};
  return kNames[type];
}

ArchGenotype DefaultPath(int max_blocks) {
  max_blocks = std::clamp(max_blocks, 1, 16);  // bad options fail the constructor's CHECK
  const std::vector<int> genes(max_blocks, nas::crossnas::BlockGene(BlockType::kMvgg, 2));
  return *ArchGenotype::FromGenes(genes, max_blocks);
}

}  // namespace

struct CrossNasSupernetImpl::Trace {
  std::vector<LayerMacs> layers;
};

CrossNasSupernetOptions T0SupernetOptions() {
  CrossNasSupernetOptions options;
  options.max_blocks = 3;
  options.width_scale = 0.125;
  return options;
}

absl::Status ValidateCrossNasSupernetOptions(const CrossNasSupernetOptions& o) {
  RETURN_IF_ERROR(CheckRange("CrossNasSupernetOptions.input_channels", o.input_channels, 1, 64));
  RETURN_IF_ERROR(CheckRange("CrossNasSupernetOptions.input_size", o.input_size, 8, 256));
  RETURN_IF_ERROR(CheckRange("CrossNasSupernetOptions.num_classes", o.num_classes, 1, 100000));
  RETURN_IF_ERROR(CheckRange("CrossNasSupernetOptions.max_blocks", o.max_blocks, 1, 16));
  if (!(o.width_scale > 0 && o.width_scale <= 1)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "CrossNasSupernetOptions.width_scale: must be in (0, 1], got ", o.width_scale));
  }
  if (!(o.dropout >= 0 && o.dropout < 1)) {
    return absl::InvalidArgumentError(
        absl::StrCat("CrossNasSupernetOptions.dropout: must be in [0, 1), got ", o.dropout));
  }
  if (!(o.bn_momentum > 0 && o.bn_momentum <= 1)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "CrossNasSupernetOptions.bn_momentum: must be in (0, 1], got ", o.bn_momentum));
  }
  if (!(o.bn_eps > 0 && std::isfinite(o.bn_eps))) {
    return absl::InvalidArgumentError(
        absl::StrCat("CrossNasSupernetOptions.bn_eps: must be > 0, got ", o.bn_eps));
  }
  return absl::OkStatus();
}

nas::crossnas::ArchSpaceOptions SupernetArchSpace(const CrossNasSupernetOptions& options) {
  int halvings = 0;
  for (int size = options.input_size; halvings < 4 && size / 2 >= 2; size /= 2) ++halvings;
  return nas::crossnas::ArchSpaceOptions{.max_blocks = options.max_blocks,
                                         .max_downsampling_blocks = halvings,
                                         .res_stride2 = options.res_stride2};
}

int ScaledChannels(int k, double width_scale) {
  return std::max(1, static_cast<int>(std::lround(k * width_scale)));
}

CrossNasSupernetImpl::CrossNasSupernetImpl(const CrossNasSupernetOptions& options)
    : NetworkImpl(options.input_channels, options.num_classes),
      options_(options),
      arch_space_(SupernetArchSpace(options)),
      path_(DefaultPath(options.max_blocks)),
      bn_momentum_(options.bn_momentum) {
  AIMC_CHECK(ValidateCrossNasSupernetOptions(options).ok());
  for (int i = 0; i < 3; ++i) {
    channels_[i] = ScaledChannels(nas::crossnas::kChannelChoices[i], options.width_scale);
  }
  const int64_t kmax = channels_[2];
  auto slots = register_module("slots", std::make_shared<torch::nn::Module>());
  slots_.resize(options.max_blocks);
  for (int s = 0; s < options.max_blocks; ++s) {
    auto slot = slots->register_module(std::to_string(s), std::make_shared<torch::nn::Module>());
    const int64_t in = s == 0 ? options.input_channels : kmax;
    for (int type = 0; type < nas::crossnas::kNumBlockTypes; ++type) {
      auto block = slot->register_module(std::string(BlockModuleName(type)),
                                         std::make_shared<torch::nn::Module>());
      BlockModules& m = slots_[s][type];
      m.conv1 = block->register_module("conv1",
                                       std::make_shared<internal::SlicedConvBnImpl>(in, kmax, 3));
      m.conv2 = block->register_module("conv2",
                                       std::make_shared<internal::SlicedConvBnImpl>(kmax, kmax, 3));
      if (type == static_cast<int>(BlockType::kRes)) {
        m.shortcut = block->register_module(
            "shortcut", std::make_shared<internal::SlicedConvBnImpl>(in, kmax, 1));
      }
    }
  }
  auto head = register_module("head", std::make_shared<torch::nn::Module>());
  head_ = head.get();
  const int64_t flat = 4 * kmax;
  if (options.single_fc_head) {
    fc1_weight_ = head->register_parameter("fc1_weight", torch::empty({options.num_classes, flat}));
  } else {
    fc1_weight_ = head->register_parameter("fc1_weight", torch::empty({kHidden1, flat}));
    fc2_weight_ = head->register_parameter("fc2_weight", torch::empty({kHidden2, kHidden1}));
    fc2_bias_ = head->register_parameter("fc2_bias", torch::empty({kHidden2}));
    fc3_weight_ =
        head->register_parameter("fc3_weight", torch::empty({options.num_classes, kHidden2}));
    fc3_bias_ = head->register_parameter("fc3_bias", torch::empty({options.num_classes}));
  }
  // PyTorch's default init [R §2.5]: every weight and bias U(+-1/sqrt(fan_in))
  // of the full tensor; BN gamma 1, beta 0. One stream entity per tensor, in
  // registration order.
  torch::NoGradGuard no_grad;
  uint32_t entity = 0;
  auto draw = [&](torch::Tensor& t, double fan_in) {
    FillUniform(RandomStream(StreamKey{.seed = options.init_seed, .entity = entity++}), fan_in, t);
  };
  for (auto& slot : slots_) {
    for (BlockModules& m : slot) {
      for (internal::SlicedConvBnImpl* layer : {m.conv1.get(), m.conv2.get(), m.shortcut.get()}) {
        if (layer == nullptr) continue;
        draw(layer->weight, static_cast<double>(layer->weight.numel() / layer->weight.size(0)));
      }
    }
  }
  draw(fc1_weight_, static_cast<double>(flat));
  if (!options.single_fc_head) {
    draw(fc2_weight_, kHidden1);
    draw(fc2_bias_, kHidden1);
    draw(fc3_weight_, kHidden2);
    draw(fc3_bias_, kHidden2);
  }
}

absl::Status CrossNasSupernetImpl::SetPath(const ArchGenotype& genotype) {
  RETURN_IF_ERROR(nas::crossnas::CheckArchLegal(genotype, arch_space_));
  path_ = genotype.Canonical();
  return absl::OkStatus();
}

void CrossNasSupernetImpl::SetDropoutStream(const RandomStream& stream) {
  dropout_stream_ = stream;
}

void CrossNasSupernetImpl::ResetBatchNormStats() {
  torch::NoGradGuard no_grad;
  for (auto& slot : slots_) {
    for (BlockModules& m : slot) {
      for (internal::SlicedConvBnImpl* layer : {m.conv1.get(), m.conv2.get(), m.shortcut.get()}) {
        if (layer == nullptr) continue;
        layer->running_mean.zero_();
        layer->running_var.fill_(1);
      }
    }
  }
}

torch::Tensor CrossNasSupernetImpl::ConvBn(internal::SlicedConvBnImpl& layer,
                                           const std::string& name, const torch::Tensor& x,
                                           int out_channels, int stride) {
  const int64_t in = x.size(1);
  const int pad = layer.kernel_size / 2;
  const torch::Tensor w = layer.weight.slice(0, 0, out_channels).slice(1, 0, in);
  torch::Tensor y = torch::conv2d(x, w, /*bias=*/{}, stride, pad);
  if (trace_ != nullptr && y.size(0) > 0) {
    trace_->layers.push_back(LayerMacs{
        .name = name,
        .spec = ConvSpec(in, out_channels, layer.kernel_size, stride, pad, /*bias=*/false),
        .macs = y.numel() / y.size(0) * in * layer.kernel_size * layer.kernel_size});
  }
  // Slices of the buffers are views: batch_norm's in-place running-stat
  // update writes the stored prefix.
  return torch::batch_norm(
      y, layer.bn_weight.slice(0, 0, out_channels), layer.bn_bias.slice(0, 0, out_channels),
      layer.running_mean.slice(0, 0, out_channels), layer.running_var.slice(0, 0, out_channels),
      is_training(), bn_momentum_, options_.bn_eps, /*cudnn_enabled=*/false);
}

torch::Tensor CrossNasSupernetImpl::Linear(const std::string& name, const torch::Tensor& x,
                                           const torch::Tensor& weight, const torch::Tensor& bias) {
  const int64_t in = x.size(1);
  torch::Tensor y = torch::linear(x, weight.slice(1, 0, in), bias);
  if (trace_ != nullptr && y.size(0) > 0) {
    trace_->layers.push_back(LayerMacs{.name = name,
                                       .spec = LinearSpec(in, weight.size(0), bias.defined()),
                                       .macs = weight.size(0) * in});
  }
  return y;
}

torch::Tensor CrossNasSupernetImpl::Dropout(const torch::Tensor& x, uint64_t& offset) {
  if (!head_->is_training() || options_.dropout == 0) return x;
  torch::Tensor u = torch::empty(x.sizes(), torch::kFloat);
  const absl::Span<float> values(u.data_ptr<float>(), u.numel());
  if (dropout_stream_.has_value()) {
    dropout_stream_->FillUniform(offset, values);
  } else {
    RandomStream(StreamKey{.seed = options_.init_seed,
                           .entity = kDropoutEntity,
                           .instance = static_cast<uint32_t>(dropout_counter_)})
        .FillUniform(offset, values);
  }
  offset += values.size();
  const double p = options_.dropout;
  const torch::Tensor keep = u.ge(static_cast<float>(p)).to(x.scalar_type()) / (1 - p);
  return x * keep;
}

torch::Tensor CrossNasSupernetImpl::RunBlock(int slot, int gene, torch::Tensor x) {
  const int type = static_cast<int>(nas::crossnas::GeneBlockType(gene));
  const int k = channels_[gene % 3];
  const BlockModules& m = slots_[slot][type];
  const std::string prefix = absl::StrCat("slots.", slot, ".", BlockModuleName(type), ".");
  if (type == static_cast<int>(BlockType::kRes)) {
    const int stride = options_.res_stride2 ? 2 : 1;
    torch::Tensor main = torch::relu(ConvBn(*m.conv1, prefix + "conv1", x, k, stride));
    main = ConvBn(*m.conv2, prefix + "conv2", main, k, 1);
    return torch::relu(main + ConvBn(*m.shortcut, prefix + "shortcut", x, k, stride));
  }
  torch::Tensor y = torch::relu(ConvBn(*m.conv1, prefix + "conv1", x, k, 1));
  y = torch::relu(ConvBn(*m.conv2, prefix + "conv2", y, k, 1));
  if (type == static_cast<int>(BlockType::kVgg)) y = torch::max_pool2d(y, 2, 2);
  return y;
}

torch::Tensor CrossNasSupernetImpl::forward(torch::Tensor x) {
  TORCH_CHECK(x.dim() == 4 && x.size(1) == options_.input_channels,
              "CrossNasSupernet: input must be [batch, ", options_.input_channels, ", H, W], got ",
              x.sizes());
  const std::vector<int>& genes = path_.genes();
  for (int s = 0; s < static_cast<int>(genes.size()); ++s) {
    if (nas::crossnas::IsSkipGene(genes[s])) break;  // canonical: skips at the end
    x = RunBlock(s, genes[s], x);
  }
  // Channel-major flatten: the leading K channels x 4 positions come first,
  // matching fc1's first 4K columns (spec §2.5).
  x = torch::adaptive_avg_pool2d(x, {2, 2}).flatten(1);
  if (options_.single_fc_head) return Linear("head.fc1", x, fc1_weight_, {});
  uint64_t dropout_offset = 0;
  x = torch::relu(Linear("head.fc1", x, fc1_weight_, {}));
  x = Dropout(x, dropout_offset);
  x = torch::relu(Linear("head.fc2", x, fc2_weight_, fc2_bias_));
  x = Dropout(x, dropout_offset);
  x = Linear("head.fc3", x, fc3_weight_, fc3_bias_);
  if (head_->is_training() && !dropout_stream_.has_value()) ++dropout_counter_;
  return x;
}

absl::StatusOr<std::vector<LayerMacs>> CrossNasSupernetImpl::ActivePathLayerMacs(int height,
                                                                                 int width) {
  if (height < 1 || width < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("ActivePathLayerMacs: image size must be >= 1x1, got ", height, "x", width));
  }
  std::vector<std::pair<std::shared_ptr<torch::nn::Module>, bool>> modes;
  for (const auto& module : modules(/*include_self=*/true)) {
    modes.emplace_back(module, module->is_training());
  }
  eval();
  Trace trace;
  trace_ = &trace;
  absl::Status status;
  try {
    torch::NoGradGuard no_grad;
    forward(torch::zeros({1, options_.input_channels, height, width}));
  } catch (const c10::Error& e) {
    status = absl::InvalidArgumentError(
        absl::StrCat("ActivePathLayerMacs: forward failed: ", e.what_without_backtrace()));
  }
  trace_ = nullptr;
  for (auto& [module, training] : modes) module->train(training);
  RETURN_IF_ERROR(status);
  return std::move(trace.layers);
}

absl::StatusOr<int64_t> CrossNasSupernetImpl::ActivePathMacCount(int height, int width) {
  ASSIGN_OR_RETURN(const std::vector<LayerMacs> layers, ActivePathLayerMacs(height, width));
  int64_t total = 0;
  for (const LayerMacs& layer : layers) total += layer.macs;
  return total;
}

absl::StatusOr<CrossNasSupernet> CreateCrossNasSupernet(const CrossNasSupernetOptions& options) {
  RETURN_IF_ERROR(ValidateCrossNasSupernetOptions(options));
  try {
    return CrossNasSupernet(options);
  } catch (const c10::Error& e) {
    return absl::InternalError(
        absl::StrCat("CreateCrossNasSupernet: LibTorch threw: ", e.what_without_backtrace()));
  }
}

}  // namespace aimc::networks::crossnas
