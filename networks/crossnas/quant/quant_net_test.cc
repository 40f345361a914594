// Tests of QuantNet: the builders' shapes in every mode, the QAT α EMA
// (first batch, m = 0.707, frozen in eval, calibration), bit and PIM setting
// errors, seeded init and dropout, and a timing line (PIM vs FP forward, QAT
// vs FP step) for the README.
#include "networks/crossnas/quant/quant_net.h"

#include <torch/torch.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "gtest/gtest.h"
#include "nas/crossnas/arch_genotype.h"
#include "nas/crossnas/qpim_genotype.h"
#include "networks/crossnas/quant/pim_forward.h"

namespace aimc::networks::crossnas {
namespace {

QuantNet CrossNas(const std::string& arch, double rho, uint64_t seed = 0, int classes = 10) {
  absl::StatusOr<nas::crossnas::ArchGenotype> g = nas::crossnas::ParseArchGenotype(arch);
  EXPECT_TRUE(g.ok()) << g.status();
  absl::StatusOr<QuantNetSpec> spec = CrossNasQuantSpec(
      nas::crossnas::ToBlockList(*g, nas::crossnas::Cifar10ArchSpace()), rho, classes);
  EXPECT_TRUE(spec.ok()) << spec.status();
  absl::StatusOr<QuantNet> net = CreateQuantNet(*spec, seed);
  EXPECT_TRUE(net.ok()) << net.status();
  return *net;
}

int OpIndex(const QuantNet& net, const std::string& name) {
  for (size_t i = 0; i < net->spec().ops.size(); ++i) {
    if (net->spec().ops[i].name == name) return static_cast<int>(i);
  }
  ADD_FAILURE() << "no op " << name;
  return -1;
}

// Runs kFloat, kQat (train, so α is set) and kPim (eval) and checks the shape.
void ExpectRunsInAllModes(QuantNet& net, int64_t batch, int classes) {
  torch::manual_seed(0);
  const torch::Tensor x = torch::rand({batch, net->input_channels(), 32, 32});
  net->train();
  for (QuantMode mode : {QuantMode::kFloat, QuantMode::kQat}) {
    net->SetMode(mode);
    EXPECT_EQ(net->forward(x).sizes(), (std::vector<int64_t>{batch, classes}))
        << QuantModeName(mode);
  }
  net->eval();
  net->SetMode(QuantMode::kPim);
  ASSERT_TRUE(net->SetPim({256, 8, 2}).ok());
  const torch::Tensor y = net->forward(x);
  EXPECT_EQ(y.sizes(), (std::vector<int64_t>{batch, classes}));
  EXPECT_TRUE(torch::isfinite(y).all().item<bool>());
}

TEST(QuantNetSpecTest, CrossNasBlocksScaleAndGroup) {
  QuantNet net = CrossNas("VGG-32,RES-64,MVGG-128", 0.25);
  const QuantNetSpec& s = net->spec();
  EXPECT_EQ(s.num_bit_groups, 3);
  const QuantOp& c1 = s.ops[OpIndex(net, "b1_conv1")];
  EXPECT_EQ(c1.in_channels, 3);
  EXPECT_EQ(c1.out_channels, 8);
  EXPECT_EQ(s.ops[OpIndex(net, "b2_shortcut")].kernel_size, 1);
  EXPECT_EQ(s.ops[OpIndex(net, "b2_shortcut")].bit_group, 1);
  EXPECT_EQ(s.ops[OpIndex(net, "b3_conv2")].out_channels, 32);
  EXPECT_EQ(s.ops[OpIndex(net, "head_fc1")].in_channels, 4 * 32);
  EXPECT_EQ(s.ops[OpIndex(net, "head_fc1")].bit_group, kHeadGroup);
  EXPECT_DOUBLE_EQ(s.ops[OpIndex(net, "head_fc2")].dropout, 0.2);
  EXPECT_EQ(s.ops.back().out_channels, 10);
  QuantNet c100 = CrossNas("RES-32", 0.25, 0, 100);
  EXPECT_EQ(c100->spec().ops.back().name, "head_fc");
}

TEST(QuantNetTest, CrossNasForwardInAllModes) {
  QuantNet net = CrossNas("VGG-32,RES-64,MVGG-128", 0.125);
  ExpectRunsInAllModes(net, 3, 10);
}

TEST(QuantNetTest, BaselinesAtOneEighthRunInAllModes) {
  for (const char* name : {"alexnet", "vgg16", "resnet18"}) {
    SCOPED_TRACE(name);
    absl::StatusOr<QuantNetSpec> spec = BaselineQuantSpec(name, 0.125);
    ASSERT_TRUE(spec.ok()) << spec.status();
    absl::StatusOr<QuantNet> net = CreateQuantNet(*spec, 1);
    ASSERT_TRUE(net.ok()) << net.status();
    ExpectRunsInAllModes(*net, 2, 10);
  }
  // ResNet18: 17 convs + 3 shortcuts + 2 fcs, one group each.
  EXPECT_EQ(BaselineQuantSpec("resnet18", 0.125)->num_bit_groups, 22);
  EXPECT_EQ(BaselineQuantSpec("vgg16", 0.125)->num_bit_groups, 14);
  EXPECT_EQ(BaselineQuantSpec("alexnet", 1)->ops.back().in_channels, 512);
  EXPECT_EQ(BaselineQuantSpec("vgg16", 1)->ops.back().in_channels, 2048);
  EXPECT_EQ(BaselineQuantSpec("lenet", 1).status().code(), absl::StatusCode::kNotFound);
}

TEST(QuantNetTest, AlphaEmaInitialisesFollowsMomentumAndFreezesInEval) {
  QuantNet net = CrossNas("MVGG-32", 0.125, 3);
  net->SetMode(QuantMode::kQat);
  net->train();
  torch::manual_seed(1);
  const torch::Tensor x1 = torch::rand({4, 3, 32, 32}), x2 = torch::rand({4, 3, 32, 32}) * 0.5;
  const torch::Tensor w = net->named_parameters()["b1_conv1.weight"].detach();
  const auto target = [&](const torch::Tensor& x) {
    const torch::Tensor y = torch::conv2d(
        FakeQuantize(x, 1.0, 9), FakeQuantize(w, w.abs().max().item<double>(), 9), {}, 1, 1);
    return ActivationRangeTarget(y);
  };
  const int conv1 = OpIndex(net, "b1_conv1");
  EXPECT_EQ(net->OutputAlpha(conv1), 0.0);
  torch::NoGradGuard no_grad;
  net->forward(x1);
  const double t1 = target(x1);
  EXPECT_NEAR(net->OutputAlpha(conv1), t1, 1e-5 * t1);
  EXPECT_GT(net->BnAlpha(conv1), 0.0);
  net->forward(x2);
  const double a2 = 0.707 * t1 + 0.293 * target(x2);
  EXPECT_NEAR(net->OutputAlpha(conv1), a2, 1e-5 * a2);
  net->eval();
  net->forward(x1);
  EXPECT_NEAR(net->OutputAlpha(conv1), a2, 1e-5 * a2);  // frozen
  net->SetCalibrating(true);
  net->forward(x1);
  const double a3 = 0.707 * a2 + 0.293 * t1;
  EXPECT_NEAR(net->OutputAlpha(conv1), a3, 1e-5 * a3);
  net->SetCalibrating(false);
  net->ResetAlphas();
  EXPECT_EQ(net->OutputAlpha(conv1), 0.0);
}

TEST(QuantNetTest, QatGradientIsStraightThrough) {
  QuantNet net = CrossNas("MVGG-32", 0.125, 3);
  net->SetMode(QuantMode::kQat);
  net->train();
  torch::manual_seed(2);
  const torch::Tensor x = torch::rand({4, 3, 32, 32});
  net->forward(x).sum().backward();
  for (const auto& p : net->parameters()) {
    ASSERT_TRUE(p.grad().defined());
    EXPECT_GT(p.grad().abs().sum().item<double>(), 0.0);
  }
}

TEST(QuantNetTest, BitsAndPimAreValidatedNamingTheGroup) {
  QuantNet net = CrossNas("VGG-32,RES-64", 0.125);
  EXPECT_TRUE(net->SetBits({{5, 7}, {9, 5}}).ok());
  EXPECT_EQ(net->GroupBits(1).activation_bits, 5);
  EXPECT_EQ(net->GroupBits(kHeadGroup).weight_bits, 9);
  const absl::Status bad = net->SetBits({{5, 7}, {9, 1}});
  EXPECT_EQ(bad.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bad.message().find("group 1 activation_bits"), std::string::npos) << bad;
  EXPECT_EQ(net->GroupBits(1).activation_bits, 5);  // unchanged
  EXPECT_FALSE(net->SetBits({{5, 7}}).ok());
  EXPECT_FALSE(net->SetPim({8, 8, 2}).ok());  // X < 3x3
  EXPECT_FALSE(net->SetPim({256, 0, 2}).ok());
  EXPECT_TRUE(net->SetPim({32, 4, 1}).ok());
}

TEST(QuantNetTest, PimNeedsCalibratedRanges) {
  QuantNet net = CrossNas("MVGG-32", 0.125);
  net->eval();
  net->SetMode(QuantMode::kPim);
  EXPECT_THROW(net->forward(torch::rand({1, 3, 32, 32})), c10::Error);
}

TEST(QuantNetTest, InitAndDropoutAreSeeded) {
  QuantNet a = CrossNas("RES-32", 0.125, 5), b = CrossNas("RES-32", 0.125, 5);
  const torch::Tensor x = torch::rand({2, 3, 32, 32});
  a->train();
  b->train();
  torch::manual_seed(1);
  const torch::Tensor ya = a->forward(x);
  torch::manual_seed(2);  // torch's generator plays no part
  EXPECT_TRUE(torch::equal(ya, b->forward(x)));
  EXPECT_FALSE(torch::equal(a->forward(x), ya));  // a new dropout mask
}

TEST(QuantNetTest, PimWithIdealAdcTracksQatLogits) {
  // A residual block too: the add's grid (α_a + α_b) re-rounds its sum.
  QuantNet net = CrossNas("VGG-32,RES-64", 0.25, 4);
  torch::manual_seed(4);
  const torch::Tensor x = torch::rand({16, 3, 32, 32});
  torch::NoGradGuard no_grad;
  net->SetMode(QuantMode::kQat);
  net->train();
  for (int i = 0; i < 3; ++i) net->forward(x);  // α and BN statistics
  net->eval();
  const torch::Tensor qat = net->forward(x);
  net->SetMode(QuantMode::kPim);
  ASSERT_TRUE(net->SetPim({256, 16, 1}).ok());
  const torch::Tensor ideal = net->forward(x);
  ASSERT_TRUE(net->SetPim({256, 4, 1}).ok());
  const torch::Tensor adc4 = net->forward(x);
  const auto rel_error = [&](const torch::Tensor& y) {
    return ((y - qat).norm() / qat.norm()).item<double>();
  };
  EXPECT_LT(rel_error(ideal), 0.1);
  EXPECT_GT(rel_error(adc4), 2 * rel_error(ideal));
}

// Prints the timings the README quotes (T1 size, ρ = 1/4, batch 64).
// Disabled (20 s): run with --gtest_also_run_disabled_tests --gtest_filter=*Timing*.
TEST(QuantNetTest, DISABLED_TimingT1SizeNet) {
  torch::set_num_threads(1);
  QuantNet net = CrossNas("VGG-64,RES-128,VGG-128,MVGG-128", 0.25);
  torch::manual_seed(0);
  const torch::Tensor x = torch::rand({64, 3, 32, 32});
  const torch::Tensor labels = torch::randint(0, 10, {64});
  const auto seconds = [](auto&& f) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  };
  const auto step = [&] {
    net->zero_grad();
    torch::nn::functional::cross_entropy(net->forward(x), labels).backward();
  };
  net->train();
  net->SetMode(QuantMode::kFloat);
  step();
  const double fp_step = seconds(step);
  net->SetMode(QuantMode::kQat);
  step();
  const double qat_step = seconds(step);
  net->eval();
  torch::NoGradGuard no_grad;
  net->SetMode(QuantMode::kFloat);
  net->forward(x);  // warm-up
  const double fp_fwd = seconds([&] { net->forward(x); });
  net->SetMode(QuantMode::kPim);
  ASSERT_TRUE(net->SetPim({256, 8, 2}).ok());
  net->forward(x);  // warm-up
  const double pim_fwd_dac2 = seconds([&] { net->forward(x); });
  ASSERT_TRUE(net->SetPim({256, 8, 1}).ok());
  const double pim_fwd_dac1 = seconds([&] { net->forward(x); });
  std::printf(
      "timing (1 thread, batch 64, VGG-64,RES-128,VGG-128,MVGG-128 at rho 1/4): FP forward %.3f s, "
      "PIM forward (X 256, ADC 8, DAC 2) %.3f s, DAC 1 %.3f s; FP step %.3f s, QAT step %.3f s\n",
      fp_fwd, pim_fwd_dac2, pim_fwd_dac1, fp_step, qat_step);
}

}  // namespace
}  // namespace aimc::networks::crossnas
