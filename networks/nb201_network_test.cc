#include "networks/nb201_network.h"

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>
#include <torch/types.h>
#include <torch/utils.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/random.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nas/cell.h"
#include "nas/cell_graph.h"
#include "networks/layer_registry.h"
#include "networks/network.h"

namespace aimc::networks {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using nas::Cell;
using nas::Op;

Cell MustParse(absl::string_view text) {
  absl::StatusOr<Cell> cell = nas::ParseCell(text);
  EXPECT_TRUE(cell.ok()) << cell.status();
  return cell.value_or(Cell());
}

Nb201Network MustCreate(const Cell& cell, const Nb201Config& config = {}) {
  absl::StatusOr<Nb201Network> net = CreateNb201Network(cell, config);
  EXPECT_TRUE(net.ok()) << net.status();
  return *std::move(net);
}

// nas_spec.md §1.5 (C, N, K general form) plus the stem's 9·C weights per
// input channel beyond 3.
int64_t ExpectedParams(const Cell& cell, const Nb201Config& config) {
  return nas::ParamCount(cell, {.stem_channels = config.stem_channels,
                                .cells_per_stage = config.cells_per_stage,
                                .num_classes = config.num_classes}) +
         9 * int64_t{config.stem_channels} * (config.input_channels - 3);
}

// MACs per image at height x width (multiples of 4), walking §1.4: at stage s
// (width 2^s·C, hw/4^s pixels) a k x k edge costs k²·C²·hw whatever s; each
// reduction block costs (4.5 + 9 + 0.5)·C²·hw; stem 9·in·C·hw; head 4C·K.
int64_t ExpectedMacs(const Cell& cell, const Nb201Config& config, int height, int width) {
  const int64_t c = config.stem_channels, hw = int64_t{height} * width;
  const int64_t per_cell = 9 * cell.CountOp(Op::kNorConv3x3) + cell.CountOp(Op::kNorConv1x1);
  return 9 * config.input_channels * c * hw + 28 * c * c * hw + 4 * c * config.num_classes +
         3 * config.cells_per_stage * per_cell * c * c * hw;
}

// A cell with n3 3x3 and n1 1x1 edges; the other edges cycle through skip,
// none and pool so all ops appear.
Cell CellWith(int n3, int n1) {
  std::array<Op, nas::kNumEdges> ops;
  const Op fillers[] = {Op::kSkipConnect, Op::kNone, Op::kAvgPool3x3};
  for (int k = 0; k < nas::kNumEdges; ++k) {
    ops[k] = k < n3 ? Op::kNorConv3x3 : k < n3 + n1 ? Op::kNorConv1x1 : fillers[(k + n3) % 3];
  }
  return Cell(ops);
}

TEST(Nb201NetworkTest, KnownParameterCounts) {
  // nas_spec.md §1.5: NB201's published CIFAR-10 minimum and maximum, the best
  // CIFAR-10 cell and the README example.
  EXPECT_EQ(MustCreate(MustParse("(1,1,1,1,1,1)"))->ParamCount(), 73306);
  EXPECT_EQ(MustCreate(MustParse("(0,0,0,0,0,0)"))->ParamCount(), 73306);
  EXPECT_EQ(MustCreate(MustParse("(4,4,4,4,4,4)"))->ParamCount(), 73306);
  EXPECT_EQ(MustCreate(MustParse("(2,2,2,2,2,2)"))->ParamCount(), 1531546);
  EXPECT_EQ(MustCreate(MustParse("(2,2,0,2,2,3)"))->ParamCount(), 1073466);
  EXPECT_EQ(MustCreate(MustParse("(0,0,0,4,3,2)"))->ParamCount(), 344346);
}

TEST(Nb201NetworkTest, MacsOfTheExtremeCells) {
  // NB201 reports 7.78 M FLOPs for its smallest CIFAR-10 network: its counter
  // adds one per bias output (10 here) to these MACs.
  absl::StatusOr<int64_t> none = MustCreate(MustParse("(1,1,1,1,1,1)"))->MacCount(32, 32);
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_EQ(*none, 7783040);
  absl::StatusOr<int64_t> all_3x3 = MustCreate(MustParse("(2,2,2,2,2,2)"))->MacCount(32, 32);
  ASSERT_TRUE(all_3x3.ok()) << all_3x3.status();
  EXPECT_EQ(*all_3x3, 220119680);
}

// The count depends on (n3, n1) only: all 28 pairs at the benchmark's scale.
TEST(Nb201NetworkTest, ParamsAndMacsMatchClosedFormsForEveryN3N1) {
  const Nb201Config config;
  for (int n3 = 0; n3 <= nas::kNumEdges; ++n3) {
    for (int n1 = 0; n3 + n1 <= nas::kNumEdges; ++n1) {
      const Cell cell = CellWith(n3, n1);
      Nb201Network net = MustCreate(cell, config);
      EXPECT_EQ(net->ParamCount(), ExpectedParams(cell, config)) << cell;
      EXPECT_EQ(net->MacCount(32, 32).value_or(-1), ExpectedMacs(cell, config, 32, 32)) << cell;
    }
  }
}

TEST(Nb201NetworkTest, ParamsAndMacsMatchClosedFormsOnRandomCells) {
  constexpr int kSamples = 16;
  std::array<uint32_t, kSamples> bits;
  RandomStream(StreamKey{.seed = 2024}).FillBits(0, absl::MakeSpan(bits));
  const Nb201Config config;
  for (uint32_t b : bits) {
    const Cell cell = nas::AllCells()[b % nas::kNumCells];
    Nb201Network net = MustCreate(cell, config);
    EXPECT_EQ(net->ParamCount(), ExpectedParams(cell, config)) << cell;
    EXPECT_EQ(net->MacCount(32, 32).value_or(-1), ExpectedMacs(cell, config, 32, 32)) << cell;
  }
}

// The general C, N, K form on every cell, at a scale that builds fast, with one
// input channel (Fashion-MNIST) and a non-square image.
TEST(Nb201NetworkTest, GeneralParamFormOnAllCells) {
  const Nb201Config config{
      .stem_channels = 2, .cells_per_stage = 1, .num_classes = 3, .input_channels = 1};
  for (const Cell& cell : nas::AllCells()) {
    Nb201Network net = MustCreate(cell, config);
    ASSERT_EQ(net->ParamCount(), ExpectedParams(cell, config)) << cell;
  }
  const Cell cell = CellWith(2, 3);
  const Nb201Config wide{
      .stem_channels = 6, .cells_per_stage = 2, .num_classes = 7, .input_channels = 1};
  EXPECT_EQ(MustCreate(cell, wide)->ParamCount(), ExpectedParams(cell, wide));
  EXPECT_EQ(MustCreate(cell, wide)->MacCount(28, 12).value_or(-1),
            ExpectedMacs(cell, wide, 28, 12));
}

TEST(Nb201NetworkTest, ForwardShapes) {
  const Cell cell = MustParse("(2,2,0,2,2,3)");
  torch::NoGradGuard no_grad;
  EXPECT_THAT(MustCreate(cell)->forward(torch::randn({4, 3, 32, 32})).sizes(), ElementsAre(4, 10));
  // Fashion-MNIST: one channel, 28x28.
  Nb201Network gray = MustCreate(cell, {.input_channels = 1});
  EXPECT_THAT(gray->forward(torch::randn({2, 1, 28, 28})).sizes(), ElementsAre(2, 10));
  EXPECT_EQ(gray->input_channels(), 1);
  Nb201Network small = MustCreate(cell, {.stem_channels = 8, .cells_per_stage = 1,
                                         .num_classes = 100});
  EXPECT_THAT(small->forward(torch::randn({3, 3, 32, 32})).sizes(), ElementsAre(3, 100));
  EXPECT_EQ(small->num_classes(), 100);
  EXPECT_EQ(small->cell(), cell);
}

TEST(Nb201NetworkTest, StringAndTupleGiveTheSameNetwork) {
  absl::StatusOr<Nb201Network> from_string = CreateNb201Network(
      "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|"
      "nor_conv_1x1~2|");
  ASSERT_TRUE(from_string.ok()) << from_string.status();
  EXPECT_EQ((*from_string)->cell(), MustParse("(2,2,0,2,2,3)"));
  EXPECT_EQ((*from_string)->ParamCount(), 1073466);
}

TEST(Nb201NetworkTest, ErrorsNameTheProblem) {
  const absl::Status bad_op =
      CreateNb201Network("|nor_conv_5x5~0|+|none~0|none~1|+|none~0|none~1|none~2|").status();
  EXPECT_EQ(bad_op.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(bad_op.message(), HasSubstr("nor_conv_5x5"));
  EXPECT_EQ(CreateNb201Network("(0,0,0,0,0,9)").status().code(),
            absl::StatusCode::kInvalidArgument);

  const Cell cell;
  const auto message = [&](const Nb201Config& config) {
    const absl::Status status = CreateNb201Network(cell, config).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
    return std::string(status.message());
  };
  EXPECT_THAT(message({.stem_channels = 0}), HasSubstr("Nb201Config.stem_channels"));
  EXPECT_THAT(message({.cells_per_stage = 0}), HasSubstr("Nb201Config.cells_per_stage"));
  EXPECT_THAT(message({.num_classes = 0}), HasSubstr("Nb201Config.num_classes"));
  EXPECT_THAT(message({.input_channels = 0}), HasSubstr("Nb201Config.input_channels"));
  EXPECT_THAT(message({.stem_channels = -3}), HasSubstr("got -3"));

  Nb201Network net = MustCreate(cell, {.stem_channels = 4, .cells_per_stage = 1});
  // 30 -> 15 -> 8 after the stride-2 conv, but 7 after the 2x2 pool.
  EXPECT_EQ(net->MacCount(30, 30).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(net->MacCount(0, 32).status().code(), absl::StatusCode::kInvalidArgument);
}

// §1.6: with every edge `none` each cell outputs 0·x, so the logits do not
// depend on the image (in both BN modes); 0·NaN = NaN still propagates.
TEST(Nb201NetworkTest, AllNoneCellIgnoresTheInputButNotNaN) {
  Nb201Network net = MustCreate(MustParse("(1,1,1,1,1,1)"));
  torch::NoGradGuard no_grad;
  for (bool training : {false, true}) {
    net->train(training);
    const torch::Tensor a = net->forward(torch::randn({4, 3, 32, 32}));
    const torch::Tensor b = net->forward(10 * torch::randn({4, 3, 32, 32}));
    EXPECT_TRUE(torch::equal(a, b)) << "training " << training;
    EXPECT_TRUE(torch::equal(a, a[0].expand_as(a))) << "training " << training;
  }
  net->eval();
  torch::Tensor x = torch::randn({1, 3, 32, 32});
  x[0][0][5][5] = std::numeric_limits<float>::quiet_NaN();
  EXPECT_TRUE(torch::isnan(net->forward(x)).all().item<bool>());
}

TEST(Nb201NetworkTest, InitialWeightsDependOnTheSeedOnly) {
  const Cell cell = MustParse("(0,0,0,4,3,2)");
  const Nb201Config config{.stem_channels = 8, .cells_per_stage = 2, .init_seed = 3};
  torch::manual_seed(1);
  Nb201Network a = MustCreate(cell, config);
  torch::manual_seed(2);
  Nb201Network b = MustCreate(cell, config);
  Nb201Config other = config;
  other.init_seed = 4;
  Nb201Network c = MustCreate(cell, other);
  const auto pb = b->named_parameters(), pc = c->named_parameters();
  for (const auto& item : a->named_parameters()) {
    EXPECT_TRUE(torch::equal(item.value(), pb[item.key()])) << item.key();
    if (item.key().find(".bn.") == std::string::npos && item.key().find("_bn.") == std::string::npos) {
      EXPECT_FALSE(torch::equal(item.value(), pc[item.key()])) << item.key();
    }
  }
}

TEST(Nb201NetworkTest, ListsLayersByName) {
  Nb201Network net = MustCreate(MustParse("(0,0,0,4,3,2)"));
  const std::vector<LayerInfo> layers = ListLayers(*net);
  // Stem, 15 cells x (1x1 on 1->3, 3x3 on 2->3), 2 x 3 in the reductions, head.
  ASSERT_EQ(layers.size(), 38u);
  std::vector<std::string> first;
  for (int i = 0; i < 4; ++i) first.push_back(layers[i].name);
  EXPECT_THAT(first, ElementsAre("stem.conv", "cells.0.edge_1_3.conv", "cells.0.edge_2_3.conv",
                                 "cells.1.edge_1_3.conv"));
  EXPECT_EQ(layers[11].name, "cells.5.conv_a.conv");
  EXPECT_EQ(layers[13].name, "cells.5.downsample");
  EXPECT_EQ(layers.back().name, "classifier");
  EXPECT_THAT(layers[1].spec.WeightShape(), ElementsAre(16, 16, 1, 1));
  EXPECT_THAT(layers[2].spec.WeightShape(), ElementsAre(16, 16, 3, 3));
  EXPECT_THAT(layers[11].spec.WeightShape(), ElementsAre(32, 16, 3, 3));
  EXPECT_EQ(layers[11].spec.stride, 2);
  EXPECT_THAT(layers.back().spec.WeightShape(), ElementsAre(10, 64));
  int64_t layer_params = 0;
  for (const LayerInfo& layer : layers) {
    layer_params += layer.spec.ParamCount();
    EXPECT_EQ(layer.spec.kind, &layer == &layers.back() ? LayerKind::kLinear : LayerKind::kConv2d);
  }
  // Everything else is BatchNorm: 2 parameters per channel.
  // Channels: stem 16, two convs per cell at 16/32/64, two per reduction, head 64.
  EXPECT_EQ(net->ParamCount() - layer_params,
            2 * (16 + 2 * 5 * (16 + 32 + 64) + 2 * 32 + 2 * 64 + 64));
}

// Swapping every conv and linear layer for a copy with the same weights (as
// the analog conversion will swap them) leaves the output unchanged.
TEST(Nb201NetworkTest, ReplacingEveryLayerByAnEqualCopyKeepsTheOutput) {
  Nb201Network net = MustCreate(MustParse("(2,2,0,2,2,3)"),
                                {.stem_channels = 8, .cells_per_stage = 2});
  net->eval();
  torch::NoGradGuard no_grad;
  const torch::Tensor x = torch::randn({2, 3, 32, 32});
  const torch::Tensor before = net->forward(x);
  for (const LayerInfo& layer : ListLayers(*net)) {
    torch::nn::AnyModule copy;
    if (layer.spec.kind == LayerKind::kConv2d) {
      auto old = std::dynamic_pointer_cast<torch::nn::Conv2dImpl>(layer.module);
      torch::nn::Conv2d conv(torch::nn::Conv2dOptions(layer.spec.in_features,
                                                      layer.spec.out_features,
                                                      layer.spec.kernel_size)
                                 .stride(layer.spec.stride)
                                 .padding(layer.spec.padding)
                                 .bias(false));
      conv->weight.copy_(old->weight);
      copy = torch::nn::AnyModule(conv);
    } else {
      auto old = std::dynamic_pointer_cast<torch::nn::LinearImpl>(layer.module);
      torch::nn::Linear linear(layer.spec.in_features, layer.spec.out_features);
      linear->weight.copy_(old->weight);
      linear->bias.copy_(old->bias);
      copy = torch::nn::AnyModule(linear);
    }
    const torch::nn::Module* fresh = copy.ptr().get();
    ASSERT_TRUE(ReplaceLayer(*net, layer.name, std::move(copy)).ok()) << layer.name;
    EXPECT_EQ(net->named_modules()[layer.name].get(), fresh);
  }
  EXPECT_TRUE(torch::equal(net->forward(x), before));
  // And a layer that computes something else changes it.
  ASSERT_TRUE(ReplaceLayer(*net, "cells.3.edge_0_1.conv",
                           torch::nn::AnyModule(torch::nn::Conv2d(
                               torch::nn::Conv2dOptions(16, 16, 3).padding(1).bias(false))))
                  .ok());
  EXPECT_FALSE(torch::equal(net->forward(x), before));
}

// An independent forward of nas_spec.md §1.3-1.4 over the network's own
// parameters and buffers, written with torch's functional ops.
torch::Tensor ReferenceForward(Nb201NetworkImpl& net, const torch::Tensor& x, bool training) {
  auto p = net.named_parameters();
  auto buffers = net.named_buffers();
  const auto bn = [&](const torch::Tensor& t, const std::string& name) {
    // Clones: the reference must not update the network's running statistics.
    return torch::batch_norm(t, p[name + ".weight"], p[name + ".bias"],
                             buffers[name + ".running_mean"].clone(),
                             buffers[name + ".running_var"].clone(), training, 0.1, 1e-5,
                             /*cudnn_enabled=*/false);
  };
  const auto conv = [&](const torch::Tensor& t, const std::string& name, int64_t stride,
                        int64_t padding) {
    return torch::conv2d(t, p[name + ".weight"], {}, stride, padding);
  };
  const auto relu_conv_bn = [&](const torch::Tensor& t, const std::string& name, int64_t stride,
                                int64_t padding) {
    return bn(conv(torch::relu(t), name + ".conv", stride, padding), name + ".bn");
  };
  torch::Tensor h = bn(conv(x, "stem.conv", 1, 1), "stem.bn");
  int index = 0;
  for (int stage = 0; stage < 3; ++stage) {
    if (stage > 0) {
      const std::string pre = absl::StrCat("cells.", index++, ".");
      const torch::Tensor a = relu_conv_bn(h, pre + "conv_a", 2, 1);
      const torch::Tensor b = relu_conv_bn(a, pre + "conv_b", 1, 1);
      h = conv(torch::avg_pool2d(h, {2, 2}, {2, 2}), pre + "downsample", 1, 0) + b;
    }
    for (int n = 0; n < net.config().cells_per_stage; ++n) {
      const std::string pre = absl::StrCat("cells.", index++, ".");
      std::array<torch::Tensor, 4> node;
      node[0] = h;
      for (int dst = 1; dst < 4; ++dst) {
        for (int src = 0; src < dst; ++src) {
          int position = 0;
          while (nas::kTupleEdges[position].src != src || nas::kTupleEdges[position].dst != dst) {
            ++position;
          }
          const std::string name = absl::StrCat(pre, "edge_", src, "_", dst);
          torch::Tensor t;
          switch (net.cell().op(position)) {
            case Op::kSkipConnect: t = node[src]; break;
            case Op::kNone: t = node[src] * 0.0; break;
            case Op::kAvgPool3x3:
              t = torch::avg_pool2d(node[src], {3, 3}, {1, 1}, {1, 1}, false,
                                    /*count_include_pad=*/false);
              break;
            case Op::kNorConv3x3: t = relu_conv_bn(node[src], name, 1, 1); break;
            case Op::kNorConv1x1: t = relu_conv_bn(node[src], name, 1, 0); break;
          }
          node[dst] = src == 0 ? t : node[dst] + t;
        }
      }
      h = node[3];
    }
  }
  h = torch::relu(bn(h, "head_bn")).mean({2, 3});
  return torch::linear(h, p["classifier.weight"], p["classifier.bias"]);
}

TEST(Nb201NetworkTest, MatchesAnIndependentForwardOfTheSpec) {
  torch::manual_seed(5);  // test data only; the networks never read it
  for (const char* text : {"(2,2,0,2,2,3)", "(4,0,3,1,4,3)", "(0,0,0,4,3,2)", "(4,4,4,4,4,4)",
                           "(3,1,4,0,2,1)"}) {
    Nb201Network net = MustCreate(MustParse(text), {.stem_channels = 4, .cells_per_stage = 2,
                                                    .num_classes = 5});
    torch::NoGradGuard no_grad;
    // Non-trivial BatchNorm state, so a misplaced BN shows.
    for (auto& item : net->named_buffers()) {
      if (item.key().ends_with("running_mean")) item.value().uniform_(-0.5, 0.5);
      if (item.key().ends_with("running_var")) item.value().uniform_(0.5, 1.5);
    }
    for (auto& item : net->named_parameters()) {
      if (item.key().ends_with("bn.weight")) item.value().uniform_(0.5, 1.5);
      if (item.key().ends_with("bn.bias")) item.value().uniform_(-0.5, 0.5);
    }
    const torch::Tensor x = torch::randn({3, 3, 16, 16});
    for (bool training : {false, true}) {
      net->train(training);
      const torch::Tensor expected = ReferenceForward(*net, x, training);
      EXPECT_TRUE(torch::allclose(net->forward(x), expected, 1e-4, 1e-5))
          << text << " training " << training;
    }
  }
}

}  // namespace
}  // namespace aimc::networks
