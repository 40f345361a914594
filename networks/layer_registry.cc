#include "networks/layer_registry.h"

#include <cmath>
#include <utility>

#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/types/span.h"
#include "common/random.h"

namespace aimc::networks {

absl::string_view LayerKindName(LayerKind kind) {
  return kind == LayerKind::kConv2d ? "conv2d" : "linear";
}

std::vector<int64_t> LayerSpec::WeightShape() const {
  if (kind == LayerKind::kLinear) return {out_features, in_features};
  return {out_features, in_features, kernel_size, kernel_size};
}

int64_t LayerSpec::FanIn() const {
  return kind == LayerKind::kLinear ? in_features
                                    : in_features * kernel_size * kernel_size;
}

int64_t LayerSpec::ParamCount() const { return out_features * FanIn() + (bias ? out_features : 0); }

LayerSpec ConvSpec(int64_t in_channels, int64_t out_channels, int kernel_size, int stride,
                   int padding, bool bias) {
  return LayerSpec{.kind = LayerKind::kConv2d,
                   .in_features = in_channels,
                   .out_features = out_channels,
                   .kernel_size = kernel_size,
                   .stride = stride,
                   .padding = padding,
                   .bias = bias};
}

LayerSpec LinearSpec(int64_t in_features, int64_t out_features, bool bias) {
  return LayerSpec{.kind = LayerKind::kLinear,
                   .in_features = in_features,
                   .out_features = out_features,
                   .bias = bias};
}

int LayerHost::AddLayer(std::string name, const LayerSpec& spec) {
  torch::nn::AnyModule module;
  if (spec.kind == LayerKind::kConv2d) {
    module = torch::nn::AnyModule(torch::nn::Conv2d(
        torch::nn::Conv2dOptions(spec.in_features, spec.out_features, spec.kernel_size)
            .stride(spec.stride)
            .padding(spec.padding)
            .bias(spec.bias)));
  } else {
    module = torch::nn::AnyModule(torch::nn::Linear(
        torch::nn::LinearOptions(spec.in_features, spec.out_features).bias(spec.bias)));
  }
  register_module(name, module.ptr());
  slots_.push_back(Slot{.name = std::move(name), .spec = spec, .module = std::move(module)});
  return static_cast<int>(slots_.size()) - 1;
}

torch::Tensor LayerHost::CallLayer(int index, const torch::Tensor& x) {
  Slot& slot = slots_[index];
  torch::Tensor y = slot.module.forward(x);
  if (tracing_ && y.dim() > 0 && y.size(0) > 0) {
    // Every output element is one dot product of FanIn() terms.
    slot.traced_macs += y.numel() / y.size(0) * slot.spec.FanIn();
  }
  return y;
}

void LayerHost::SetLayerHasBias(int index) { slots_[index].spec.bias = true; }

// The free functions' view of a host's slots.
struct LayerHostAccess {
  using Slot = LayerHost::Slot;

  struct Entry {
    std::string name;
    LayerHost* host;
    Slot* slot;
  };

  // Every layer under `root`, in ListLayers order.
  static std::vector<Entry> Entries(torch::nn::Module& root) {
    std::vector<Entry> entries;
    Walk(root, "", entries);
    return entries;
  }

  // Children in registration order; a host's layers are leaves (a
  // replacement's own submodules are not layers).
  static void Walk(torch::nn::Module& module, const std::string& prefix,
                   std::vector<Entry>& entries) {
    auto* host = dynamic_cast<LayerHost*>(&module);
    for (const auto& child : module.named_children()) {
      std::string path = prefix.empty() ? child.key() : absl::StrCat(prefix, ".", child.key());
      Slot* slot = host == nullptr ? nullptr : FindSlot(*host, child.key());
      if (slot != nullptr) {
        entries.push_back(Entry{std::move(path), host, slot});
      } else {
        Walk(*child.value(), path, entries);
      }
    }
  }

  static Slot* FindSlot(LayerHost& host, const std::string& name) {
    for (Slot& slot : host.slots_) {
      if (slot.name == name) return &slot;
    }
    return nullptr;
  }

  static void SetTracing(torch::nn::Module& root, bool on) {
    for (const Entry& entry : Entries(root)) {
      entry.host->tracing_ = on;
      entry.slot->traced_macs = 0;
    }
  }
};

std::vector<LayerInfo> ListLayers(torch::nn::Module& root) {
  std::vector<LayerInfo> layers;
  for (const auto& entry : LayerHostAccess::Entries(root)) {
    layers.push_back(LayerInfo{entry.name, entry.slot->spec, entry.slot->module.ptr()});
  }
  return layers;
}

absl::Status ReplaceLayer(torch::nn::Module& root, absl::string_view name,
                          torch::nn::AnyModule replacement) {
  if (replacement.is_empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("ReplaceLayer: replacement for '", name, "' is an empty AnyModule"));
  }
  const auto entries = LayerHostAccess::Entries(root);
  for (const auto& entry : entries) {
    if (entry.name != name) continue;
    entry.host->replace_module(entry.slot->name, replacement.ptr());
    entry.slot->module = std::move(replacement);
    return absl::OkStatus();
  }
  std::vector<absl::string_view> names;
  for (const auto& entry : entries) names.push_back(entry.name);
  return absl::NotFoundError(absl::StrCat("ReplaceLayer: no layer named '", name, "' (", names.size(),
                                          " layers: ", absl::StrJoin(names, ", "), ")"));
}

namespace {

// t = U(-bound, bound) from `stream`. REQUIRES: t float32, contiguous, on the CPU.
void FillUniform(const RandomStream& stream, float bound, torch::Tensor& t) {
  const absl::Span<float> values(t.data_ptr<float>(), t.numel());
  stream.FillUniform(0, values);
  for (float& v : values) v = bound * (2 * v - 1);
}

bool IsPlainCpuFloat(const torch::Tensor& t) {
  return t.defined() && t.scalar_type() == torch::kFloat && t.device().is_cpu() &&
         t.is_contiguous();
}

}  // namespace

absl::Status InitializeLayers(torch::nn::Module& root, uint64_t seed) {
  const std::vector<LayerInfo> layers = ListLayers(root);
  torch::NoGradGuard no_grad;
  for (size_t i = 0; i < layers.size(); ++i) {
    const LayerInfo& layer = layers[i];
    torch::Tensor weight, bias;
    if (auto conv = std::dynamic_pointer_cast<torch::nn::Conv2dImpl>(layer.module)) {
      weight = conv->weight;
      bias = conv->bias;
    } else if (auto linear = std::dynamic_pointer_cast<torch::nn::LinearImpl>(layer.module)) {
      weight = linear->weight;
      bias = linear->bias;
    } else {
      return absl::FailedPreconditionError(absl::StrCat(
          "InitializeLayers: layer '", layer.name, "' has been replaced by a module that is neither "
          "torch::nn::Conv2d nor torch::nn::Linear"));
    }
    if (!IsPlainCpuFloat(weight) || (bias.defined() && !IsPlainCpuFloat(bias))) {
      return absl::FailedPreconditionError(absl::StrCat(
          "InitializeLayers: layer '", layer.name, "' must be contiguous float32 on the CPU"));
    }
    const RandomStream stream(StreamKey{.seed = seed, .entity = static_cast<uint32_t>(i)});
    const float bound = 1.0f / std::sqrt(static_cast<float>(layer.spec.FanIn()));
    FillUniform(stream.WithDraw(0), bound, weight);
    if (bias.defined()) FillUniform(stream.WithDraw(1), bound, bias);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<LayerMacs>> CountLayerMacs(torch::nn::Module& root,
                                                      absl::FunctionRef<void()> forward) {
  LayerHostAccess::SetTracing(root, true);
  try {
    forward();
  } catch (const c10::Error& e) {
    LayerHostAccess::SetTracing(root, false);
    return absl::InvalidArgumentError(
        absl::StrCat("CountLayerMacs: forward failed: ", e.what_without_backtrace()));
  }
  std::vector<LayerMacs> macs;
  for (const auto& entry : LayerHostAccess::Entries(root)) {
    macs.push_back(LayerMacs{entry.name, entry.slot->spec, entry.slot->traced_macs});
  }
  LayerHostAccess::SetTracing(root, false);
  return macs;
}

}  // namespace aimc::networks
