#include "networks/crossnas/quant/quant_net.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/random.h"
#include "common/status_macros.h"
#include "networks/crossnas/quant/pim_forward.h"
#include "networks/layer_registry.h"

namespace aimc::networks::crossnas {
namespace {

using nas::crossnas::BlockSpec;
using nas::crossnas::BlockType;
using nas::crossnas::kHeadBits;
using nas::crossnas::kImageInputBits;

struct Shape {
  int64_t c = 0, h = 0, w = 0;
  bool flat = false;  // [N, c] after a flatten or linear
};

bool ValidName(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char ch) {
    return absl::ascii_isalnum(static_cast<unsigned char>(ch)) || ch == '_';
  });
}

// Appends ops, tracking the producer of the next op.
class SpecBuilder {
 public:
  explicit SpecBuilder(QuantNetSpec* spec) : spec_(spec) {}
  int last() const { return static_cast<int>(spec_->ops.size()) - 1; }
  int Conv(std::string name, int in, int out, int k, int stride, int pad, bool relu, int group,
           std::vector<int> inputs = {}) {
    QuantOp op;
    op.kind = QuantOpKind::kConv;
    op.name = std::move(name);
    op.inputs = std::move(inputs);
    op.in_channels = in;
    op.out_channels = out;
    op.kernel_size = k;
    op.stride = stride;
    op.padding = pad;
    op.relu = relu;
    op.bit_group = group;
    return Push(std::move(op));
  }
  int Linear(std::string name, int in, int out, bool relu, double dropout, int group) {
    QuantOp op;
    op.kind = QuantOpKind::kLinear;
    op.name = std::move(name);
    op.in_channels = in;
    op.out_channels = out;
    op.batch_norm = false;
    op.relu = relu;
    op.dropout = dropout;
    op.bit_group = group;
    return Push(std::move(op));
  }
  int Simple(QuantOpKind kind, std::string name, int group = kHeadGroup) {
    QuantOp op;
    op.kind = kind;
    op.name = std::move(name);
    op.batch_norm = false;
    op.bit_group = group;
    return Push(std::move(op));
  }
  int Add(std::string name, int a, int b) {
    QuantOp op;
    op.kind = QuantOpKind::kAdd;
    op.name = std::move(name);
    op.inputs = {a, b};
    op.batch_norm = false;
    op.relu = true;
    return Push(std::move(op));
  }

 private:
  int Push(QuantOp op) {
    spec_->ops.push_back(std::move(op));
    return last();
  }
  QuantNetSpec* spec_;
};

int Scaled(int channels, double rho) {
  return std::max(1, static_cast<int>(std::lround(channels * rho)));
}

absl::Status CheckBuilderArgs(double width_scale, int num_classes, int input_channels) {
  if (!(width_scale > 0) || !std::isfinite(width_scale)) {
    return absl::InvalidArgumentError(
        absl::StrCat("width_scale: must be finite and > 0, got ", width_scale));
  }
  if (num_classes < 1) {
    return absl::InvalidArgumentError(absl::StrCat("num_classes: must be >= 1, got ", num_classes));
  }
  if (input_channels < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("input_channels: must be >= 1, got ", input_channels));
  }
  return absl::OkStatus();
}

// A CIFAR basic block as crossbar/cost/networks.cc's ResidualBlock: conv1
// (stride s) BN ReLU, conv2 BN, shortcut (k×k conv stride s + BN, or identity
// for k = 0), add, ReLU.
int ResidualBlock(SpecBuilder& b, const std::string& name, int in, int out, int stride,
                  int shortcut_k, int group1, int group2, int group_shortcut) {
  const int input = b.last();
  b.Conv(name + "_conv1", in, out, 3, stride, 1, /*relu=*/true, group1, {input});
  const int main = b.Conv(name + "_conv2", out, out, 3, 1, 1, /*relu=*/false, group2);
  int shortcut = input;
  if (shortcut_k > 0) {
    shortcut = b.Conv(name + "_shortcut", in, out, shortcut_k, stride, shortcut_k / 2,
                      /*relu=*/false, group_shortcut, {input});
  }
  return b.Add(name + "_add", main, shortcut);
}

}  // namespace

absl::Status ValidateQuantNetSpec(const QuantNetSpec& spec) {
  if (spec.input_channels < 1 || spec.input_size < 1 || spec.num_classes < 1 ||
      spec.num_bit_groups < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "QuantNetSpec: input_channels, input_size, num_classes must be >= 1 and num_bit_groups "
        ">= 0, got ",
        spec.input_channels, ", ", spec.input_size, ", ", spec.num_classes, ", ",
        spec.num_bit_groups));
  }
  if (spec.ops.empty()) return absl::InvalidArgumentError("QuantNetSpec.ops: empty");
  std::vector<Shape> shapes(spec.ops.size());
  const Shape image{spec.input_channels, spec.input_size, spec.input_size, false};
  std::set<std::string> names;
  for (size_t i = 0; i < spec.ops.size(); ++i) {
    const QuantOp& op = spec.ops[i];
    const auto bad = [&](absl::string_view why) {
      return absl::InvalidArgumentError(
          absl::StrCat("QuantNetSpec.ops[", i, "] (", op.name, "): ", why));
    };
    if (!ValidName(op.name)) return bad("name must be non-empty [A-Za-z0-9_]+");
    if (!names.insert(op.name).second) return bad("duplicate name");
    const size_t want_inputs = op.kind == QuantOpKind::kAdd ? 2 : 1;
    std::vector<int> inputs = op.inputs;
    if (inputs.empty() && want_inputs == 1) inputs.push_back(static_cast<int>(i) - 1);
    if (inputs.size() != want_inputs) {
      return bad(absl::StrCat("needs ", want_inputs, " inputs, got ", inputs.size()));
    }
    std::vector<Shape> in;
    for (int p : inputs) {
      if (p < -1 || p >= static_cast<int>(i)) {
        return bad(absl::StrCat("input ", p, " is not -1 or an earlier op"));
      }
      in.push_back(p < 0 ? image : shapes[p]);
    }
    const bool grouped = op.kind == QuantOpKind::kConv || op.kind == QuantOpKind::kLinear ||
                         op.kind == QuantOpKind::kAvgPool;
    if (grouped && op.bit_group != kHeadGroup &&
        (op.bit_group < 0 || op.bit_group >= spec.num_bit_groups)) {
      return bad(absl::StrCat("bit_group must be kHeadGroup or 0..", spec.num_bit_groups - 1,
                              ", got ", op.bit_group));
    }
    Shape& out = shapes[i];
    const Shape& x = in[0];
    switch (op.kind) {
      case QuantOpKind::kConv: {
        if (x.flat) return bad("input is flat");
        if (op.in_channels != x.c) {
          return bad(absl::StrCat("in_channels ", op.in_channels, " != producer's ", x.c));
        }
        if (op.out_channels < 1 || op.kernel_size < 1 || op.stride < 1 || op.padding < 0) {
          return bad("out_channels, kernel_size, stride must be >= 1 and padding >= 0");
        }
        const int64_t h = (x.h + 2 * op.padding - op.kernel_size) / op.stride + 1;
        const int64_t w = (x.w + 2 * op.padding - op.kernel_size) / op.stride + 1;
        if (h < 1 || w < 1) return bad(absl::StrCat("map ", x.h, "x", x.w, " too small"));
        out = {op.out_channels, h, w, false};
        break;
      }
      case QuantOpKind::kLinear:
        if (!x.flat) return bad("input is not flat (add a kFlatten)");
        if (op.in_channels != x.c) {
          return bad(absl::StrCat("in_channels ", op.in_channels, " != producer's ", x.c));
        }
        if (op.out_channels < 1) return bad("out_channels must be >= 1");
        if (!(op.dropout >= 0 && op.dropout < 1)) return bad("dropout must be in [0, 1)");
        out = {op.out_channels, 1, 1, true};
        break;
      case QuantOpKind::kMaxPool:
        if (x.flat || x.h < 2 || x.w < 2) return bad("needs a map of at least 2x2");
        out = {x.c, x.h / 2, x.w / 2, false};
        break;
      case QuantOpKind::kAvgPool:
        if (x.flat || op.output_size < 1) return bad("needs a map and output_size >= 1");
        out = {x.c, op.output_size, op.output_size, false};
        break;
      case QuantOpKind::kAdd:
        if (in[0].c != in[1].c || in[0].h != in[1].h || in[0].w != in[1].w ||
            in[0].flat != in[1].flat) {
          return bad("inputs differ in shape");
        }
        out = x;
        break;
      case QuantOpKind::kFlatten:
        if (x.flat) return bad("input is already flat");
        out = {x.c * x.h * x.w, 1, 1, true};
        break;
    }
  }
  const Shape& last = shapes.back();
  if (!last.flat || last.c != spec.num_classes) {
    return absl::InvalidArgumentError(
        absl::StrCat("QuantNetSpec: the last op must give [N, ", spec.num_classes, "] logits"));
  }
  return absl::OkStatus();
}

absl::StatusOr<QuantNetSpec> CrossNasQuantSpec(const std::vector<BlockSpec>& blocks,
                                               double width_scale, int num_classes,
                                               int input_channels) {
  RETURN_IF_ERROR(CheckBuilderArgs(width_scale, num_classes, input_channels));
  if (blocks.empty()) return absl::InvalidArgumentError("blocks: need at least one block");
  QuantNetSpec spec;
  spec.name = "crossnas";
  spec.input_channels = input_channels;
  spec.input_size = blocks[0].in_size;
  spec.num_classes = num_classes;
  spec.num_bit_groups = static_cast<int>(blocks.size());
  SpecBuilder b(&spec);
  int c = input_channels;
  for (size_t i = 0; i < blocks.size(); ++i) {
    const BlockSpec& blk = blocks[i];
    const int k = Scaled(blk.out_channels, width_scale);
    const std::string name = absl::StrCat("b", i + 1);
    const int group = static_cast<int>(i);
    if (blk.type == BlockType::kRes) {
      ResidualBlock(b, name, c, k, blk.stride, /*shortcut_k=*/1, group, group, group);
    } else {
      b.Conv(name + "_conv1", c, k, 3, blk.stride, 1, /*relu=*/true, group);
      b.Conv(name + "_conv2", k, k, 3, 1, 1, /*relu=*/true, group);
      if (blk.max_pool) b.Simple(QuantOpKind::kMaxPool, name + "_pool", group);
    }
    c = k;
  }
  b.Simple(QuantOpKind::kAvgPool, "head_pool");
  b.Simple(QuantOpKind::kFlatten, "head_flatten");
  if (num_classes == 100) {
    b.Linear("head_fc", 4 * c, num_classes, false, 0.0, kHeadGroup);
  } else {
    b.Linear("head_fc1", 4 * c, 200, true, 0.2, kHeadGroup);
    b.Linear("head_fc2", 200, 50, true, 0.2, kHeadGroup);
    b.Linear("head_fc3", 50, num_classes, false, 0.0, kHeadGroup);
  }
  RETURN_IF_ERROR(ValidateQuantNetSpec(spec));
  return spec;
}

absl::StatusOr<QuantNetSpec> BaselineQuantSpec(absl::string_view name, double width_scale,
                                               int num_classes, int input_channels) {
  RETURN_IF_ERROR(CheckBuilderArgs(width_scale, num_classes, input_channels));
  QuantNetSpec spec;
  spec.name = std::string(name);
  spec.input_channels = input_channels;
  spec.input_size = 32;
  spec.num_classes = num_classes;
  SpecBuilder b(&spec);
  int group = 0;
  const auto conv3 = [&](const std::string& n, int in, int out, int stride = 1) {
    b.Conv(n, in, out, 3, stride, 1, /*relu=*/true, group++);
    return out;
  };
  int c = input_channels;
  if (name == "alexnet") {
    c = conv3("conv1", c, Scaled(64, width_scale), 2);
    b.Simple(QuantOpKind::kMaxPool, "pool1");
    c = conv3("conv2", c, Scaled(192, width_scale));
    b.Simple(QuantOpKind::kMaxPool, "pool2");
    c = conv3("conv3", c, Scaled(384, width_scale));
    c = conv3("conv4", c, Scaled(256, width_scale));
    c = conv3("conv5", c, Scaled(256, width_scale));
    b.Simple(QuantOpKind::kMaxPool, "pool3");
    b.Simple(QuantOpKind::kFlatten, "flatten");
    b.Linear("fc1", 4 * c, 512, true, 0.0, group++);
    b.Linear("fc2", 512, num_classes, false, 0.0, group++);
  } else if (name == "vgg16") {
    const int widths[5] = {64, 128, 256, 512, 512}, convs[5] = {2, 2, 3, 3, 3};
    int n = 0;
    for (int stage = 0; stage < 5; ++stage) {
      for (int i = 0; i < convs[stage]; ++i) {
        c = conv3(absl::StrCat("conv", ++n), c, Scaled(widths[stage], width_scale));
      }
      if (stage < 4) b.Simple(QuantOpKind::kMaxPool, absl::StrCat("pool", stage + 1));
    }
    b.Simple(QuantOpKind::kFlatten, "flatten");
    b.Linear("fc", 4 * c, num_classes, false, 0.0, group++);
  } else if (name == "resnet18") {
    c = conv3("conv1", c, Scaled(64, width_scale));
    b.Simple(QuantOpKind::kMaxPool, "pool1");
    const int widths[4] = {64, 128, 256, 512};
    for (int stage = 0; stage < 4; ++stage) {
      for (int i = 0; i < 2; ++i) {
        const bool down = stage > 0 && i == 0;
        const int out = Scaled(widths[stage], width_scale);
        const int g1 = group++, g2 = group++;
        const int g_short = down ? group++ : kHeadGroup;
        ResidualBlock(b, absl::StrCat("layer", stage + 1, "_", i), c, out, down ? 2 : 1,
                      down ? 3 : 0, g1, g2, g_short);
        c = out;
      }
    }
    b.Simple(QuantOpKind::kFlatten, "flatten");
    b.Linear("fc1", 4 * c, 512, true, 0.0, group++);
    b.Linear("fc2", 512, num_classes, false, 0.0, group++);
  } else {
    return absl::NotFoundError(
        absl::StrCat("unknown baseline '", name, "' (known: alexnet, resnet18, vgg16)"));
  }
  spec.num_bit_groups = group;
  RETURN_IF_ERROR(ValidateQuantNetSpec(spec));
  return spec;
}

absl::string_view QuantModeName(QuantMode mode) {
  switch (mode) {
    case QuantMode::kFloat:
      return "float";
    case QuantMode::kQat:
      return "qat";
    case QuantMode::kPim:
      return "pim";
  }
  return "?";
}

QuantNetImpl::QuantNetImpl(const QuantNetSpec& spec, uint64_t init_seed)
    : NetworkImpl(spec.input_channels, spec.num_classes),
      spec_(spec),
      init_seed_(init_seed),
      bits_(spec.num_bit_groups, BlockBits{}) {
  AIMC_CHECK(ValidateQuantNetSpec(spec).ok());
  layers_.resize(spec.ops.size());
  for (size_t i = 0; i < spec.ops.size(); ++i) {
    const QuantOp& op = spec.ops[i];
    if (op.kind != QuantOpKind::kConv && op.kind != QuantOpKind::kLinear) continue;
    Layer& l = layers_[i];
    const bool conv = op.kind == QuantOpKind::kConv;
    l.registry_index =
        AddLayer(op.name, conv ? ConvSpec(op.in_channels, op.out_channels, op.kernel_size,
                                          op.stride, op.padding, /*bias=*/false)
                               : LinearSpec(op.in_channels, op.out_channels, /*bias=*/false));
    std::shared_ptr<torch::nn::Module> child = named_children()[op.name];
    if (conv) {
      l.conv = torch::nn::Conv2d(std::dynamic_pointer_cast<torch::nn::Conv2dImpl>(child));
    } else {
      l.linear = torch::nn::Linear(std::dynamic_pointer_cast<torch::nn::LinearImpl>(child));
    }
    l.alpha_out = register_buffer(op.name + "_alpha", torch::zeros({}));
    if (conv && op.batch_norm) {
      l.bn = register_module(op.name + "_bn", torch::nn::BatchNorm2d(op.out_channels));
      l.alpha_bn = register_buffer(op.name + "_bn_alpha", torch::zeros({}));
    }
  }
  dropout_counter_ = register_buffer("dropout_counter", torch::zeros({}, torch::kInt64));
  AIMC_CHECK(InitializeLayers(*this, init_seed).ok());
}

BlockBits QuantNetImpl::GroupBits(int group) const {
  return group == kHeadGroup ? kHeadBits : bits_[group];
}

absl::Status QuantNetImpl::SetBits(const std::vector<BlockBits>& bits) {
  if (static_cast<int>(bits.size()) != spec_.num_bit_groups) {
    return absl::InvalidArgumentError(absl::StrCat(
        "SetBits: ", spec_.name, " has ", spec_.num_bit_groups, " bit groups, got ", bits.size()));
  }
  for (size_t g = 0; g < bits.size(); ++g) {
    for (const auto& [field, value] :
         {std::pair<const char*, int>{"weight_bits", bits[g].weight_bits},
          {"activation_bits", bits[g].activation_bits}}) {
      if (value < 2 || value > 16) {
        return absl::InvalidArgumentError(
            absl::StrCat("SetBits: group ", g, " ", field, ": must be 2..16, got ", value));
      }
    }
  }
  bits_ = bits;
  return absl::OkStatus();
}

absl::Status QuantNetImpl::SetPim(const PimConfig& config) {
  int max_k2 = 1;
  for (const QuantOp& op : spec_.ops) {
    if (op.kind == QuantOpKind::kConv) max_k2 = std::max(max_k2, op.kernel_size * op.kernel_size);
  }
  if (config.crossbar_size < max_k2 || config.crossbar_size > 65536) {
    return absl::InvalidArgumentError(absl::StrCat("PimConfig.crossbar_size: must be ", max_k2,
                                                   "..65536 (k² of the largest kernel), got ",
                                                   config.crossbar_size));
  }
  if (config.adc_bits < 1 || config.adc_bits > 16) {
    return absl::InvalidArgumentError(
        absl::StrCat("PimConfig.adc_bits: must be 1..16, got ", config.adc_bits));
  }
  if (config.dac_bits < 1 || config.dac_bits > 8) {
    return absl::InvalidArgumentError(
        absl::StrCat("PimConfig.dac_bits: must be 1..8, got ", config.dac_bits));
  }
  pim_ = config;
  return absl::OkStatus();
}

void QuantNetImpl::ResetAlphas() {
  torch::NoGradGuard no_grad;
  for (Layer& l : layers_) {
    if (l.alpha_out.defined()) l.alpha_out.zero_();
    if (l.alpha_bn.defined()) l.alpha_bn.zero_();
  }
}

std::vector<torch::nn::BatchNorm2d> QuantNetImpl::batch_norms() const {
  std::vector<torch::nn::BatchNorm2d> out;
  for (const Layer& l : layers_) {
    if (!l.bn.is_empty()) out.push_back(l.bn);
  }
  return out;
}

double QuantNetImpl::OutputAlpha(int op_index) const {
  const Layer& l = layers_.at(op_index);
  return l.alpha_out.defined() ? l.alpha_out.item<double>() : 0.0;
}

double QuantNetImpl::BnAlpha(int op_index) const {
  const Layer& l = layers_.at(op_index);
  return l.alpha_bn.defined() ? l.alpha_bn.item<double>() : 0.0;
}

torch::Tensor QuantNetImpl::Activation(const torch::Tensor& x, torch::Tensor& alpha, int bits) {
  if (UpdatingAlphas()) {
    torch::NoGradGuard no_grad;
    const double target = ActivationRangeTarget(x);
    const double old = alpha.item<double>();
    alpha.fill_(old > 0 ? kAlphaMomentum * old + (1 - kAlphaMomentum) * target : target);
  }
  return FakeQuantize(x, alpha.item<double>(), bits);
}

torch::Tensor QuantNetImpl::Dropout(const torch::Tensor& x, double p) {
  if (!is_training() || p <= 0) return x;
  const int64_t counter = dropout_counter_.item<int64_t>();
  dropout_counter_.add_(1);
  // Keyed by (init_seed, forward number): a resumed run draws the same masks.
  const RandomStream stream(StreamKey{.seed = init_seed_,
                                      .entity = static_cast<uint32_t>(counter),
                                      .instance = static_cast<uint32_t>(counter >> 32),
                                      .draw = 1});
  std::vector<float> u(x.numel());
  stream.FillUniform(0, absl::MakeSpan(u));
  const torch::Tensor keep =
      (torch::from_blob(u.data(), x.sizes(), torch::kFloat32) >= static_cast<float>(p))
          .to(x.scalar_type());
  return x * keep * static_cast<float>(1.0 / (1.0 - p));
}

torch::Tensor QuantNetImpl::RunLayer(int i, const torch::Tensor& x, const Grid& in, Grid* out) {
  const QuantOp& op = spec_.ops[i];
  Layer& l = layers_[i];
  const BlockBits bits = GroupBits(op.bit_group);
  const bool conv = op.kind == QuantOpKind::kConv;
  torch::Tensor y;
  if (mode_ == QuantMode::kFloat) {
    y = CallLayer(l.registry_index, x);
  } else if (mode_ == QuantMode::kQat) {
    const torch::Tensor& w = conv ? l.conv->weight : l.linear->weight;
    const double w_max = w.detach().abs().max().item<double>();
    const torch::Tensor w_q = FakeQuantize(w, w_max, bits.weight_bits);
    y = conv ? torch::conv2d(x, w_q, {}, op.stride, op.padding) : torch::linear(x, w_q);
    y = Activation(y, l.alpha_out, bits.activation_bits);
  } else {
    const double alpha_out = l.alpha_out.item<double>();
    TORCH_CHECK(alpha_out > 0, "QuantNet ", op.name,
                ": kPim needs calibrated activation ranges (train or calibrate in kQat first)");
    TORCH_CHECK(in.alpha > 0, "QuantNet ", op.name, ": input range not calibrated");
    PimParams p;
    p.crossbar_size = pim_.crossbar_size;
    p.adc_bits = pim_.adc_bits;
    p.dac_bits = pim_.dac_bits;
    p.weight_bits = bits.weight_bits;
    p.input_bits = in.bits;
    p.output_bits = bits.activation_bits;
    p.input_alpha = in.alpha;
    p.output_alpha = alpha_out;
    y = conv ? PimConv2d(x, l.conv->weight, op.stride, op.padding, p)
             : PimLinear(x, l.linear->weight, p);
  }
  *out = {l.alpha_out.item<double>(), bits.activation_bits};
  if (!l.bn.is_empty()) {
    y = l.bn->forward(y);
    if (mode_ != QuantMode::kFloat) y = Activation(y, l.alpha_bn, bits.activation_bits);
    *out = {l.alpha_bn.item<double>(), bits.activation_bits};
  }
  if (op.relu) y = torch::relu(y);
  if (op.kind == QuantOpKind::kLinear) y = Dropout(y, op.dropout);
  return y;
}

torch::Tensor QuantNetImpl::forward(torch::Tensor x) {
  TORCH_CHECK(x.dim() == 4 && x.size(1) == spec_.input_channels && x.size(2) == spec_.input_size &&
                  x.size(3) == spec_.input_size,
              "QuantNet ", spec_.name, ": want [N, ", spec_.input_channels, ", ", spec_.input_size,
              ", ", spec_.input_size, "], got ", x.sizes());
  Grid image{1.0, kImageInputBits};
  if (mode_ != QuantMode::kFloat) x = FakeQuantize(x, 1.0, kImageInputBits);
  std::vector<torch::Tensor> outs(spec_.ops.size());
  std::vector<Grid> grids(spec_.ops.size());
  for (size_t i = 0; i < spec_.ops.size(); ++i) {
    const QuantOp& op = spec_.ops[i];
    const auto input = [&](size_t k) -> std::pair<torch::Tensor, Grid> {
      const int p = op.inputs.empty() ? static_cast<int>(i) - 1 : op.inputs[k];
      return p < 0 ? std::make_pair(x, image) : std::make_pair(outs[p], grids[p]);
    };
    auto [in, grid] = input(0);
    switch (op.kind) {
      case QuantOpKind::kConv:
      case QuantOpKind::kLinear:
        outs[i] = RunLayer(static_cast<int>(i), in, grid, &grids[i]);
        break;
      case QuantOpKind::kMaxPool:
        outs[i] = torch::max_pool2d(in, 2, 2);
        grids[i] = grid;
        break;
      case QuantOpKind::kAvgPool:
        outs[i] = torch::adaptive_avg_pool2d(in, {op.output_size, op.output_size});
        grids[i] = {grid.alpha, GroupBits(op.bit_group).activation_bits};
        break;
      case QuantOpKind::kAdd: {
        auto [other, other_grid] = input(1);
        outs[i] = in + other;
        if (op.relu) outs[i] = torch::relu(outs[i]);
        grids[i] = {grid.alpha + other_grid.alpha, std::max(grid.bits, other_grid.bits)};
        break;
      }
      case QuantOpKind::kFlatten:
        outs[i] = in.flatten(1);
        grids[i] = grid;
        break;
    }
  }
  return outs.back();
}

absl::StatusOr<QuantNet> CreateQuantNet(const QuantNetSpec& spec, uint64_t init_seed) {
  RETURN_IF_ERROR(ValidateQuantNetSpec(spec));
  try {
    return QuantNet(spec, init_seed);
  } catch (const c10::Error& e) {
    return absl::InternalError(
        absl::StrCat("CreateQuantNet: LibTorch threw: ", e.what_without_backtrace()));
  }
}

absl::StatusOr<std::shared_ptr<QuantNetImpl>> AsQuantNet(Network& network, absl::string_view who) {
  std::shared_ptr<QuantNetImpl> q =
      network.is_empty() ? nullptr : std::dynamic_pointer_cast<QuantNetImpl>(network.ptr());
  if (q == nullptr) {
    return absl::FailedPreconditionError(
        absl::StrCat(who, ": the network is not a networks::crossnas::QuantNet"));
  }
  return q;
}

}  // namespace aimc::networks::crossnas
