// Tests of the analog layers and the conversion (analog_layer.h, convert.h):
// with the ideal preset an analog network is its digital twin (forward and
// every gradient); the straight-through backward and the input-range
// gradient on hand cases; data-driven input-range init; clip and remap;
// program/drift/reset; determinism; errors.
#include "networks/analog/analog_layer.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include <torch/nn/functional/conv.h>
#include <torch/nn/functional/loss.h>
#include <torch/torch.h>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "crossbar/config.h"
#include "crossbar/tile_config.pb.h"
#include "gtest/gtest.h"
#include "networks/analog/convert.h"
#include "networks/layer_registry.h"
#include "networks/nb201_network.h"
#include "networks/network.h"

namespace aimc::networks::analog {
namespace {

crossbar::TileConfig Preset(const std::string& name) {
  absl::StatusOr<crossbar::TileConfig> config = crossbar::LoadTileConfig(name);
  EXPECT_TRUE(config.ok()) << config.status();
  return config.ok() ? *config : crossbar::TileConfig();
}

Nb201Network TinyNb201(uint64_t seed) {
  Nb201Config c;
  c.stem_channels = 4;
  c.cells_per_stage = 1;
  c.input_channels = 3;
  c.init_seed = seed;
  absl::StatusOr<Nb201Network> net = CreateNb201Network("(2,3,1,2,3,2)", c);
  EXPECT_TRUE(net.ok()) << net.status();
  return *net;
}

// The analog IO path with nothing lossy in it, so a static input range acts
// (the ideal preset skips the IO model, input range included).
crossbar::TileConfig ExactIoWithInputRange(double r) {
  crossbar::TileConfig config = Preset("ideal");
  config.set_analog_io(true);
  config.mutable_forward()->set_inp_bits(0);
  config.mutable_forward()->set_out_bits(0);
  config.mutable_forward()->set_out_bound(0);
  config.mutable_input_range()->set_enabled(true);
  config.mutable_input_range()->set_init_value(r);
  config.mutable_input_range()->set_init_from_data(0);
  config.mutable_input_range()->set_decay(0.0);
  return config;
}

double MaxRelDiff(const torch::Tensor& a, const torch::Tensor& b) {
  return ((a - b).abs().max() / b.abs().max().clamp_min(1e-12)).item<double>();
}

// The typed module CreateAnalogLayer made (null, and a failure, on error).
template <typename Impl>
std::shared_ptr<Impl> Make(const LayerSpec& spec, const AnalogLayerOptions& options,
                           const torch::Tensor& weight, const torch::Tensor& bias) {
  absl::StatusOr<torch::nn::AnyModule> layer = CreateAnalogLayer(spec, options, weight, bias);
  EXPECT_TRUE(layer.ok()) << layer.status();
  return layer.ok() ? layer->ptr<Impl>() : nullptr;
}

TEST(AnalogNetworkTest, IdealPresetIsTheDigitalTwinForwardAndGradients) {
  torch::manual_seed(0);
  Nb201Network digital = TinyNb201(3), analog = TinyNb201(3);
  crossbar::TileConfig ideal = Preset("ideal");
  ideal.mutable_mapping()->set_max_input_size(16);  // several tiles per layer
  ideal.mutable_mapping()->set_max_output_size(8);
  ASSERT_TRUE(ConvertToAnalog(*analog, ideal).ok());
  EXPECT_EQ(AnalogLayers(*analog).size(), ListLayers(*digital).size());
  const torch::Tensor x = torch::randn({6, 3, 8, 8});
  const torch::Tensor labels = torch::tensor({0, 1, 2, 3, 4, 5}, torch::kInt64);
  for (bool training : {true, false}) {
    SCOPED_TRACE(training);
    digital->train(training);
    analog->train(training);
    digital->zero_grad();
    analog->zero_grad();
    const torch::Tensor yd = digital->forward(x), ya = analog->forward(x);
    EXPECT_LT(MaxRelDiff(ya, yd), 1e-5);
    torch::nn::functional::cross_entropy(yd, labels).backward();
    torch::nn::functional::cross_entropy(ya, labels).backward();
    const auto pd = digital->named_parameters(), pa = analog->named_parameters();
    for (const auto& item : pd) {
      const torch::Tensor* other = pa.find(item.key());
      ASSERT_NE(other, nullptr) << item.key();
      ASSERT_TRUE(other->grad().defined()) << item.key();
      // Relative to the largest gradient of the tensor, with an absolute floor:
      // BN biases before the head's BN have gradients that cancel to ~1e-9.
      const double scale = std::max(item.value().grad().abs().max().item<double>(), 1e-3);
      EXPECT_LT((other->grad() - item.value().grad()).abs().max().item<double>(), 1e-4 * scale)
          << item.key();
    }
  }
}

// y = W clip(x, ±r): the backward passes gradients only through unclipped
// inputs, and r's gradient is the reference toolkit's.
TEST(AnalogLinearTest, StraightThroughBackwardWithInputRange) {
  const crossbar::TileConfig config = ExactIoWithInputRange(1.0);
  const torch::Tensor w = torch::tensor({{1.0f, -2.0f, 0.5f}, {0.25f, 1.0f, -1.0f}});
  auto layer = Make<AnalogLinearImpl>(LinearSpec(3, 2, false), {.tile = config}, w, torch::Tensor());
  ASSERT_NE(layer, nullptr);
  layer->train();
  const torch::Tensor x = torch::tensor({{0.5f, 2.0f, -3.0f}}).requires_grad_();
  const torch::Tensor y = layer->forward(x);
  const torch::Tensor xc = torch::tensor({{0.5f, 1.0f, -1.0f}});
  EXPECT_LT(MaxRelDiff(y, xc.mm(w.t())), 1e-6);
  const torch::Tensor g = torch::tensor({{1.0f, -1.0f}});
  y.backward(g);
  // d/dx: (g W) masked at the clipped inputs 1 and 2.
  const torch::Tensor gx_full = g.mm(w);  // {0.75, -3, 1.5}
  EXPECT_TRUE(torch::allclose(x.grad(), torch::tensor({{0.75f, 0.0f, 0.0f}})));
  EXPECT_TRUE(torch::allclose(layer->weight.grad(), g.t().mm(xc)));
  // Upper-clipped input 1 has gradient -3 (< 0, counts), lower-clipped input 2
  // has 1.5 (> 0, counts with a minus): -3 - 1.5.
  ASSERT_TRUE(layer->input_range.grad().defined());
  EXPECT_NEAR(layer->input_range.grad().item<float>(),
              gx_full[0][1].item<float>() - gx_full[0][2].item<float>(), 1e-6);
}

TEST(AnalogConv2dTest, BackwardEqualsTorchConvOfTheClippedInput) {
  torch::manual_seed(1);
  const crossbar::TileConfig config = ExactIoWithInputRange(0.8);
  const LayerSpec spec = ConvSpec(3, 5, 3, /*stride=*/2, /*padding=*/1, /*bias=*/true);
  const torch::Tensor w = torch::randn({5, 3, 3, 3}), b = torch::randn({5});
  auto layer = Make<AnalogConv2dImpl>(spec, {.tile = config}, w, b);
  ASSERT_NE(layer, nullptr);
  const torch::Tensor x = torch::randn({2, 3, 7, 7}).requires_grad_();
  const torch::Tensor y = layer->forward(x);
  const torch::Tensor x2 = x.detach().clone().requires_grad_();
  const torch::Tensor w2 = w.clone().requires_grad_();
  const torch::Tensor y2 = torch::nn::functional::conv2d(
      x2.clamp(-0.8, 0.8), w2,
      torch::nn::functional::Conv2dFuncOptions().bias(b).stride(2).padding(1));
  EXPECT_LT(MaxRelDiff(y, y2), 1e-5);
  const torch::Tensor g = torch::randn_like(y);
  y.backward(g);
  y2.backward(g);
  EXPECT_LT(MaxRelDiff(x.grad(), x2.grad()), 1e-5);
  EXPECT_LT(MaxRelDiff(layer->weight.grad(), w2.grad()), 1e-5);
}

// The graph owns what backward reads (analog_layer.h): a backward run after
// the layer is destroyed gives the gradients of a run whose layer is alive.
TEST(AnalogLayerTest, BackwardAfterTheLayerIsDestroyed) {
  // Training noise and a learned input range with decay: every saved
  // constant (stride, padding, decay, minimum fraction inside) matters.
  const crossbar::TileConfig config = Preset("analognas_bench");
  const LayerSpec spec = ConvSpec(3, 5, 3, /*stride=*/2, /*padding=*/1, /*bias=*/true);
  torch::manual_seed(6);
  const torch::Tensor w = 0.3 * torch::randn({5, 3, 3, 3}), b = torch::randn({5});
  const torch::Tensor x = torch::randn({2, 3, 7, 7}), g = torch::randn({2, 5, 4, 4});
  struct Run {
    torch::Tensor y, x_grad, weight_grad, range_grad;
    int64_t train_steps = 0;
  };
  auto run = [&](bool destroy) {
    Run r;
    absl::StatusOr<torch::nn::AnyModule> module =
        CreateAnalogLayer(spec, {.tile = config, .seed = 9}, w, b);
    EXPECT_TRUE(module.ok()) << module.status();
    if (!module.ok()) return r;
    std::shared_ptr<AnalogConv2dImpl> layer = module->ptr<AnalogConv2dImpl>();
    layer->train();
    const torch::Tensor xi = x.clone().requires_grad_();
    const torch::Tensor y = layer->forward(xi);
    r.train_steps = layer->train_steps.item<int64_t>();
    // Handles on the leaf tensors (to read their gradients), not on the layer.
    torch::Tensor weight = layer->weight, range = layer->input_range;
    const std::weak_ptr<AnalogConv2dImpl> alive = layer;
    if (destroy) {
      layer.reset();
      *module = torch::nn::AnyModule();
      EXPECT_TRUE(alive.expired());
      // Likely reuses the freed memory, so a dangling read would show.
      auto other = CreateAnalogLayer(ConvSpec(3, 5, 3, 1, 0, false), {.tile = config},
                                     torch::ones({5, 3, 3, 3}), torch::Tensor());
      EXPECT_TRUE(other.ok()) << other.status();
    }
    y.backward(g);
    EXPECT_EQ(alive.expired(), destroy);
    r.y = y.detach();
    r.x_grad = xi.grad();
    r.weight_grad = weight.grad();
    r.range_grad = range.grad();
    return r;
  };
  const Run alive = run(/*destroy=*/false), destroyed = run(/*destroy=*/true);
  EXPECT_EQ(alive.train_steps, 1);
  ASSERT_TRUE(alive.y.defined() && destroyed.y.defined());
  EXPECT_TRUE(torch::equal(destroyed.y, alive.y));
  ASSERT_TRUE(destroyed.x_grad.defined() && destroyed.weight_grad.defined() &&
              destroyed.range_grad.defined());
  EXPECT_TRUE(torch::equal(destroyed.x_grad, alive.x_grad));
  EXPECT_TRUE(torch::equal(destroyed.weight_grad, alive.weight_grad));
  EXPECT_TRUE(torch::equal(destroyed.range_grad, alive.range_grad));
}

TEST(AnalogLayerTest, InputRangeStartsFromTheDataThenIsLearned) {
  crossbar::TileConfig config = Preset("analognas_bench");  // init_from_data 50, alpha 3
  auto layer = Make<AnalogLinearImpl>(LinearSpec(64, 4, true), {.tile = config},
                                      0.1 * torch::randn({4, 64}), torch::zeros({4}));
  ASSERT_NE(layer, nullptr);
  EXPECT_FLOAT_EQ(layer->input_range.item<float>(), 3.0f);
  torch::manual_seed(2);
  const torch::Tensor x1 = 2.0 * torch::randn({32, 64}), x2 = 0.5 * torch::randn({32, 64});
  layer->train();
  layer->forward(x1);
  const double r1 = 3 * x1.std().item<double>();
  EXPECT_NEAR(layer->input_range.item<float>(), r1, 1e-4 * r1);  // overwrites the init
  layer->forward(x2);
  EXPECT_NEAR(layer->input_range.item<float>(), (r1 + 3 * x2.std().item<double>()) / 2,
              1e-4 * r1);
  EXPECT_EQ(layer->input_range_batches.item<int64_t>(), 2);
  layer->eval();
  layer->forward(x1);  // eval never changes it
  EXPECT_EQ(layer->input_range_batches.item<int64_t>(), 2);
}

TEST(AnalogLayerTest, RemapFoldsMaxIntoTheOutputScalesAndKeepsTheForward) {
  const crossbar::TileConfig ideal = Preset("ideal");
  for (OutScaleKind kind : {OutScaleKind::kLayer, OutScaleKind::kColumn}) {
    torch::manual_seed(3);
    const torch::Tensor w = torch::randn({6, 10}) * torch::linspace(0.5, 3, 6).view({6, 1});
    auto layer = Make<AnalogLinearImpl>(LinearSpec(10, 6, true),
                                        {.tile = ideal, .out_scale = kind}, w, torch::randn({6}));
    ASSERT_NE(layer, nullptr);
    const torch::Tensor x = torch::randn({4, 10});
    const torch::Tensor before = layer->forward(x).detach();
    layer->Remap();
    EXPECT_LT(MaxRelDiff(layer->forward(x).detach(), before), 1e-5);
    if (kind == OutScaleKind::kLayer) {
      EXPECT_FLOAT_EQ(layer->weight.abs().max().item<float>(), 1.0f);
      EXPECT_FLOAT_EQ(layer->out_scale.item<float>(), w.abs().max().item<float>());
    } else {
      EXPECT_TRUE(torch::allclose(layer->weight.abs().amax(1), torch::ones({6})));
      EXPECT_TRUE(torch::allclose(layer->out_scale, w.abs().amax(1)));
    }
  }
}

TEST(AnalogLayerTest, ClipIsFixedOrLayerGaussian) {
  torch::manual_seed(4);
  const torch::Tensor w = torch::randn({50, 40});
  auto layer = Make<AnalogLinearImpl>(LinearSpec(40, 50, false), {.tile = Preset("ideal")}, w,
                                      torch::Tensor());
  ASSERT_NE(layer, nullptr);
  const double sd = w.std().item<double>();
  layer->ClipWeights(/*fixed_value=*/0, /*sigma=*/2.0);
  EXPECT_NEAR(layer->weight.abs().max().item<double>(), 2 * sd, 1e-6);
  layer->ClipWeights(/*fixed_value=*/0.5, /*sigma=*/2.0);  // capped by the fixed value
  EXPECT_NEAR(layer->weight.abs().max().item<double>(), 0.5, 1e-6);
}

TEST(AnalogNetworkTest, ProgramDriftResetAndDeterminism) {
  torch::manual_seed(5);
  const torch::Tensor x = torch::randn({4, 3, 8, 8});
  auto make = [](uint64_t seed) {
    Nb201Network net = TinyNb201(7);
    ConvertOptions o;
    o.seed = seed;
    EXPECT_TRUE(ConvertToAnalog(*net, Preset("analognas_bench"), o).ok());
    net->eval();
    return net;
  };
  Nb201Network a = make(11), b = make(11), c = make(12);
  torch::NoGradGuard no_grad;
  // Unprogrammed: forward noise only; same seed, same numbers; fresh per call.
  const torch::Tensor ya = a->forward(x), yb = b->forward(x);
  EXPECT_TRUE(torch::equal(ya, yb));
  EXPECT_FALSE(torch::equal(ya, c->forward(x)));
  EXPECT_FALSE(torch::equal(a->forward(x), ya));

  const absl::Status early = DriftAnalogLayers(*a, 60, 0);
  EXPECT_EQ(early.code(), absl::StatusCode::kFailedPrecondition) << early;
  ASSERT_TRUE(ProgramAnalogLayers(*a, 0).ok());
  ASSERT_TRUE(ProgramAnalogLayers(*b, 0).ok());
  ASSERT_TRUE(DriftAnalogLayers(*a, 86400, 0).ok());
  ASSERT_TRUE(DriftAnalogLayers(*b, 86400, 0).ok());
  for (AnalogLayerBaseImpl* layer : AnalogLayers(*a)) EXPECT_TRUE(layer->programmed());
  EXPECT_TRUE(torch::equal(a->forward(x), b->forward(x)));
  ResetAnalogLayers(*a);
  for (AnalogLayerBaseImpl* layer : AnalogLayers(*a)) EXPECT_FALSE(layer->programmed());
}

TEST(AnalogNetworkTest, ConvertKeepsFirstAndLastDigitalOnRequest) {
  Nb201Network net = TinyNb201(1);
  const size_t n = ListLayers(*net).size();
  ConvertOptions o;
  o.keep_first_digital = true;
  o.keep_last_digital = true;
  ASSERT_TRUE(ConvertToAnalog(*net, Preset("ideal"), o).ok());
  EXPECT_EQ(AnalogLayers(*net).size(), n - 2);
  const std::vector<LayerInfo> layers = ListLayers(*net);
  EXPECT_EQ(std::dynamic_pointer_cast<AnalogLayerBaseImpl>(layers.front().module), nullptr);
  EXPECT_EQ(std::dynamic_pointer_cast<AnalogLayerBaseImpl>(layers.back().module), nullptr);
  // Converting again converts the rest and leaves analog layers alone.
  ASSERT_TRUE(ConvertToAnalog(*net, Preset("ideal")).ok());
  EXPECT_EQ(AnalogLayers(*net).size(), n);
}

TEST(AnalogLayerTest, BadInputsAreStatuses) {
  crossbar::TileConfig bad = Preset("ideal");
  bad.mutable_forward()->set_inp_bits(-3);
  auto layer = CreateAnalogLayer(LinearSpec(3, 2, false), {.tile = bad}, torch::ones({2, 3}),
                                 torch::Tensor());
  EXPECT_EQ(layer.status().code(), absl::StatusCode::kInvalidArgument);
  auto nan = CreateAnalogLayer(LinearSpec(3, 2, false), {.tile = Preset("ideal")},
                               torch::full({2, 3}, NAN), torch::Tensor());
  EXPECT_EQ(nan.status().code(), absl::StatusCode::kInvalidArgument);
  auto shape = CreateAnalogLayer(LinearSpec(3, 2, false), {.tile = Preset("ideal")},
                                 torch::ones({3, 3}), torch::Tensor());
  EXPECT_EQ(shape.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(shape.status().message(), "shape")) << shape.status();
  // The layer kind follows the spec: a conv spec with a linear's weights.
  auto kind = CreateAnalogLayer(ConvSpec(3, 2, 1, 1, 0, false), {.tile = Preset("ideal")},
                                torch::ones({2, 3}), torch::Tensor());
  EXPECT_EQ(kind.status().code(), absl::StatusCode::kInvalidArgument);
  auto bias = CreateAnalogLayer(LinearSpec(3, 2, true), {.tile = Preset("ideal")},
                                torch::ones({2, 3}), torch::Tensor());
  EXPECT_EQ(bias.status().code(), absl::StatusCode::kInvalidArgument);
  auto layer_id = CreateAnalogLayer(LinearSpec(3, 2, false),
                                    {.tile = Preset("ideal"), .layer_id = 70000},
                                    torch::ones({2, 3}), torch::Tensor());
  EXPECT_EQ(layer_id.status().code(), absl::StatusCode::kInvalidArgument);
  auto none = CreateAnalogLayer(LinearSpec(3, 2, false), {.tile = Preset("ideal")},
                                torch::Tensor(), torch::Tensor());
  EXPECT_EQ(none.status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace aimc::networks::analog
