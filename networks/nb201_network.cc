#include "networks/nb201_network.h"

#include <array>
#include <memory>
#include <utility>

#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/modulelist.h>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "common/validation.h"
#include "networks/layer_registry.h"
#include "networks/internal/conv_bn.h"

namespace aimc::networks {
namespace {

using nas::Op;

// One NB201 cell at width `channels` (§1.3): node j = sum over i < j of
// op_{i->j}(node i), summed in increasing i; the output is node 3. Only the
// nor_conv edges are modules ("edge_<src>_<dst>"), registered in cell-string
// order.
class CellImpl : public torch::nn::Module {
 public:
  CellImpl(const nas::Cell& cell, int64_t channels) : cell_(cell) {
    for (int slot = 0; slot < nas::kNumEdges; ++slot) {
      const int position = nas::kStringSlotPosition[slot];
      const Op op = cell.op(position);
      if (op != Op::kNorConv3x3 && op != Op::kNorConv1x1) continue;
      const nas::Edge edge = nas::kTupleEdges[position];
      const int kernel = op == Op::kNorConv3x3 ? 3 : 1;
      convs_[position] = register_module(
          absl::StrCat("edge_", edge.src, "_", edge.dst),
          internal::ConvBn(channels, channels, kernel, /*stride=*/1, /*padding=*/kernel / 2,
                           /*relu_first=*/true));
    }
  }

  torch::Tensor forward(const torch::Tensor& x) {
    std::array<torch::Tensor, nas::kNumNodes> nodes;
    nodes[0] = x;
    for (int dst = 1; dst < nas::kNumNodes; ++dst) {
      for (int src = 0; src < dst; ++src) {
        const torch::Tensor term = Edge(PositionOf(src, dst), nodes[src]);
        nodes[dst] = src == 0 ? term : nodes[dst] + term;
      }
    }
    return nodes[nas::kNumNodes - 1];
  }

 private:
  static int PositionOf(int src, int dst) {
    for (int k = 0; k < nas::kNumEdges; ++k) {
      if (nas::kTupleEdges[k].src == src && nas::kTupleEdges[k].dst == dst) return k;
    }
    AIMC_CHECK(false);
    return -1;
  }

  torch::Tensor Edge(int position, const torch::Tensor& x) {
    switch (cell_.op(position)) {
      case Op::kSkipConnect:
        return x;
      case Op::kNone:
        return x.mul(0.0);  // not zeros_like: 0·NaN = NaN, as in NASLib's Zero
      case Op::kAvgPool3x3:
        return torch::avg_pool2d(x, {3, 3}, {1, 1}, {1, 1}, /*ceil_mode=*/false,
                                 /*count_include_pad=*/false);
      case Op::kNorConv3x3:
      case Op::kNorConv1x1:
        return convs_[position]->forward(x);
    }
    AIMC_CHECK(false);
    return {};
  }

  nas::Cell cell_;
  std::array<std::shared_ptr<internal::ConvBnImpl>, nas::kNumEdges> convs_;  // null: no conv
};

TORCH_MODULE(Cell);

// The reduction block of §1.4: ReLUConvBN(3x3, stride 2) -> ReLUConvBN(3x3)
// plus the residual AvgPool2d(2, 2) -> Conv1x1 (no BN).
class ReductionImpl : public LayerHost {
 public:
  ReductionImpl(int64_t in_channels, int64_t out_channels)
      : conv_a_(register_module("conv_a", internal::ConvBn(in_channels, out_channels, 3,
                                                           /*stride=*/2, /*padding=*/1,
                                                           /*relu_first=*/true))),
        conv_b_(register_module("conv_b", internal::ConvBn(out_channels, out_channels, 3,
                                                           /*stride=*/1, /*padding=*/1,
                                                           /*relu_first=*/true))),
        downsample_(AddLayer("downsample", ConvSpec(in_channels, out_channels, 1, 1, 0,
                                                    /*bias=*/false))) {}

  torch::Tensor forward(const torch::Tensor& x) {
    const torch::Tensor block = conv_b_(conv_a_(x));
    const torch::Tensor residual = CallLayer(downsample_, torch::avg_pool2d(x, {2, 2}, {2, 2}));
    return residual + block;
  }

 private:
  internal::ConvBn conv_a_;
  internal::ConvBn conv_b_;
  int downsample_;
};

TORCH_MODULE(Reduction);

}  // namespace

absl::Status ValidateNb201Config(const Nb201Config& config) {
  RETURN_IF_ERROR(CheckRange("Nb201Config.stem_channels", config.stem_channels, 1, 1024));
  RETURN_IF_ERROR(CheckRange("Nb201Config.cells_per_stage", config.cells_per_stage, 1, 64));
  RETURN_IF_ERROR(CheckRange("Nb201Config.num_classes", config.num_classes, 1, 100000));
  RETURN_IF_ERROR(CheckRange("Nb201Config.input_channels", config.input_channels, 1, 64));
  return absl::OkStatus();
}

Nb201NetworkImpl::Nb201NetworkImpl(const nas::Cell& cell, const Nb201Config& config)
    : NetworkImpl(config.input_channels, config.num_classes), cell_(cell), config_(config) {
  AIMC_CHECK(ValidateNb201Config(config).ok());
  int64_t width = config.stem_channels;
  stem_ = torch::nn::AnyModule(register_module(
      "stem", internal::ConvBn(config.input_channels, width, 3, /*stride=*/1, /*padding=*/1,
                               /*relu_first=*/false)));
  auto cells = register_module("cells", torch::nn::ModuleList());
  for (int stage = 0; stage < 3; ++stage) {
    if (stage > 0) {
      Reduction reduction(width, 2 * width);
      cells->push_back(reduction);
      body_.emplace_back(reduction);
      width *= 2;
    }
    for (int i = 0; i < config.cells_per_stage; ++i) {
      Cell module(cell, width);
      cells->push_back(module);
      body_.emplace_back(module);
    }
  }
  head_bn_ = torch::nn::AnyModule(register_module("head_bn", torch::nn::BatchNorm2d(width)));
  classifier_ = AddLayer("classifier", LinearSpec(width, config.num_classes));
  AIMC_CHECK(InitializeLayers(*this, config.init_seed).ok());
}

torch::Tensor Nb201NetworkImpl::forward(torch::Tensor x) {
  x = stem_.forward(x);
  for (torch::nn::AnyModule& module : body_) x = module.forward(x);
  x = torch::relu(head_bn_.forward(x));
  x = torch::adaptive_avg_pool2d(x, {1, 1}).flatten(1);
  return CallLayer(classifier_, x);
}

absl::StatusOr<Nb201Network> CreateNb201Network(const nas::Cell& cell,
                                                const Nb201Config& config) {
  RETURN_IF_ERROR(ValidateNb201Config(config));
  try {
    return Nb201Network(cell, config);
  } catch (const c10::Error& e) {
    return absl::InternalError(
        absl::StrCat("CreateNb201Network: LibTorch threw: ", e.what_without_backtrace()));
  }
}

absl::StatusOr<Nb201Network> CreateNb201Network(absl::string_view cell,
                                                const Nb201Config& config) {
  ASSIGN_OR_RETURN(const nas::Cell parsed, nas::ParseCell(cell));
  return CreateNb201Network(parsed, config);
}

}  // namespace aimc::networks
