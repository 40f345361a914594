#include "training/quantization/ptq.h"

#include <cstdio>
#include <memory>
#include <string>

#include <torch/torch.h>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "networks/lenet5.h"
#include "networks/network.h"
#include "training/data/augment.h"
#include "training/evaluate.h"
#include "training/quantization/fake_quant.h"
#include "training/quantization/testing/trained_model.h"

namespace aimc::training {
namespace {

// One trained model for the suite (~10 s), or null: the tests skip.
class PtqTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto trained = testing::TrainTinyCifarModel();
    if (trained.ok()) {
      model_ = new testing::TrainedModel(std::move(*trained));
    } else {
      skip_reason_ = new std::string(trained.status().ToString());
    }
  }
  static void TearDownTestSuite() {
    delete model_;
    delete skip_reason_;
    model_ = nullptr;
    skip_reason_ = nullptr;
  }
  void SetUp() override {
    if (model_ == nullptr) GTEST_SKIP() << "no real data: " << *skip_reason_;
  }

  static double TestAccuracy(networks::Network& net) {
    EvalConfig ec;
    ec.augment = model_->eval_augment;
    auto eval = Evaluate(net, model_->test, ec);
    EXPECT_TRUE(eval.ok()) << eval.status();
    return eval.ok() ? eval->mean_accuracy_pct : -1;
  }

  static testing::TrainedModel* model_;
  static std::string* skip_reason_;
};

testing::TrainedModel* PtqTest::model_ = nullptr;
std::string* PtqTest::skip_reason_ = nullptr;

// The reference's int8 PTQ costs a 3-layer-per-cell NB201 well under a point
// on CIFAR-10; here the model is tiny and the test set 932 images (one image
// = 0.107 points), so 3 points leave room for a few flipped borderline
// predictions while a broken quantizer (wrong scale, zero point or rounding)
// costs far more (see HugeRangesLoseAccuracy).
TEST_F(PtqTest, CloseToFullPrecision) {
  ASSERT_GT(model_->fp_accuracy_pct, 25.0);  // chance: 10 %
  auto net = testing::CopyOf(*model_);
  ASSERT_TRUE(net.ok()) << net.status();
  PtqOptions options;
  options.calibration_images = 1024;
  options.augment = model_->eval_augment;
  ASSERT_TRUE(QuantizePostTraining(*net, model_->train, options).ok());
  const double ptq = TestAccuracy(*net);
  std::printf("fp %.2f %%, ptq %.2f %%\n", model_->fp_accuracy_pct, ptq);
  EXPECT_NEAR(ptq, model_->fp_accuracy_pct, 3.0);
  EXPECT_NE(ptq, -1);

  // The reference's observer: L2-searched ranges (narrower than MinMax).
  auto hist_net = testing::CopyOf(*model_);
  ASSERT_TRUE(hist_net.ok());
  options.observer = ActivationObserver::kHistogram;
  ASSERT_TRUE(QuantizePostTraining(*hist_net, model_->train, options).ok());
  const double ptq_hist = TestAccuracy(*hist_net);
  std::printf("ptq with HistogramObserver %.2f %%\n", ptq_hist);
  EXPECT_NEAR(ptq_hist, model_->fp_accuracy_pct, 3.0);
  int narrower = 0;
  const auto minmax_layers = FakeQuantLayers(**net);
  const auto hist_layers = FakeQuantLayers(**hist_net);
  for (size_t i = 0; i < hist_layers.size(); ++i) {
    narrower += hist_layers[i]->output_params().scale < minmax_layers[i]->output_params().scale;
  }
  EXPECT_GT(narrower, 0);

  // Every layer is wrapped and calibrated; outputs take <= 128 values.
  const auto layers = FakeQuantLayers(**net);
  EXPECT_EQ(layers.size(), 23u);  // stem, 3 cells x 5 edges, 2 reductions x 3, classifier
  for (const auto& layer : layers) EXPECT_TRUE(layer->observed());
  torch::NoGradGuard no_grad;
  const torch::Tensor logits = (*net)->forward(torch::randn({16, 3, 16, 16}));
  EXPECT_LE(std::get<0>(torch::_unique(logits)).numel(), 128);
  // The original FP model is untouched.
  EXPECT_TRUE(FakeQuantLayers(*model_->fp.ptr()).empty());
}

// Calibrating on images 25x too large (normalisation std / 25) gives ranges
// 25x too wide: 7-bit steps then swallow most of the signal of the real
// images, so accuracy drops towards chance.
TEST_F(PtqTest, HugeRangesLoseAccuracy) {
  auto net = testing::CopyOf(*model_);
  ASSERT_TRUE(net.ok());
  PtqOptions options;
  options.calibration_images = 512;
  options.augment = model_->eval_augment;
  for (float& s : options.augment.normalization.stddev) s /= 25;
  ASSERT_TRUE(QuantizePostTraining(*net, model_->train, options).ok());
  const double accuracy = TestAccuracy(*net);
  std::printf("fp %.2f %%, ptq with 25x ranges %.2f %%\n", model_->fp_accuracy_pct, accuracy);
  EXPECT_LT(accuracy, model_->fp_accuracy_pct - 10);
}

TEST(PtqOptionsTest, BadOptionsAreInvalidArgument) {
  PtqOptions o;
  o.batch_size = 0;
  EXPECT_NE(ValidatePtqOptions(o).message().find("PtqOptions.batch_size"), std::string::npos);
  o = PtqOptions();
  o.calibration_images = -1;
  EXPECT_EQ(ValidatePtqOptions(o).code(), absl::StatusCode::kInvalidArgument);
  o = PtqOptions();
  o.num_threads = 0;
  EXPECT_EQ(ValidatePtqOptions(o).code(), absl::StatusCode::kInvalidArgument);
}

// Any network of the package: LeNet-5 (no BatchNorm) on noise, and data the
// network rejects is a Status, not an exception.
TEST(PtqNetworkTest, LeNetAndWrongShape) {
  auto lenet = networks::CreateLeNet5({});
  ASSERT_TRUE(lenet.ok());
  networks::Network net = networks::AsNetwork(*lenet);
  std::vector<uint8_t> pixels(8 * 28 * 28), labels(8, 0);
  for (size_t i = 0; i < pixels.size(); ++i) pixels[i] = static_cast<uint8_t>(i * 37 % 256);
  auto data = Dataset::Create("noise", "test", ImageShape{1, 28, 28}, 10, pixels, labels);
  ASSERT_TRUE(data.ok()) << data.status();
  ASSERT_TRUE(QuantizePostTraining(net, *data, PtqOptions()).ok());
  EXPECT_EQ(FakeQuantLayers(*net).size(), networks::ListLayers(*net).size());

  auto other = networks::CreateLeNet5({});
  ASSERT_TRUE(other.ok());
  networks::Network other_net = networks::AsNetwork(*other);
  std::vector<uint8_t> rgb(8 * 3 * 28 * 28, 7);
  auto wrong = Dataset::Create("rgb", "test", ImageShape{3, 28, 28}, 10, rgb, labels);
  ASSERT_TRUE(wrong.ok());
  EXPECT_EQ(QuantizePostTraining(other_net, *wrong, PtqOptions()).code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace aimc::training
