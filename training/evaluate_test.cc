#include "training/evaluate.h"

#include <cmath>

#include <torch/torch.h>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "networks/nb201_network.h"
#include "networks/network.h"
#include "training/testing/synthetic_data.h"

namespace aimc::training {
namespace {

networks::Network TinyNb201() {
  networks::Nb201Config config;
  config.stem_channels = 4;
  config.cells_per_stage = 1;
  config.input_channels = 1;
  config.num_classes = 4;
  auto net = networks::CreateNb201Network("(2,2,0,2,2,3)", config);
  EXPECT_TRUE(net.ok()) << net.status();
  return networks::AsNetwork(*net);
}

TEST(EvaluateTest, RepetitionsWithoutAugmentationAgree) {
  const Dataset data = testing::MakeBandsDataset(50, {1, 8, 8}, 4);
  networks::Network net = TinyNb201();
  net->train();
  int calls = 0;
  EvalConfig config;
  config.batch_size = 16;  // 4 batches, the last of 2
  config.repetitions = 3;
  config.before_repetition = [&calls](int r) {
    EXPECT_EQ(r, calls++);
    return absl::OkStatus();
  };
  const auto result = Evaluate(net, data, config);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(calls, 3);
  ASSERT_EQ(result->accuracies_pct.size(), 3u);
  EXPECT_EQ(result->std_accuracy_pct, 0.0);
  EXPECT_EQ(result->images_per_repetition, 50);
  EXPECT_TRUE(std::isfinite(result->mean_loss));
  EXPECT_TRUE(net->is_training());  // mode restored

  // The batch size changes nothing.
  config.batch_size = 50;
  config.before_repetition = nullptr;
  const auto one_batch = Evaluate(net, data, config);
  ASSERT_TRUE(one_batch.ok());
  EXPECT_EQ(one_batch->mean_accuracy_pct, result->mean_accuracy_pct);
  EXPECT_NEAR(one_batch->mean_loss, result->mean_loss, 1e-5);
}

TEST(EvaluateTest, FreshNoisePerRepetitionGivesMeanAndStd) {
  const Dataset data = testing::MakeBandsDataset(200, {1, 8, 8}, 4);
  networks::Network net = TinyNb201();
  EvalConfig config;
  config.repetitions = 5;
  // Stands in for re-drawn analog noise: a new random perturbation per pass.
  const torch::Tensor original = net->parameters()[0].clone();
  config.before_repetition = [&](int r) {
    torch::NoGradGuard no_grad;
    torch::manual_seed(r);
    net->parameters()[0].copy_(original + 0.5 * torch::randn_like(original));
    return absl::OkStatus();
  };
  const auto result = Evaluate(net, data, config);
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->accuracies_pct.size(), 5u);
  double mean = 0;
  for (double a : result->accuracies_pct) mean += a / 5;
  EXPECT_NEAR(result->mean_accuracy_pct, mean, 1e-9);
  EXPECT_GE(result->std_accuracy_pct, 0.0);

  config.before_repetition = [](int) { return absl::UnavailableError("tile offline"); };
  EXPECT_EQ(Evaluate(net, data, config).status().code(), absl::StatusCode::kUnavailable);
}

TEST(EvaluateTest, BadConfigAndShapeAreInvalidArgument) {
  const Dataset data = testing::MakeBandsDataset(8, {1, 8, 8}, 4);
  networks::Network net = TinyNb201();
  EvalConfig config;
  config.repetitions = 0;
  EXPECT_EQ(Evaluate(net, data, config).status().code(), absl::StatusCode::kInvalidArgument);
  config = EvalConfig();
  config.batch_size = 0;
  EXPECT_EQ(Evaluate(net, data, config).status().code(), absl::StatusCode::kInvalidArgument);
  const Dataset rgb = testing::MakeBandsDataset(8, {3, 8, 8}, 4);
  EXPECT_EQ(Evaluate(net, rgb).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace aimc::training
