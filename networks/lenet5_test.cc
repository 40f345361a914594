#include "networks/lenet5.h"

#include <string>
#include <vector>

#include <torch/types.h>
#include <torch/utils.h>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "networks/layer_registry.h"
#include "networks/network.h"

namespace aimc::networks {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

LeNet5 MustCreate(const LeNet5Config& config) {
  absl::StatusOr<LeNet5> net = CreateLeNet5(config);
  EXPECT_TRUE(net.ok()) << net.status();
  return *std::move(net);
}

// The standard count of this LeNet-5 form: conv 6·(25+1) = 156, conv
// 16·(150+1) = 2,416, fc 400·120+120 = 48,120, 120·84+84 = 10,164,
// 84·10+10 = 850; total 61,706.
TEST(LeNet5Test, ParameterCounts) {
  EXPECT_EQ(MustCreate({})->ParamCount(), 61706);
  EXPECT_EQ(MustCreate({.image_size = 32})->ParamCount(), 61706);
  EXPECT_EQ(MustCreate({.input_channels = 3, .image_size = 32})->ParamCount(), 61706 + 300);
  EXPECT_EQ(MustCreate({.num_classes = 100})->ParamCount(), 61706 + 90 * 85);
}

// conv1 28·28·6·25 = 117,600; conv2 10·10·16·150 = 240,000; fc 48,000 +
// 10,080 + 840.
TEST(LeNet5Test, Macs) {
  LeNet5 net = MustCreate({});
  absl::StatusOr<std::vector<LayerMacs>> layers = net->LayerMacCounts(28, 28);
  ASSERT_TRUE(layers.ok()) << layers.status();
  std::vector<int64_t> macs;
  for (const LayerMacs& layer : *layers) macs.push_back(layer.macs);
  EXPECT_THAT(macs, ElementsAre(117600, 240000, 48000, 10080, 840));
  EXPECT_EQ(net->MacCount(28, 28).value_or(-1), 416520);
  EXPECT_EQ(MustCreate({.image_size = 32})->MacCount(32, 32).value_or(-1), 416520);
  // The network needs its image size: 16x4x4 features do not fit fc1.
  EXPECT_EQ(net->MacCount(24, 24).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(LeNet5Test, LayersAndForward) {
  LeNet5 net = MustCreate({.input_channels = 3, .num_classes = 7, .image_size = 32});
  const std::vector<LayerInfo> layers = ListLayers(*net);
  std::vector<std::string> names;
  for (const LayerInfo& layer : layers) names.push_back(layer.name);
  EXPECT_THAT(names, ElementsAre("conv1", "conv2", "fc1", "fc2", "fc3"));
  EXPECT_THAT(layers[0].spec.WeightShape(), ElementsAre(6, 3, 5, 5));
  EXPECT_EQ(layers[0].spec.padding, 0);
  EXPECT_THAT(layers[4].spec.WeightShape(), ElementsAre(7, 84));
  EXPECT_EQ(MustCreate({})->config().image_size, 28);
  EXPECT_EQ(ListLayers(*MustCreate({}))[0].spec.padding, 2);

  torch::NoGradGuard no_grad;
  EXPECT_THAT(net->forward(torch::randn({2, 3, 32, 32})).sizes(), ElementsAre(2, 7));
  // forward is torch's API: a wrong shape throws c10::Error.
  EXPECT_THROW(net->forward(torch::randn({2, 3, 28, 28})), c10::Error);
}

TEST(LeNet5Test, WorksThroughTheNetworkHolder) {
  LeNet5 lenet = MustCreate({.init_seed = 9});
  Network net = AsNetwork(lenet);
  EXPECT_EQ(net->ParamCount(), 61706);
  EXPECT_EQ(net.ptr().get(), lenet.ptr().get());
  torch::NoGradGuard no_grad;
  const torch::Tensor x = torch::randn({2, 1, 28, 28});
  EXPECT_TRUE(torch::equal(net->forward(x), lenet->forward(x)));
}

TEST(LeNet5Test, SameSeedSameWeights) {
  torch::manual_seed(1);
  LeNet5 a = MustCreate({.init_seed = 5});
  torch::manual_seed(2);
  LeNet5 b = MustCreate({.init_seed = 5});
  LeNet5 c = MustCreate({.init_seed = 6});
  const auto pb = b->named_parameters(), pc = c->named_parameters();
  for (const auto& item : a->named_parameters()) {
    EXPECT_TRUE(torch::equal(item.value(), pb[item.key()])) << item.key();
    EXPECT_FALSE(torch::equal(item.value(), pc[item.key()])) << item.key();
  }
}

TEST(LeNet5Test, ConfigErrorsNameTheField) {
  const auto message = [](const LeNet5Config& config) {
    const absl::Status status = CreateLeNet5(config).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
    return std::string(status.message());
  };
  EXPECT_THAT(message({.image_size = 30}), HasSubstr("LeNet5Config.image_size: must be 28 or 32"));
  EXPECT_THAT(message({.num_classes = 0}), HasSubstr("LeNet5Config.num_classes"));
  EXPECT_THAT(message({.input_channels = 65}), HasSubstr("LeNet5Config.input_channels"));
}

}  // namespace
}  // namespace aimc::networks
