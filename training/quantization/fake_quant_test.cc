#include "training/quantization/fake_quant.h"

#include <limits>
#include <vector>

#include <torch/torch.h>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "networks/layer_registry.h"

namespace aimc::training {
namespace {

std::vector<float> Values(const torch::Tensor& t) {
  const torch::Tensor c = t.detach().contiguous().to(torch::kFloat32).flatten();
  return std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
}

// PyTorch's MinMaxObserver rule for quint8 with reduce_range (q in [0, 127]).
TEST(ActivationParamsTest, HandCases) {
  ActivationQuantParams p = ActivationParams(-1.0f, 1.54f);  // 2.54 / 127 = 0.02
  EXPECT_NEAR(p.scale, 0.02, 1e-8);
  EXPECT_EQ(p.zero_point, 50);  // round(1 / 0.02)
  p = ActivationParams(0.5f, 2.54f);  // min raised to 0: 0 stays exact
  EXPECT_NEAR(p.scale, 0.02, 1e-8);
  EXPECT_EQ(p.zero_point, 0);
  p = ActivationParams(-1.27f, -0.5f);  // max lowered to 0; zp at the top, 127
  EXPECT_NEAR(p.scale, 0.01, 1e-8);
  EXPECT_EQ(p.zero_point, 127);
  p = ActivationParams(0.0f, 0.0f);  // empty range: scale = float32 eps
  EXPECT_EQ(p.scale, std::numeric_limits<float>::epsilon());
  EXPECT_EQ(p.zero_point, 0);
  // -min/scale = 12.5 exactly (scale 2^-7) rounds half to even (torch.round): 12.
  p = ActivationParams(-12.5f / 128, 114.5f / 128);
  EXPECT_EQ(p.scale, 1.0 / 128);
  EXPECT_EQ(p.zero_point, 12);
}

TEST(FakeQuantizeActivationTest, ClampsRoundsAndPassesGradientInside) {
  const ActivationQuantParams p{.scale = 0.25, .zero_point = 8};  // values -2 .. 29.75
  torch::Tensor x = torch::tensor({-2.0f, -3.0f, 0.3f, 0.4f, 29.75f, 40.0f}).requires_grad_();
  const torch::Tensor y = FakeQuantizeActivation(x, p);
  EXPECT_EQ(Values(y), (std::vector<float>{-2.0f, -2.0f, 0.25f, 0.5f, 29.75f, 29.75f}));
  y.sum().backward();
  EXPECT_EQ(Values(x.grad()), (std::vector<float>{1, 0, 1, 1, 1, 0}));
}

// Scales 2^-7 and 2^-8 are exact in float, so the ties are real ties.
TEST(FakeQuantizeWeightTest, PerChannelSymmetricInt8) {
  const float m = 127.5f / 128;  // max |W| of row 0: scale 1/128
  torch::Tensor w = torch::tensor({{m, 0.5f, -0.25f},              // 127.5 -> 128 -> 127
                                   {-m / 2, 0.1f, 0.0f},           // -127.5 -> -128
                                   {0.0f, 0.0f, 0.0f}})            // scale eps
                        .requires_grad_();
  EXPECT_EQ(Values(WeightScales(w)),
            (std::vector<float>{1.0f / 128, 1.0f / 256, std::numeric_limits<float>::epsilon()}));
  const torch::Tensor q = FakeQuantizeWeight(w);
  EXPECT_EQ(Values(q), (std::vector<float>{127.0f / 128, 0.5f, -0.25f,  //
                                           -0.5f, 26.0f / 256, 0.0f,   //
                                           0.0f, 0.0f, 0.0f}));
  q.sum().backward();
  // Zero where round(W/s) left [-128, 127]: only W[0][0] (128).
  EXPECT_EQ(Values(w.grad()), (std::vector<float>{0, 1, 1, 1, 1, 1, 1, 1, 1}));
}

// A host with one linear layer, as networks' models hold theirs.
class OneLinearImpl : public networks::LayerHost {
 public:
  OneLinearImpl() : index_(AddLayer("fc", networks::LinearSpec(4, 3))) {}
  torch::Tensor forward(const torch::Tensor& x) { return CallLayer(index_, x); }

 private:
  int index_;
};
TORCH_MODULE(OneLinear);

TEST(FakeQuantLayerTest, CalibrateThenQuantize) {
  torch::manual_seed(3);
  OneLinear net;
  const torch::Tensor x = torch::randn({64, 4});
  torch::NoGradGuard no_grad;
  const torch::Tensor fp = net->forward(x);
  ASSERT_TRUE(InsertFakeQuant(*net, QuantMode::kCalibrate).ok());
  EXPECT_EQ(InsertFakeQuant(*net, QuantMode::kCalibrate).code(),
            absl::StatusCode::kFailedPrecondition);  // already wrapped
  const auto layers = FakeQuantLayers(*net);
  ASSERT_EQ(layers.size(), 1u);
  EXPECT_FALSE(layers[0]->observed());
  EXPECT_TRUE(torch::equal(net->forward(x.narrow(0, 0, 32)), fp.narrow(0, 0, 32)));
  net->forward(x.narrow(0, 32, 32));  // min/max over both halves
  ASSERT_TRUE(layers[0]->observed());
  const ActivationQuantParams in = layers[0]->input_params();
  EXPECT_EQ(in.scale, ActivationParams(x.min().item<float>(), x.max().item<float>()).scale);

  SetQuantMode(*net, QuantMode::kQuantize);
  const torch::Tensor q = net->forward(x);
  EXPECT_LE(std::get<0>(torch::_unique(q)).numel(), 128);
  const double error = (q - fp).abs().max().item<double>();
  EXPECT_GT(error, 0);
  EXPECT_LT(error, 0.1 * fp.abs().max().item<double>());
  // The state dict keeps the layer and adds the observers.
  EXPECT_TRUE(net->named_parameters().contains("fc.layer.weight"));
  EXPECT_TRUE(net->named_buffers().contains("fc.output_max"));
}

// QAT observers: the first training batch sets the range, later ones move it
// by 1 % (MovingAverageMinMaxObserver), eval mode freezes it.
TEST(FakeQuantLayerTest, QatMovingAverage) {
  OneLinear net;
  ASSERT_TRUE(InsertFakeQuant(*net, QuantMode::kQat).ok());
  const auto layer = FakeQuantLayers(*net)[0];
  net->train();
  net->forward(torch::full({2, 4}, 1.0f).index_put_({0, 0}, -1.0f));  // input range [-1, 1]
  EXPECT_FLOAT_EQ(net->named_buffers()["fc.input_min"].item<float>(), -1.0f);
  EXPECT_FLOAT_EQ(net->named_buffers()["fc.input_max"].item<float>(), 1.0f);
  net->forward(torch::full({2, 4}, 3.0f).index_put_({0, 0}, -5.0f));  // batch [-5, 3]
  EXPECT_FLOAT_EQ(net->named_buffers()["fc.input_min"].item<float>(), -1.04f);
  EXPECT_FLOAT_EQ(net->named_buffers()["fc.input_max"].item<float>(), 1.02f);
  net->eval();
  net->forward(torch::full({2, 4}, 100.0f));
  EXPECT_FLOAT_EQ(net->named_buffers()["fc.input_max"].item<float>(), 1.02f);
  // Training through it: gradients reach the wrapped layer's weights.
  net->train();
  net->forward(torch::randn({8, 4})).pow(2).sum().backward();
  EXPECT_TRUE(net->named_parameters()["fc.layer.weight"].grad().defined());
}

}  // namespace
}  // namespace aimc::training
