#include "experiments/quickstart.h"

#include <unistd.h>

#include <string>

#include "absl/status/status.h"
#include "gtest/gtest.h"
#include "training/data/fashion_mnist.h"

namespace aimc::experiments {
namespace {

TEST(QuickstartTest, BadOptionsAreInvalidArgument) {
  QuickstartOptions o;
  o.data = "mnist";
  EXPECT_EQ(RunQuickstart(o, nullptr).status().code(), absl::StatusCode::kInvalidArgument);
  o = QuickstartOptions();
  o.data = "cifar10";  // no --data_dir
  const auto status = RunQuickstart(o, nullptr).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("--data_dir"), std::string::npos) << status;
  o = QuickstartOptions();
  o.image_size = 8;
  EXPECT_EQ(RunQuickstart(o, nullptr).status().code(), absl::StatusCode::kInvalidArgument);
  o = QuickstartOptions();
  o.qat_epochs = -1;
  EXPECT_EQ(RunQuickstart(o, nullptr).status().code(), absl::StatusCode::kInvalidArgument);
  o.qat_epochs = 1;
  o.hwt_epochs = -1;
  EXPECT_EQ(RunQuickstart(o, nullptr).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(QuickstartTest, MissingDataSaysWhatToPass) {
  QuickstartOptions o;
  o.data_dir = "/nonexistent/fashion";
  const auto status = RunQuickstart(o, nullptr).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound) << status;
  EXPECT_NE(status.message().find("--data_dir="), std::string::npos) << status;
}

TEST(QuickstartTest, BadEpochsReachTrainerValidation) {
  QuickstartOptions o;
  o.data = "cifar10";
  o.data_dir = "/nonexistent";
  o.epochs = 0;
  // Data is loaded first; a missing directory is reported before the epochs.
  EXPECT_FALSE(RunQuickstart(o, nullptr).ok());
}

// Real data, tiny scale: the whole pipeline runs and beats chance (10 %).
TEST(QuickstartTest, TinyFashionMnistRunBeatsChance) {
  if (access(std::string(training::kFashionMnistDebianDir).c_str(), R_OK) != 0) {
    GTEST_SKIP() << "no Fashion-MNIST in " << training::kFashionMnistDebianDir;
  }
  QuickstartOptions o;
  o.channels = 4;
  o.train_images = 1024;
  o.test_images = 256;
  o.epochs = 2;
  o.qat_epochs = 1;
  o.hwt_epochs = 1;
  o.analog_repetitions = 2;
  o.threads = 1;
  const auto report = RunQuickstart(o, nullptr);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_GT(report->baseline_accuracy_pct, 25.0);
  // 256 test images: one image is 0.4 points; int8 PTQ of this net moves a
  // few borderline images at most, QAT fine-tunes from the same weights.
  EXPECT_NEAR(report->ptq_accuracy_pct, report->baseline_accuracy_pct, 5.0);
  EXPECT_GT(report->qat_accuracy_pct, 25.0);
  EXPECT_GT(report->analog.first, 20.0);  // chance is 10 %
  EXPECT_GT(report->analog_drift_1d.first, 10.0);
  const std::string text = FormatQuickstartReport(o, *report);
  for (const char* part : {"data: fashion_mnist/train 1024", "C=4 N=1", "machine: ", "seed: 0",
                           "baseline accuracy: ", "ptq accuracy: ", "qat accuracy: ",
                           "noisy accuracy: ", "analog accuracy: ", "drift 1 d: ",
                           "wall time: "}) {
    EXPECT_NE(text.find(part), std::string::npos) << part << " in\n" << text;
  }
}

}  // namespace
}  // namespace aimc::experiments
