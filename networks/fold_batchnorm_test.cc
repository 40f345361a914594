#include "networks/fold_batchnorm.h"

#include <string>
#include <vector>

#include <torch/torch.h>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "networks/layer_registry.h"
#include "networks/nb201_network.h"
#include "networks/network.h"
#include "networks/resnet.h"

namespace aimc::networks {
namespace {

Network TinyNb201(uint64_t init_seed, const std::string& cell = "(2,2,0,2,2,3)",
                  int channels = 4) {
  Nb201Config config;
  config.stem_channels = channels;
  config.cells_per_stage = 1;
  config.init_seed = init_seed;
  auto net = CreateNb201Network(cell, config);
  EXPECT_TRUE(net.ok()) << net.status();
  return AsNetwork(*net);
}

// A few SGD steps on seeded noise: BatchNorm running statistics and affine
// parameters move away from (0, 1), so folding has something to fold.
void TrainFewSteps(Network& net) {
  torch::manual_seed(11);
  torch::optim::SGD sgd(net->parameters(), torch::optim::SGDOptions(0.05).momentum(0.9));
  net->train();
  for (int step = 0; step < 5; ++step) {
    const torch::Tensor x = torch::randn({16, 3, 16, 16}) * 2 + 0.5;
    const torch::Tensor y = torch::randint(0, 10, {16}, torch::kInt64);
    sgd.zero_grad();
    torch::nn::functional::cross_entropy(net->forward(x), y).backward();
    sgd.step();
  }
}

double MaxRelativeDifference(const torch::Tensor& a, const torch::Tensor& b) {
  return ((a - b).abs().max() / a.abs().max()).item<double>();
}

int CountNames(torch::nn::Module& m, const std::string& part) {
  int n = 0;
  for (const auto& item : m.named_parameters()) n += item.key().find(part) != std::string::npos;
  for (const auto& item : m.named_buffers()) n += item.key().find(part) != std::string::npos;
  return n;
}

TEST(FoldBatchNormsTest, Nb201EvalOutputUnchanged) {
  Network net = TinyNb201(3);
  TrainFewSteps(net);
  net->eval();
  torch::manual_seed(12);
  const torch::Tensor x = torch::randn({8, 3, 16, 16});
  torch::NoGradGuard no_grad;
  const torch::Tensor before = net->forward(x);
  const size_t num_layers = ListLayers(*net).size();
  const int64_t head_bn_tensors = CountNames(*net, "head_bn.");

  ASSERT_TRUE(FoldBatchNorms(*net).ok());
  const torch::Tensor after = net->forward(x);
  EXPECT_LT(MaxRelativeDifference(before, after), 1e-5);
  // Same layers, by name; the ConvBn convs now carry the folded bias.
  const std::vector<LayerInfo> layers = ListLayers(*net);
  ASSERT_EQ(layers.size(), num_layers);
  int biased = 0;
  for (const LayerInfo& layer : layers) {
    if (layer.name.size() >= 5 && layer.name.substr(layer.name.size() - 5) == ".conv") {
      EXPECT_TRUE(layer.spec.bias) << layer.name;
      auto conv = std::dynamic_pointer_cast<torch::nn::Conv2dImpl>(layer.module);
      ASSERT_NE(conv, nullptr) << layer.name;
      EXPECT_TRUE(conv->bias.defined());
      ++biased;
    }
  }
  EXPECT_EQ(biased, 1 + 3 * 5 + 2 * 2);  // stem, 3 cells x 5 conv edges, 2 reductions x 2
  // Only the head BatchNorm (after a sum, not a conv) is left.
  EXPECT_EQ(CountNames(*net, ".bn."), 0);
  EXPECT_EQ(CountNames(*net, "head_bn."), head_bn_tensors);

  ASSERT_TRUE(FoldBatchNorms(*net).ok());  // idempotent
  EXPECT_TRUE(torch::equal(after, net->forward(x)));
}

TEST(FoldBatchNormsTest, ResNetEvalOutputUnchanged) {
  ResNetConfig config;
  config.depth = 8;
  auto resnet = CreateResNet(config);
  ASSERT_TRUE(resnet.ok()) << resnet.status();
  Network net = AsNetwork(*resnet);
  TrainFewSteps(net);
  net->eval();
  torch::NoGradGuard no_grad;
  const torch::Tensor x = torch::randn({4, 3, 16, 16});
  const torch::Tensor before = net->forward(x);
  ASSERT_TRUE(FoldBatchNorms(*net).ok());
  EXPECT_LT(MaxRelativeDifference(before, net->forward(x)), 1e-5);
  EXPECT_EQ(CountNames(*net, "bn"), 0);
}

TEST(FoldBatchNormsTest, ReplacedConvIsFailedPrecondition) {
  Network net = TinyNb201(3);
  ASSERT_TRUE(ReplaceLayer(*net, "stem.conv", torch::nn::AnyModule(torch::nn::Identity())).ok());
  const absl::Status status = FoldBatchNorms(*net);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
  EXPECT_NE(status.message().find("stem"), std::string::npos) << status;
}

TEST(CopyModuleStateTest, CopiesParametersAndBuffers) {
  Network trained = TinyNb201(1);
  TrainFewSteps(trained);
  Network copy = TinyNb201(2);  // other initial weights
  ASSERT_TRUE(CopyModuleState(*trained, *copy).ok());
  for (const auto& item : trained->named_buffers()) {
    EXPECT_TRUE(torch::equal(item.value(), copy->named_buffers()[item.key()])) << item.key();
  }
  trained->eval();
  copy->eval();
  torch::NoGradGuard no_grad;
  const torch::Tensor x = torch::randn({2, 3, 16, 16});
  EXPECT_TRUE(torch::equal(trained->forward(x), copy->forward(x)));
  // A deep copy: changing the copy leaves the original alone.
  for (auto& p : copy->parameters()) p.zero_();
  EXPECT_GT(trained->parameters()[0].abs().sum().item<double>(), 0);
}

TEST(CopyModuleStateTest, MismatchIsInvalidArgumentNamingTheTensor) {
  Network a = TinyNb201(1);
  Network other_cell = TinyNb201(1, "(2,2,2,2,2,3)");  // one more conv edge (3_0)
  absl::Status status = CopyModuleState(*a, *other_cell);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("of the target is missing from the source"), std::string::npos)
      << status;
  status = CopyModuleState(*other_cell, *a);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("missing from the target"), std::string::npos) << status;
  Network wider = TinyNb201(1, "(2,2,0,2,2,3)", 8);
  status = CopyModuleState(*a, *wider);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("'stem.conv.weight' is [4, 3, 3, 3] in the source but "
                                  "[8, 3, 3, 3]"),
            std::string::npos)
      << status;
}

}  // namespace
}  // namespace aimc::networks
