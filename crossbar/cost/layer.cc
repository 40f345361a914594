#include "crossbar/cost/layer.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

namespace aimc::crossbar::cost {
namespace {

absl::Status FieldError(const Layer& layer, int index, absl::string_view field,
                        absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("layer ", index, " '", layer.name, "' (",
                                                 LayerKindName(layer.kind), "): ", field, ": ",
                                                 what));
}

absl::Status CheckAtLeast(const Layer& layer, int index, absl::string_view field, int value,
                          int lo) {
  if (value >= lo) return absl::OkStatus();
  return FieldError(layer, index, field, absl::StrCat("must be >= ", lo, ", got ", value));
}

absl::Status CheckBits(const Layer& layer, int index, absl::string_view field, int value) {
  if (value >= 1 && value <= 16) return absl::OkStatus();
  return FieldError(layer, index, field, absl::StrCat("must be 1..16, got ", value));
}

absl::Status ValidateShape(const Layer& l, int i) {
  RETURN_IF_ERROR(CheckAtLeast(l, i, "in_channels", l.in_channels, 1));
  RETURN_IF_ERROR(CheckAtLeast(l, i, "out_channels", l.out_channels, 1));
  RETURN_IF_ERROR(CheckAtLeast(l, i, "kernel", l.kernel, 1));
  RETURN_IF_ERROR(CheckAtLeast(l, i, "stride", l.stride, 1));
  RETURN_IF_ERROR(CheckAtLeast(l, i, "pad", l.pad, 0));
  RETURN_IF_ERROR(CheckAtLeast(l, i, "in_height", l.in_height, 1));
  RETURN_IF_ERROR(CheckAtLeast(l, i, "in_width", l.in_width, 1));
  if (l.pad >= l.kernel) {
    return FieldError(l, i, "pad", absl::StrCat("must be < kernel (", l.kernel, "), got ", l.pad));
  }
  if (l.in_height + 2 * l.pad < l.kernel || l.in_width + 2 * l.pad < l.kernel) {
    return FieldError(l, i, "kernel",
                      absl::StrCat("window ", l.kernel, " larger than the padded input ",
                                   l.in_height, "x", l.in_width, " (pad ", l.pad, ")"));
  }
  if ((l.kind == LayerKind::kPool || l.kind == LayerKind::kElementSum) &&
      l.out_channels != l.in_channels) {
    return FieldError(l, i, "out_channels", "must equal in_channels");
  }
  if (l.kind == LayerKind::kElementSum && l.inputs.size() < 2) {
    return FieldError(l, i, "inputs", "element_sum needs >= 2 producers");
  }
  RETURN_IF_ERROR(CheckBits(l, i, "bits.weight_bits", l.bits.weight_bits));
  RETURN_IF_ERROR(CheckBits(l, i, "bits.input_bits", l.bits.input_bits));
  return CheckBits(l, i, "bits.output_bits", l.bits.output_bits);
}

absl::Status ValidateProducer(const Network& net, int i, int p) {
  const Layer& l = net.layers[i];
  if (p < 0 || p >= i) {
    return FieldError(l, i, "inputs", absl::StrCat("producer ", p, " is not an earlier layer"));
  }
  const Layer& q = net.layers[p];
  if (l.kind == LayerKind::kFc) {
    const int flat = q.out_channels * q.OutputPixels();
    if (flat == l.in_channels) return absl::OkStatus();
    return FieldError(
        l, i, "in_channels",
        absl::StrCat("producer '", q.name, "' gives ", flat, " features, got ", l.in_channels));
  }
  if (q.kind == LayerKind::kFc || q.out_channels != l.in_channels || q.OutHeight() != l.in_height ||
      q.OutWidth() != l.in_width) {
    return FieldError(l, i, "inputs",
                      absl::StrCat("producer '", q.name, "' gives ", q.out_channels, "x",
                                   q.OutHeight(), "x", q.OutWidth(), ", layer expects ",
                                   l.in_channels, "x", l.in_height, "x", l.in_width));
  }
  return absl::OkStatus();
}

}  // namespace

absl::string_view LayerKindName(LayerKind kind) {
  switch (kind) {
    case LayerKind::kConv:
      return "conv";
    case LayerKind::kFc:
      return "fc";
    case LayerKind::kPool:
      return "pooling";
    case LayerKind::kElementSum:
      return "element_sum";
  }
  return "?";
}

int Layer::OutHeight() const {
  if (kind == LayerKind::kFc) return 1;
  return (in_height + 2 * pad - kernel) / stride + 1;
}

int Layer::OutWidth() const {
  if (kind == LayerKind::kFc) return 1;
  return (in_width + 2 * pad - kernel) / stride + 1;
}

Layer Conv(std::string name, int in_channels, int out_channels, int kernel, int stride, int pad,
           int in_height, int in_width, LayerBits bits, std::vector<int> inputs) {
  return Layer{
      std::move(name), LayerKind::kConv, in_channels, out_channels, kernel,           stride, pad,
      in_height,       in_width,         false,       bits,         std::move(inputs)};
}

Layer Fc(std::string name, int in_features, int out_features, LayerBits bits,
         std::vector<int> inputs) {
  return Layer{std::move(name), LayerKind::kFc, in_features,      out_features, 1, 1, 0, 1, 1,
               false,           bits,           std::move(inputs)};
}

Layer Pool(std::string name, int channels, int kernel, int stride, int pad, int in_height,
           int in_width, LayerBits bits, std::vector<int> inputs) {
  return Layer{std::move(name), LayerKind::kPool, channels, channels, kernel,           stride, pad,
               in_height,       in_width,         false,    bits,     std::move(inputs)};
}

Layer AdaptivePool(std::string name, int channels, int out, int in_height, int in_width,
                   LayerBits bits, std::vector<int> inputs) {
  const int stride = out > 0 && in_height >= out ? in_height / out : 1;
  const int kernel = in_height - (out - 1) * stride;
  Layer l = Pool(std::move(name), channels, kernel, stride, 0, in_height, in_width, bits,
                 std::move(inputs));
  l.adaptive = true;
  return l;
}

Layer ElementSum(std::string name, int channels, int height, int width, LayerBits bits,
                 std::vector<int> inputs) {
  return Layer{std::move(name),
               LayerKind::kElementSum,
               channels,
               channels,
               1,
               1,
               0,
               height,
               width,
               false,
               bits,
               std::move(inputs)};
}

absl::Status Validate(const Network& net) {
  if (net.layers.empty()) return absl::InvalidArgumentError("network: has no layers");
  for (int i = 0; i < static_cast<int>(net.layers.size()); ++i) {
    const Layer& l = net.layers[i];
    RETURN_IF_ERROR(ValidateShape(l, i));
    if (l.kind == LayerKind::kFc && l.inputs.empty() && l.in_channels <= 0) {
      return FieldError(l, i, "in_channels", "must be >= 1");
    }
    for (int p : l.inputs) RETURN_IF_ERROR(ValidateProducer(net, i, p));
  }
  return absl::OkStatus();
}

}  // namespace aimc::crossbar::cost
