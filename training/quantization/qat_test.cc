#include "training/quantization/qat.h"

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "networks/lenet5.h"
#include "networks/network.h"
#include "training/data/dataset.h"
#include "training/evaluate.h"
#include "training/quantization/fake_quant.h"
#include "training/quantization/ptq.h"
#include "training/quantization/testing/trained_model.h"

namespace aimc::training {
namespace {

double TestAccuracy(networks::Network& net, const testing::TrainedModel& model) {
  EvalConfig ec;
  ec.augment = model.eval_augment;
  auto eval = Evaluate(net, model.test, ec);
  EXPECT_TRUE(eval.ok()) << eval.status();
  return eval.ok() ? eval->mean_accuracy_pct : -1;
}

// One QAT epoch from the trained model on real data (CIFAR-10 subset,
// 16x16): the fine-tuned int8 model should be about as good as PTQ's (QAT
// starts where PTQ is and trains 1 more epoch at a small Adam rate; 3 points
// of 932 test images allow for the noise of a few borderline images), and
// clearly above chance (10 %).
TEST(QatTest, TinyRealDataRunMatchesPtqAndIsQuantized) {
  auto trained = testing::TrainTinyCifarModel();
  if (!trained.ok()) GTEST_SKIP() << "no real data: " << trained.status();
  const testing::TrainedModel& model = *trained;

  auto ptq_net = testing::CopyOf(model);
  ASSERT_TRUE(ptq_net.ok());
  PtqOptions ptq_options;
  ptq_options.calibration_images = 1024;
  ptq_options.augment = model.eval_augment;
  ASSERT_TRUE(QuantizePostTraining(*ptq_net, model.train, ptq_options).ok());
  const double ptq = TestAccuracy(*ptq_net, model);

  auto qat_net = testing::CopyOf(model);
  ASSERT_TRUE(qat_net.ok());
  QatOptions options;
  options.epochs = 1;
  options.batch_size = 128;
  options.augment = model.train_augment;
  options.seed = 3;
  options.log = nullptr;
  const absl::Status status = QuantizationAwareTraining(*qat_net, model.train, nullptr, options);
  ASSERT_TRUE(status.ok()) << status;
  const double qat = TestAccuracy(*qat_net, model);
  std::printf("fp %.2f %%, ptq %.2f %%, qat %.2f %%\n", model.fp_accuracy_pct, ptq, qat);
  EXPECT_GE(qat, ptq - 3.0);
  EXPECT_GT(qat, 25.0);

  // Eval mode: frozen ranges, so each layer's output takes <= 128 values,
  // and two passes agree.
  EXPECT_FALSE((*qat_net)->is_training());
  const auto layers = FakeQuantLayers(**qat_net);
  ASSERT_EQ(layers.size(), 23u);
  torch::NoGradGuard no_grad;
  const torch::Tensor x = torch::randn({8, 3, 16, 16});
  const torch::Tensor stem_out = layers[0]->forward(x);
  EXPECT_LE(std::get<0>(torch::_unique(stem_out)).numel(), 128);
  const torch::Tensor logits = (*qat_net)->forward(x);
  EXPECT_LE(std::get<0>(torch::_unique(logits)).numel(), 128);
  EXPECT_TRUE(torch::equal(logits, (*qat_net)->forward(x)));
}

TEST(QatOptionsTest, BadOptionsAreInvalidArgument) {
  const auto expect_invalid = [](const QatOptions& o, const std::string& field) {
    const absl::Status status = ValidateQatOptions(o);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << field;
    EXPECT_NE(status.message().find("QatOptions." + field), std::string::npos) << status;
  };
  QatOptions o;
  o.epochs = 0;
  expect_invalid(o, "epochs");
  o = QatOptions();
  o.lr = 0;
  expect_invalid(o, "lr");
  o = QatOptions();
  o.grad_clip_norm = -1;
  expect_invalid(o, "grad_clip_norm");
  o = QatOptions();
  o.plateau_factor = 1.5;
  expect_invalid(o, "plateau_factor");
  o = QatOptions();
  o.validation_fraction = 1.0;
  expect_invalid(o, "validation_fraction");
  o = QatOptions();
  o.batch_size = 0;
  expect_invalid(o, "batch_size");
}

// Data problems are found before the network is touched.
TEST(QatOptionsTest, ValidationDataErrors) {
  auto lenet = networks::CreateLeNet5({});
  ASSERT_TRUE(lenet.ok());
  networks::Network net = networks::AsNetwork(*lenet);
  std::vector<uint8_t> pixels(5 * 28 * 28, 9), labels(5, 1);
  auto data = Dataset::Create("five", "test", ImageShape{1, 28, 28}, 10, pixels, labels);
  ASSERT_TRUE(data.ok());
  QatOptions o;
  o.log = nullptr;
  o.validation = QatOptions::Validation::kTestSet;
  absl::Status status = QuantizationAwareTraining(net, *data, nullptr, o);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("QatOptions.validation"), std::string::npos) << status;
  o.validation = QatOptions::Validation::kSplit;  // 10 % of 5 images: none
  status = QuantizationAwareTraining(net, *data, nullptr, o);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("validation_fraction"), std::string::npos) << status;
  EXPECT_TRUE(FakeQuantLayers(*net).empty());
}

}  // namespace
}  // namespace aimc::training
