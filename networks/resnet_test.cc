#include "networks/resnet.h"

#include <string>
#include <vector>

#include <torch/types.h>
#include <torch/utils.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "networks/layer_registry.h"
#include "networks/network.h"

namespace aimc::networks {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

ResNet MustCreate(const ResNetConfig& config) {
  absl::StatusOr<ResNet> net = CreateResNet(config);
  EXPECT_TRUE(net.ok()) << net.status();
  return *std::move(net);
}

// Depth 6n+2, option A, K = 10, counted by hand: stem 432 + 32; stage 1
// n·(2·2,304 + 2·32); stage 2 (4,608 + 9,216 + 128) + (n-1)·(2·9,216 + 128);
// stage 3 (18,432 + 36,864 + 256) + (n-1)·(2·36,864 + 256); head 650.
int64_t CifarParams(int n) {
  return 464 + n * 4672 + 13952 + (n - 1) * 18560 + 55552 + (n - 1) * 73984 + 650;
}

// The usual published values: ResNet-20 0.27 M, ResNet-32 0.46 M, ResNet-56
// 0.85 M, ResNet-110 1.7 M (He et al. 2016 Table 6); ResNet-18 11.17 M for
// CIFAR-10 (the common CIFAR port).
TEST(ResNetTest, ParameterCounts) {
  EXPECT_EQ(CifarParams(3), 269722);
  EXPECT_EQ(MustCreate({.depth = 20})->ParamCount(), 269722);
  EXPECT_EQ(MustCreate({.depth = 32})->ParamCount(), 464154);
  EXPECT_EQ(MustCreate({.depth = 56})->ParamCount(), CifarParams(9));
  EXPECT_EQ(MustCreate({.depth = 110})->ParamCount(), CifarParams(18));
  // Option B adds Conv1x1 + BN at both width changes: 16·32 + 64, 32·64 + 128.
  EXPECT_EQ(MustCreate({.depth = 20, .shortcut = ResNetShortcut::kProjection})->ParamCount(),
            269722 + 576 + 2176);
  EXPECT_EQ(MustCreate({.depth = 18})->ParamCount(), 11173962);
  EXPECT_EQ(MustCreate({.depth = 34})->ParamCount(), 21282122);
  // ResNet-18 with option A has no parameters in its shortcuts.
  EXPECT_EQ(MustCreate({.depth = 18, .shortcut = ResNetShortcut::kZeroPad})->ParamCount(),
            11173962 - (8192 + 256) - (32768 + 512) - (131072 + 1024));
  EXPECT_EQ(MustCreate({.depth = 20, .input_channels = 1, .num_classes = 100})->ParamCount(),
            269722 - 2 * 9 * 16 + 90 * 65);
  // Rasch 2023's small-scale R20 (vant_rasch_spec.md B.2.3): widths 8/16/32,
  // option B, 1 input channel. Stem 72 + 16; stage 1 3·(2·576 + 2·16);
  // stage 2 (1,152 + 2,304 + 128 + 3·32) + 2·(2·2,304 + 2·32); stage 3
  // (4,608 + 9,216 + 512 + 3·64) + 2·(2·9,216 + 2·64); head 330.
  EXPECT_EQ(MustCreate({.depth = 20, .input_channels = 1, .shortcut = ResNetShortcut::kProjection,
                        .base_width = 8})
                ->ParamCount(),
            88 + 3552 + 13024 + 51648 + 330);
  EXPECT_FALSE(CreateResNet({.base_width = -1}).ok());
}

// Stem 3·16·9·1024; stage 1: 6 convs of 16·16·9·1024; stages 2 and 3: one
// conv of 1,179,648 and five of 2,359,296 each; head 640.
TEST(ResNetTest, Macs) {
  EXPECT_EQ(MustCreate({.depth = 20})->MacCount(32, 32).value_or(-1), 40551040);
  // Stem 1,769,472, layer1 4·37,748,736, layers 2-4 134,217,728 each, head 5,120.
  EXPECT_EQ(MustCreate({.depth = 18})->MacCount(32, 32).value_or(-1), 555422720);
}

TEST(ResNetTest, LayersAndForward) {
  ResNet net = MustCreate({.depth = 20, .shortcut = ResNetShortcut::kProjection});
  const std::vector<LayerInfo> layers = ListLayers(*net);
  // Stem, 9 blocks x 2, 2 projections, classifier.
  ASSERT_EQ(layers.size(), 22u);
  EXPECT_EQ(layers[0].name, "stem.conv");
  EXPECT_EQ(layers[1].name, "layer1.0.conv_a.conv");
  EXPECT_EQ(layers[7].name, "layer2.0.conv_a.conv");
  EXPECT_EQ(layers[9].name, "layer2.0.shortcut.conv");
  EXPECT_THAT(layers[9].spec.WeightShape(), ElementsAre(32, 16, 1, 1));
  EXPECT_EQ(layers[9].spec.stride, 2);
  EXPECT_EQ(layers.back().name, "classifier");

  torch::NoGradGuard no_grad;
  EXPECT_THAT(net->forward(torch::randn({2, 3, 32, 32})).sizes(), ElementsAre(2, 10));
  ResNet gray = MustCreate({.depth = 20, .input_channels = 1});
  EXPECT_THAT(gray->forward(torch::randn({2, 1, 28, 28})).sizes(), ElementsAre(2, 10));
  EXPECT_THAT(MustCreate({.depth = 18})->forward(torch::randn({1, 3, 32, 32})).sizes(),
              ElementsAre(1, 10));
}

// An independent forward of the basic-block ResNet over the network's own
// parameters (eval mode, functional ops): stride 2 at the first block of every
// stage after the first; a shortcut is a projection iff its weights exist,
// else option A when the shape changes.
torch::Tensor ReferenceForward(ResNetImpl& net, const torch::Tensor& x) {
  auto p = net.named_parameters();
  auto buffers = net.named_buffers();
  const auto conv_bn = [&](const torch::Tensor& t, const std::string& name, int64_t stride,
                           int64_t padding) {
    const torch::Tensor y = torch::conv2d(t, p[name + ".conv.weight"], {}, stride, padding);
    return torch::batch_norm(y, p[name + ".bn.weight"], p[name + ".bn.bias"],
                             buffers[name + ".bn.running_mean"], buffers[name + ".bn.running_var"],
                             false, 0.1, 1e-5, false);
  };
  torch::Tensor h = torch::relu(conv_bn(x, "stem", 1, 1));
  for (int stage = 1; p.contains(absl::StrCat("layer", stage, ".0.conv_a.conv.weight")); ++stage) {
    for (int b = 0; p.contains(absl::StrCat("layer", stage, ".", b, ".conv_a.conv.weight")); ++b) {
      const std::string pre = absl::StrCat("layer", stage, ".", b, ".");
      const int64_t stride = stage > 1 && b == 0 ? 2 : 1;
      const torch::Tensor out =
          conv_bn(torch::relu(conv_bn(h, pre + "conv_a", stride, 1)), pre + "conv_b", 1, 1);
      torch::Tensor shortcut = h;
      if (p.contains(pre + "shortcut.conv.weight")) {
        shortcut = conv_bn(h, pre + "shortcut", stride, 0);
      } else if (out.size(1) != h.size(1)) {
        using torch::indexing::None;
        using torch::indexing::Slice;
        const torch::Tensor sub =
            h.index({Slice(), Slice(), Slice(None, None, 2), Slice(None, None, 2)});
        const int64_t pad = (out.size(1) - h.size(1)) / 2;
        shortcut = torch::cat({torch::zeros({sub.size(0), pad, sub.size(2), sub.size(3)}), sub,
                               torch::zeros({sub.size(0), pad, sub.size(2), sub.size(3)})},
                              1);
      }
      h = torch::relu(out + shortcut);
    }
  }
  return torch::linear(h.mean({2, 3}), p["classifier.weight"], p["classifier.bias"]);
}

TEST(ResNetTest, MatchesAnIndependentForward) {
  torch::manual_seed(3);  // test data only; the networks never read it
  for (const ResNetConfig& config :
       {ResNetConfig{.depth = 8}, ResNetConfig{.depth = 14, .num_classes = 4},
        ResNetConfig{.depth = 8, .shortcut = ResNetShortcut::kProjection},
        ResNetConfig{.depth = 18, .input_channels = 1}}) {
    ResNet net = MustCreate(config);
    net->eval();
    torch::NoGradGuard no_grad;
    for (auto& item : net->named_buffers()) {
      if (item.key().ends_with("running_mean")) item.value().uniform_(-0.5, 0.5);
      if (item.key().ends_with("running_var")) item.value().uniform_(0.5, 1.5);
    }
    const torch::Tensor x = torch::randn({2, config.input_channels, 16, 16});
    EXPECT_TRUE(torch::allclose(net->forward(x), ReferenceForward(*net, x), 1e-4, 1e-5))
        << "depth " << config.depth;
  }
}

TEST(ResNetTest, ConfigErrorsNameTheField) {
  const auto message = [](const ResNetConfig& config) {
    const absl::Status status = CreateResNet(config).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
    return std::string(status.message());
  };
  EXPECT_THAT(message({.depth = 19}), HasSubstr("ResNetConfig.depth: must be 6n+2"));
  EXPECT_THAT(message({.depth = 19}), HasSubstr("got 19"));
  EXPECT_THAT(message({.depth = 2}), HasSubstr("ResNetConfig.depth"));
  EXPECT_THAT(message({.input_channels = 0}), HasSubstr("ResNetConfig.input_channels"));
  EXPECT_THAT(message({.num_classes = 0}), HasSubstr("ResNetConfig.num_classes"));
}

}  // namespace
}  // namespace aimc::networks
