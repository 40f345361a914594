#include "networks/layer_registry.h"

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>
#include <torch/types.h>
#include <torch/utils.h>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace aimc::networks {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// A host inside a plain container inside a host: names must join through all.
class InnerImpl : public LayerHost {
 public:
  InnerImpl() : conv_(AddLayer("conv", ConvSpec(2, 4, 3, /*stride=*/2, /*padding=*/1, false))) {}
  torch::Tensor forward(const torch::Tensor& x) { return CallLayer(conv_, x); }

 private:
  int conv_;
};
TORCH_MODULE(Inner);

class TinyNetImpl : public LayerHost {
 public:
  TinyNetImpl()
      : first_(AddLayer("first", ConvSpec(1, 2, 1, 1, 0, /*bias=*/true))),
        blocks_(register_module("blocks", torch::nn::ModuleList(Inner()))),
        fc_(AddLayer("fc", LinearSpec(4 * 4 * 4, 3))) {}

  torch::Tensor forward(const torch::Tensor& x) {
    torch::Tensor y = CallLayer(first_, x);
    y = blocks_->at<InnerImpl>(0).forward(torch::relu(y));
    return CallLayer(fc_, y.flatten(1));
  }

 private:
  int first_;
  torch::nn::ModuleList blocks_;
  int fc_;
};
TORCH_MODULE(TinyNet);

std::vector<std::string> Names(const std::vector<LayerInfo>& layers) {
  std::vector<std::string> names;
  for (const LayerInfo& layer : layers) names.push_back(layer.name);
  return names;
}

// A module of another type than the one it replaces (as an analog layer
// will be): twice a convolution.
class DoubledConvImpl : public torch::nn::Module {
 public:
  explicit DoubledConvImpl(torch::nn::Conv2d conv) : conv_(register_module("inner", conv)) {}
  torch::Tensor forward(const torch::Tensor& x) { return 2 * conv_(x); }

 private:
  torch::nn::Conv2d conv_;
};
TORCH_MODULE(DoubledConv);

// A copy of `layer` (a Conv2d) with the same weights.
torch::nn::Conv2d CopyConv(const LayerInfo& layer) {
  auto original = std::dynamic_pointer_cast<torch::nn::Conv2dImpl>(layer.module);
  EXPECT_NE(original, nullptr);
  torch::nn::Conv2d copy(torch::nn::Conv2dOptions(layer.spec.in_features, layer.spec.out_features,
                                                  layer.spec.kernel_size)
                             .stride(layer.spec.stride)
                             .padding(layer.spec.padding)
                             .bias(layer.spec.bias));
  torch::NoGradGuard no_grad;
  copy->weight.copy_(original->weight);
  if (layer.spec.bias) copy->bias.copy_(original->bias);
  return copy;
}

TEST(LayerRegistryTest, ListsLayersInRegistrationOrderWithPathsAndShapes) {
  TinyNet net;
  const std::vector<LayerInfo> layers = ListLayers(*net);
  EXPECT_THAT(Names(layers), ElementsAre("first", "blocks.0.conv", "fc"));
  EXPECT_EQ(layers[0].spec.kind, LayerKind::kConv2d);
  EXPECT_THAT(layers[1].spec.WeightShape(), ElementsAre(4, 2, 3, 3));
  EXPECT_EQ(layers[1].spec.stride, 2);
  EXPECT_EQ(layers[2].spec.kind, LayerKind::kLinear);
  EXPECT_EQ(LayerKindName(layers[2].spec.kind), "linear");
  EXPECT_THAT(layers[2].spec.WeightShape(), ElementsAre(3, 64));
  // The registered module is the one listed, with the spec's shape.
  EXPECT_EQ(layers[1].module.get(), net->named_modules()["blocks.0.conv"].get());
  for (const LayerInfo& layer : layers) {
    int64_t params = 0;
    for (const auto& p : layer.module->parameters()) params += p.numel();
    EXPECT_EQ(params, layer.spec.ParamCount()) << layer.name;
  }
}

TEST(LayerRegistryTest, ReplacingByAnEqualConvKeepsTheOutput) {
  TinyNet net;
  const torch::Tensor x = torch::randn({2, 1, 8, 8});
  const torch::Tensor before = net->forward(x);
  const LayerInfo layer = ListLayers(*net)[1];
  torch::nn::Conv2d copy = CopyConv(layer);
  ASSERT_TRUE(ReplaceLayer(*net, "blocks.0.conv", torch::nn::AnyModule(copy)).ok());

  EXPECT_TRUE(torch::equal(net->forward(x), before));
  EXPECT_EQ(ListLayers(*net)[1].module.get(), copy.ptr().get());
  EXPECT_EQ(net->named_modules()["blocks.0.conv"].get(), copy.ptr().get());
  // The state dict names and the parameters are the replacement's.
  auto params = net->named_parameters();
  ASSERT_TRUE(params.contains("blocks.0.conv.weight"));
  EXPECT_TRUE(params["blocks.0.conv.weight"].is_same(copy->weight));
}

TEST(LayerRegistryTest, ForwardRunsTheReplacement) {
  TinyNet net;
  const torch::Tensor x = torch::randn({2, 1, 8, 8});
  const LayerInfo fc = ListLayers(*net)[2];
  auto linear = std::dynamic_pointer_cast<torch::nn::LinearImpl>(fc.module);
  const torch::Tensor before = net->forward(x);
  const LayerInfo conv = ListLayers(*net)[1];
  ASSERT_TRUE(ReplaceLayer(*net, conv.name, torch::nn::AnyModule(DoubledConv(CopyConv(conv)))).ok());
  // The conv feeds the linear layer directly, so logits minus bias double.
  const torch::Tensor after = net->forward(x);
  EXPECT_TRUE(torch::allclose(after - linear->bias, 2 * (before - linear->bias), 1e-5, 1e-5));
  // The replacement's own submodule is not a layer.
  EXPECT_THAT(Names(ListLayers(*net)), ElementsAre("first", "blocks.0.conv", "fc"));
  EXPECT_TRUE(net->named_parameters().contains("blocks.0.conv.inner.weight"));
}

TEST(LayerRegistryTest, ReplaceErrorsNameTheLayer) {
  TinyNet net;
  const absl::Status unknown =
      ReplaceLayer(*net, "blocks.1.conv", torch::nn::AnyModule(torch::nn::Linear(1, 1)));
  EXPECT_EQ(unknown.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(unknown.message(), HasSubstr("'blocks.1.conv'"));
  EXPECT_THAT(unknown.message(), HasSubstr("first, blocks.0.conv, fc"));

  const absl::Status empty = ReplaceLayer(*net, "fc", torch::nn::AnyModule());
  EXPECT_EQ(empty.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(empty.message(), HasSubstr("'fc'"));
}

TEST(LayerRegistryTest, InitializeLayersDependsOnTheSeedOnly) {
  TinyNet a, b, c;
  torch::manual_seed(1);
  ASSERT_TRUE(InitializeLayers(*a, 7).ok());
  torch::manual_seed(2);
  ASSERT_TRUE(InitializeLayers(*b, 7).ok());
  ASSERT_TRUE(InitializeLayers(*c, 8).ok());
  const auto pa = a->named_parameters(), pb = b->named_parameters(), pc = c->named_parameters();
  for (const auto& item : pa) {
    EXPECT_TRUE(torch::equal(item.value(), pb[item.key()])) << item.key();
    EXPECT_FALSE(torch::equal(item.value(), pc[item.key()])) << item.key();
  }
  // PyTorch's default bounds: |w| < 1/sqrt(fan_in), reached to within a few
  // percent (fan_in 18 for blocks.0.conv: 72 weights; the chance that all
  // stay below 0.9 of the bound is 0.9^72 = 5e-4, and the seed is fixed).
  const float bound = 1 / std::sqrt(18.0f);
  const torch::Tensor w = pa["blocks.0.conv.weight"].abs();
  EXPECT_LT(w.max().item<float>(), bound);
  EXPECT_GT(w.max().item<float>(), 0.9f * bound);
}

TEST(LayerRegistryTest, InitializeLayersRefusesReplacedLayers) {
  TinyNet net;
  const LayerInfo conv = ListLayers(*net)[1];
  ASSERT_TRUE(ReplaceLayer(*net, conv.name, torch::nn::AnyModule(DoubledConv(CopyConv(conv)))).ok());
  const absl::Status status = InitializeLayers(*net, 1);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(status.message(), HasSubstr("blocks.0.conv"));
}

TEST(LayerRegistryTest, CountsMacsPerSample) {
  TinyNet net;
  absl::StatusOr<std::vector<LayerMacs>> macs =
      CountLayerMacs(*net, [&] { net->forward(torch::zeros({3, 1, 8, 8})); });
  ASSERT_TRUE(macs.ok()) << macs.status();
  ASSERT_EQ(macs->size(), 3u);
  EXPECT_EQ((*macs)[0].macs, 2 * 8 * 8 * 1);      // out · H · W · in · k²
  EXPECT_EQ((*macs)[1].macs, 4 * 4 * 4 * 2 * 9);  // stride 2: 4x4 outputs
  EXPECT_EQ((*macs)[2].macs, 3 * 64);
  // Tracing is off again: a later forward adds nothing.
  net->forward(torch::zeros({1, 1, 8, 8}));
  macs = CountLayerMacs(*net, [] {});
  ASSERT_TRUE(macs.ok());
  EXPECT_EQ((*macs)[0].macs, 0);
}

TEST(LayerRegistryTest, CountMacsTurnsTorchErrorsIntoStatus) {
  TinyNet net;
  const absl::StatusOr<std::vector<LayerMacs>> macs =
      CountLayerMacs(*net, [&] { net->forward(torch::zeros({1, 1, 5, 5})); });
  EXPECT_EQ(macs.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(macs.status().message(), HasSubstr("forward failed"));
}

}  // namespace
}  // namespace aimc::networks
