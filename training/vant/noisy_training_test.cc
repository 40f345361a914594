// NT and VANT as regimes under the Trainer (noisy_training.h): the σ a step
// sets (NT's constant; VANT's per-image draw from the step's stream, the same
// as SampleImageSigmas gives), the fingerprint and errors, and a
// bit-identical resume of VANT training of LeNet-5-N.
#include "training/vant/noisy_training.h"

#include <memory>
#include <vector>

#include <torch/torch.h>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "networks/noisy_lenet5.h"
#include "training/data/dataset.h"
#include "training/testing/synthetic_data.h"
#include "training/testing/tiny_training.h"
#include "training/trainer.h"

namespace aimc::training::vant {
namespace {

using testing::ExpectIdentical;
using testing::TempPath;
using testing::TinyConfig;

networks::NoisyLeNet5 Net(uint64_t seed) {
  networks::NoisyLeNet5Config c;
  c.lenet.num_classes = 4;
  c.lenet.init_seed = seed;
  auto net = networks::CreateNoisyLeNet5(c);
  EXPECT_TRUE(net.ok()) << net.status();
  return *net;
}

NoisyTrainingConfig Vant(double sigma) {
  return {.per_image = true, .noise = {.sigma_train = sigma, .alpha = 0.45, .theta = 0.3}};
}

TEST(NoisyTrainingTest, StepsSetNtSigmaOrVantPerImageDraws) {
  networks::NoisyLeNet5 net = Net(1);
  networks::Network as_network = networks::AsNetwork(net);
  const std::vector<int64_t> examples = {4, 9, 1, 7, 3};
  StepContext step;
  step.epoch = 1;
  step.batch_in_epoch = 2;
  step.global_step = 6;
  step.example_indices = examples;
  step.seed = 11;

  auto nt = NoisyTrainingRegime::Create({.noise = {.sigma_train = 0.9}}, net->shared_noise());
  ASSERT_TRUE(nt.ok()) << nt.status();
  ASSERT_TRUE((*nt)->BeforeStep(as_network, step).ok());
  EXPECT_DOUBLE_EQ(net->noise().sigma(), 0.9);
  EXPECT_FALSE(net->noise().per_image_sigma().defined());

  const NoisyTrainingConfig config = Vant(1.1);
  auto vant = NoisyTrainingRegime::Create(config, net->shared_noise());
  ASSERT_TRUE(vant.ok());
  ASSERT_TRUE((*vant)->BeforeStep(as_network, step).ok());
  std::vector<float> want(examples.size());
  ASSERT_TRUE(SampleImageSigmas(config.noise, step.StepStream(kVantSigmaPurpose), 0,
                                absl::MakeSpan(want))
                  .ok());
  const torch::Tensor got = net->noise().per_image_sigma();
  ASSERT_TRUE(got.defined());
  ASSERT_EQ(got.numel(), 5);
  for (int b = 0; b < 5; ++b) {
    EXPECT_EQ(got[b].item<float>(), want[b]) << b;
    EXPECT_GE(want[b], 0.45f * 1.1f - 1e-6f);  // the reference law's floor
  }
  // The next step draws anew.
  step.global_step = 7;
  ASSERT_TRUE((*vant)->BeforeStep(as_network, step).ok());
  EXPECT_FALSE(torch::equal(net->noise().per_image_sigma(), got));
}

TEST(NoisyTrainingTest, FingerprintsAndErrors) {
  auto noise = std::make_shared<networks::ActivationNoise>();
  auto nt = NoisyTrainingRegime::Create({.noise = {.sigma_train = 0.5}}, noise);
  ASSERT_TRUE(nt.ok());
  EXPECT_EQ((*nt)->Fingerprint(), "nt{sigma=0.5} + fp");
  auto vant = NoisyTrainingRegime::Create(Vant(1.1), noise);
  ASSERT_TRUE(vant.ok());
  EXPECT_EQ((*vant)->Fingerprint(),
            "vant{sigma=1.1,alpha=0.45,theta=0.3,sampler=reference_halfnormal} + fp");
  const auto bad = NoisyTrainingRegime::Create({.noise = {.sigma_train = -1}}, noise);
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(bad.status().message(), "sigma_train")) << bad.status();
  EXPECT_FALSE(NoisyTrainingRegime::Create(Vant(1), nullptr).ok());
}

TEST(NoisyTrainingTest, VantResumesBitIdentically) {
  const Dataset data = testing::MakeBandsDataset(64, {1, 28, 28}, 4);
  networks::NoisyLeNet5 straight = Net(2);
  {
    auto regime = NoisyTrainingRegime::Create(Vant(0.5), straight->shared_noise());
    ASSERT_TRUE(regime.ok());
    auto trainer =
        Trainer::Create(networks::AsNetwork(straight), &data, TinyConfig(""), *std::move(regime));
    ASSERT_TRUE(trainer.ok()) << trainer.status();
    ASSERT_TRUE((*trainer)->Train().ok());
  }
  const std::string path = TempPath("vant_regime.ckpt");
  {
    networks::NoisyLeNet5 first = Net(2);
    auto regime = NoisyTrainingRegime::Create(Vant(0.5), first->shared_noise());
    auto trainer =
        Trainer::Create(networks::AsNetwork(first), &data, TinyConfig(path), *std::move(regime));
    ASSERT_TRUE(trainer.ok()) << trainer.status();
    ASSERT_TRUE((*trainer)->TrainSteps(6).ok());  // 1.5 epochs
  }
  networks::NoisyLeNet5 resumed = Net(9);
  auto regime = NoisyTrainingRegime::Create(Vant(0.5), resumed->shared_noise());
  networks::Network resumed_net = networks::AsNetwork(resumed);
  auto trainer = Trainer::Create(resumed_net, &data, TinyConfig(path), *std::move(regime));
  ASSERT_TRUE(trainer.ok()) << trainer.status();
  EXPECT_TRUE((*trainer)->resumed());
  ASSERT_TRUE((*trainer)->Train().ok());
  networks::Network straight_net = networks::AsNetwork(straight);
  ExpectIdentical(straight_net, resumed_net);
  // Another noise setting may not resume it.
  networks::NoisyLeNet5 other = Net(2);
  auto nt = NoisyTrainingRegime::Create({.noise = {.sigma_train = 0.5}}, other->shared_noise());
  EXPECT_EQ(Trainer::Create(networks::AsNetwork(other), &data, TinyConfig(path), *std::move(nt))
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace aimc::training::vant
