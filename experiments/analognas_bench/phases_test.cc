// Tests of the protocol phases (phases.h) on a 2-channel NB201 network and 40
// synthetic 16x16 images (numbers mean nothing): the copying phases (PTQ,
// QAT, conversion to analog) leave the trained network bit-for-bit as it was
// and return one accuracy per pass; the analog phases refuse a digital network
// (FailedPrecondition) and run on a converted one, drift one result per time.
#include "experiments/analognas_bench/phases.h"

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <torch/torch.h>

#include "absl/status/status.h"
#include "crossbar/config.h"
#include "gtest/gtest.h"
#include "nas/cell.h"
#include "networks/nb201_network.h"
#include "training/analog/hwt_recipe.h"

namespace aimc::experiments {
namespace {

constexpr int kImages = 40;
const training::ImageShape kShape{1, 16, 16};

training::Dataset Synthetic() {
  std::vector<uint8_t> pixels(kImages * kShape.pixels());
  std::vector<uint8_t> labels(kImages);
  for (int i = 0; i < kImages; ++i) {
    labels[i] = static_cast<uint8_t>(i % 10);
    for (int64_t p = 0; p < kShape.pixels(); ++p) {
      pixels[i * kShape.pixels() + p] = static_cast<uint8_t>((p * (labels[i] + 1) * 7) % 256);
    }
  }
  return *training::Dataset::Create("synthetic", "phases_test", kShape, 10, std::move(pixels),
                                    std::move(labels));
}

NetworkFactory Factory() {
  return []() -> absl::StatusOr<networks::Network> {
    networks::Nb201Config config;
    config.stem_channels = 2;
    config.cells_per_stage = 1;
    config.input_channels = 1;
    config.init_seed = 7;
    const int codes[] = {2, 2, 0, 2, 2, 3};
    absl::StatusOr<nas::Cell> cell = nas::Cell::FromCodes(codes);
    if (!cell.ok()) return cell.status();
    absl::StatusOr<networks::Nb201Network> net = networks::CreateNb201Network(*cell, config);
    if (!net.ok()) return net.status();
    return networks::AsNetwork(*net);
  };
}

// Every parameter and buffer, cloned.
std::map<std::string, torch::Tensor> State(networks::Network& net) {
  std::map<std::string, torch::Tensor> state;
  for (const auto& p : net->named_parameters()) state[p.key()] = p.value().detach().clone();
  for (const auto& b : net->named_buffers()) state[b.key()] = b.value().detach().clone();
  return state;
}

training::EvalConfig TwoPasses() {
  training::EvalConfig eval;
  eval.repetitions = 2;
  eval.batch_size = 16;
  return eval;
}

class PhasesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<networks::Network> net = Factory()();
    ASSERT_TRUE(net.ok()) << net.status();
    trained_ = *net;
    absl::StatusOr<crossbar::TileConfig> tile = crossbar::LoadTileConfig("analognas_bench");
    ASSERT_TRUE(tile.ok()) << tile.status();
    tile_ = *tile;
    absl::StatusOr<training::HwtRecipe> recipe = training::LoadHwtRecipe("analognas_bench");
    ASSERT_TRUE(recipe.ok()) << recipe.status();
    recipe_ = *recipe;
  }

  ConvertToAnalogInput Conversion() {
    return {.trained = trained_, .new_network = Factory(), .tile = &tile_, .recipe = &recipe_,
            .seed = 3};
  }

  training::Dataset data_ = Synthetic();
  networks::Network trained_{nullptr};
  crossbar::TileConfig tile_;
  training::HwtRecipe recipe_;
};

TEST_F(PhasesTest, CopyingPhasesLeaveTheTrainedNetworkUnchanged) {
  const std::map<std::string, torch::Tensor> before = State(trained_);
  training::PtqOptions ptq_options;
  ptq_options.batch_size = 16;
  const absl::StatusOr<training::EvalResult> ptq =
      Ptq({.trained = trained_, .new_network = Factory(), .calibration = &data_, .test = &data_,
           .ptq = ptq_options, .eval = TwoPasses()});
  ASSERT_TRUE(ptq.ok()) << ptq.status();
  EXPECT_EQ(ptq->accuracies_pct.size(), 2u);

  training::QatOptions qat_options;
  qat_options.epochs = 1;
  qat_options.batch_size = 16;
  qat_options.validation_fraction = 0.25;
  qat_options.log = nullptr;
  const absl::StatusOr<training::EvalResult> qat =
      Qat({.trained = trained_, .new_network = Factory(), .train = &data_, .test = &data_,
           .qat = qat_options, .eval = TwoPasses()});
  ASSERT_TRUE(qat.ok()) << qat.status();
  EXPECT_EQ(qat->accuracies_pct.size(), 2u);

  ASSERT_TRUE(ConvertToAnalog(Conversion()).ok());
  const std::map<std::string, torch::Tensor> after = State(trained_);
  ASSERT_EQ(before.size(), after.size());
  for (const auto& [name, tensor] : before) {
    ASSERT_TRUE(after.contains(name)) << name;
    EXPECT_TRUE(torch::equal(tensor, after.at(name))) << name;
  }
}

TEST_F(PhasesTest, AnalogPhasesNeedAnAnalogNetwork) {
  EXPECT_EQ(NoisyEval({.network = trained_, .test = &data_, .eval = TwoPasses()}).status().code(),
            absl::StatusCode::kFailedPrecondition);
  training::DriftEvalConfig drift;
  drift.eval = TwoPasses();
  drift.times_s = {60, 3600};
  EXPECT_EQ(DriftEval({.network = trained_, .test = &data_, .drift = drift}).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Hwt({.network = trained_, .train = &data_, .recipe = &recipe_, .base = {}}).code(),
            absl::StatusCode::kFailedPrecondition);

  const absl::StatusOr<networks::Network> analog = ConvertToAnalog(Conversion());
  ASSERT_TRUE(analog.ok()) << analog.status();
  const absl::StatusOr<training::EvalResult> noisy =
      NoisyEval({.network = *analog, .test = &data_, .eval = TwoPasses()});
  ASSERT_TRUE(noisy.ok()) << noisy.status();
  EXPECT_EQ(noisy->accuracies_pct.size(), 2u);
  const absl::StatusOr<std::vector<training::DriftEvalResult>> curve =
      DriftEval({.network = *analog, .test = &data_, .drift = drift});
  ASSERT_TRUE(curve.ok()) << curve.status();
  ASSERT_EQ(curve->size(), 2u);
  EXPECT_EQ((*curve)[0].t_inference_s, 60);
  EXPECT_EQ((*curve)[1].t_inference_s, 3600);
}

}  // namespace
}  // namespace aimc::experiments
