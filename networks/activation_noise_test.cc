// ActivationNoise and LeNet-5-N (vant_rasch_spec.md A.1): 12 sites; off or
// σ = 0 is the plain network; the noise's statistics per element and per
// image; a per-image σ reaches every site; counter-based reproducibility;
// gradients pass through; bad σ values are Statuses.
#include "networks/activation_noise.h"

#include <cmath>

#include <torch/torch.h>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "networks/lenet5.h"
#include "networks/noisy_lenet5.h"

namespace aimc::networks {
namespace {

NoisyLeNet5 Make(LeNetPool pool, uint64_t seed = 3) {
  NoisyLeNet5Config c;
  c.lenet.init_seed = seed;
  c.pool = pool;
  auto net = CreateNoisyLeNet5(c);
  EXPECT_TRUE(net.ok()) << net.status();
  return *net;
}

TEST(ActivationNoiseTest, OffIsTheIdentityAndMaxPoolIsLeNet5) {
  torch::manual_seed(0);
  const torch::Tensor x = torch::randn({4, 1, 28, 28});
  NoisyLeNet5 noisy = Make(LeNetPool::kMax);
  auto plain = CreateLeNet5({.init_seed = 3});
  ASSERT_TRUE(plain.ok());
  EXPECT_TRUE(torch::equal(noisy->forward(x), (*plain)->forward(x)));
  ASSERT_TRUE(noisy->noise().SetSigma(0).ok());  // σ = 0 is off too
  EXPECT_FALSE(noisy->noise().enabled());
  EXPECT_TRUE(torch::equal(noisy->forward(x), (*plain)->forward(x)));
  EXPECT_EQ(noisy->noise().applications(), 0);
  // Average pooling changes the network, not its parameters.
  NoisyLeNet5 avg = Make(LeNetPool::kAverage);
  EXPECT_EQ(avg->ParamCount(), (*plain)->ParamCount());
  EXPECT_FALSE(torch::allclose(avg->forward(x), (*plain)->forward(x)));
}

TEST(ActivationNoiseTest, TwelveSitesPerForward) {
  NoisyLeNet5 net = Make(LeNetPool::kAverage);
  ASSERT_TRUE(net->noise().SetSigma(0.5).ok());
  net->noise().SetStream(1, 0);
  net->forward(torch::zeros({2, 1, 28, 28}));
  EXPECT_EQ(net->noise().applications(), NoisyLeNet5Impl::kNoiseSites);
  EXPECT_EQ(NoisyLeNet5Impl::kNoiseSites, 12);
}

// Per element: mean 0 and sd σ within 5 SE of 100,000 draws; per image: σ_b.
TEST(ActivationNoiseTest, NoiseStatisticsScalarAndPerImage) {
  ActivationNoise noise;
  ASSERT_TRUE(noise.SetSigma(0.7).ok());
  noise.SetStream(5, 2);
  const torch::Tensor y = noise.Apply(torch::zeros({10, 10000}));
  const double n = y.numel();
  const double sd = 0.7;
  EXPECT_NEAR(y.mean().item<double>(), 0.0, 5 * sd / std::sqrt(n));
  EXPECT_NEAR(y.std().item<double>(), sd, 5 * sd / std::sqrt(2 * n));

  ASSERT_TRUE(noise.SetPerImageSigma(torch::tensor({0.0f, 0.2f, 1.5f})).ok());
  const torch::Tensor z = noise.Apply(torch::zeros({3, 20000}));
  EXPECT_EQ(z[0].abs().max().item<float>(), 0.0f);
  const double m = 20000;
  EXPECT_NEAR(z[1].std().item<double>(), 0.2, 5 * 0.2 / std::sqrt(2 * m));
  EXPECT_NEAR(z[2].std().item<double>(), 1.5, 5 * 1.5 / std::sqrt(2 * m));
}

// Image 0 at σ = 0 keeps its clean logits exactly, so no site noised it;
// image 1 at σ = 1 does not.
TEST(ActivationNoiseTest, PerImageSigmaReachesEverySite) {
  torch::manual_seed(1);
  const torch::Tensor x = torch::randn({2, 1, 28, 28});
  NoisyLeNet5 net = Make(LeNetPool::kAverage);
  const torch::Tensor clean = net->forward(x);
  ASSERT_TRUE(net->noise().SetPerImageSigma(torch::tensor({0.0f, 1.0f})).ok());
  net->noise().SetStream(2, 0);
  const torch::Tensor noisy = net->forward(x);
  EXPECT_TRUE(torch::equal(noisy[0], clean[0]));
  EXPECT_FALSE(torch::allclose(noisy[1], clean[1]));
  EXPECT_THROW(net->forward(torch::randn({3, 1, 28, 28})), c10::Error);  // 2 σ, 3 images
}

TEST(ActivationNoiseTest, SameStreamSameNumbersAndGradientsPass) {
  torch::manual_seed(2);
  const torch::Tensor x = torch::randn({3, 1, 28, 28});
  NoisyLeNet5 net = Make(LeNetPool::kAverage);
  ASSERT_TRUE(net->noise().SetSigma(0.3).ok());
  net->noise().SetStream(9, 4);
  const torch::Tensor a = net->forward(x);
  const torch::Tensor b = net->forward(x);  // the counter moved on: fresh noise
  net->noise().SetStream(9, 4);
  const torch::Tensor c = net->forward(x);
  EXPECT_TRUE(torch::equal(a, c));
  EXPECT_FALSE(torch::equal(a, b));
  net->noise().SetStream(9, 5);
  EXPECT_FALSE(torch::equal(net->forward(x), a));
  // d(x + noise)/dx = 1.
  ActivationNoise noise;
  ASSERT_TRUE(noise.SetSigma(1.0).ok());
  const torch::Tensor v = torch::randn({5}).requires_grad_();
  noise.Apply(v).sum().backward();
  EXPECT_TRUE(torch::equal(v.grad(), torch::ones({5})));
}

TEST(ActivationNoiseTest, BadSigmasAreStatuses) {
  ActivationNoise noise;
  EXPECT_TRUE(absl::StrContains(noise.SetSigma(-1).message(), "sigma"));
  EXPECT_FALSE(noise.SetSigma(NAN).ok());
  EXPECT_FALSE(noise.SetPerImageSigma(torch::tensor({0.1f, -0.2f})).ok());
  EXPECT_FALSE(noise.SetPerImageSigma(torch::tensor({0.1, 0.2}, torch::kFloat64)).ok());
  EXPECT_FALSE(noise.SetPerImageSigma(torch::ones({2, 2})).ok());
  EXPECT_FALSE(noise.enabled());
  NoisyLeNet5Config bad;
  bad.lenet.image_size = 30;
  EXPECT_EQ(CreateNoisyLeNet5(bad).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace aimc::networks
