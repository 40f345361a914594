// Tests of the CrossNAS QAT regimes and PIM evaluation on a tiny CrossNAS
// QuantNet and the synthetic bands data: uniform per-group bit sampling,
// fingerprints, bit-identical resume, and the §9.5 item 7 sanity check (PIM
// at X 256 / ADC 10 / DAC 2 tracks QAT accuracy; ADC 4 is no better).
#include <torch/torch.h>

#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "gtest/gtest.h"
#include "nas/crossnas/arch_genotype.h"
#include "nas/crossnas/qpim_genotype.h"
#include "networks/crossnas/quant/quant_net.h"
#include "networks/network.h"
#include "training/crossnas/qat/pim_eval.h"
#include "training/crossnas/qat/qat_bits_regime.h"
#include "training/data/dataset.h"
#include "training/regime.h"
#include "training/testing/synthetic_data.h"
#include "training/testing/tiny_training.h"
#include "training/trainer.h"
#include "training/trainer_config.h"

namespace aimc::training::crossnas {
namespace {

using networks::crossnas::QuantMode;
using networks::crossnas::QuantNet;

QuantNet SmallNet(uint64_t seed) {
  absl::StatusOr<nas::crossnas::ArchGenotype> g =
      nas::crossnas::ParseArchGenotype("VGG-32,MVGG-64");
  EXPECT_TRUE(g.ok()) << g.status();
  absl::StatusOr<networks::crossnas::QuantNetSpec> spec = networks::crossnas::CrossNasQuantSpec(
      nas::crossnas::ToBlockList(*g, nas::crossnas::Cifar10ArchSpace()), 0.125, 4);
  EXPECT_TRUE(spec.ok()) << spec.status();
  absl::StatusOr<QuantNet> net = networks::crossnas::CreateQuantNet(*spec, seed);
  EXPECT_TRUE(net.ok()) << net.status();
  return *net;
}

Dataset Bands(int64_t n, uint64_t seed) {
  return testing::MakeBandsDataset(n, {3, 32, 32}, 4, seed);
}

TrainerConfig QatConfig(const std::string& path) {
  TrainerConfig c = testing::TinyConfig(path);
  c.schedule.epochs = 1;
  c.optimizer.kind = OptimizerKind::kAdam;
  c.optimizer.lr = 8e-4;
  c.optimizer.weight_decay = 0;
  return c;
}

TEST(SampleBlockBitsTest, UniformOverTheNineMapsAndKeyedByStep) {
  const std::vector<int> choices = {5, 7, 9};
  std::map<std::pair<int, int>, int> counts;
  StepContext step;
  step.seed = 3;
  for (int64_t s = 0; s < 300; ++s) {
    step.global_step = s;
    for (const BlockBits& b : SampleBlockBits(step, 3, choices)) {
      ++counts[{b.weight_bits, b.activation_bits}];
    }
  }
  ASSERT_EQ(counts.size(), 9u);
  // 900 draws, 100 expected per map, sd 9.4: [60, 140] is > 4 sd (flake < 1e-3).
  for (const auto& [map, count] : counts) {
    EXPECT_GE(count, 60) << map.first << "/" << map.second;
    EXPECT_LE(count, 140) << map.first << "/" << map.second;
  }
  step.global_step = 7;
  EXPECT_EQ(SampleBlockBits(step, 4, choices), SampleBlockBits(step, 4, choices));
}

TEST(QatRegimeTest, FingerprintsAndNetworkCheck) {
  EXPECT_EQ(MixedPrecisionQatRegime().Fingerprint(), "crossnas_qat_mixed{5,7,9}");
  EXPECT_EQ(FixedBitsQatRegime({{9, 9}, {7, 5}}).Fingerprint(), "crossnas_qat_fixed{9/9,7/5}");
  const Dataset data = testing::MakeBandsDataset(32, {1, 8, 8}, 4);
  auto trainer = Trainer::Create(testing::TinyNb201(1), &data, QatConfig(""),
                                 std::make_unique<MixedPrecisionQatRegime>());
  EXPECT_EQ(trainer.status().code(), absl::StatusCode::kFailedPrecondition);
  const Dataset bands = Bands(32, 1);
  QuantNet net = SmallNet(1);
  auto fixed =
      Trainer::Create(networks::AsNetwork(net), &bands, QatConfig(""),
                      std::make_unique<FixedBitsQatRegime>(std::vector<BlockBits>{{9, 9}}));
  EXPECT_EQ(fixed.status().code(), absl::StatusCode::kInvalidArgument);  // 2 groups
}

TEST(QatRegimeTest, MixedPrecisionResumeIsBitIdentical) {
  const Dataset data = Bands(96, 1);
  QuantNet straight = SmallNet(3);
  {
    auto t = Trainer::Create(networks::AsNetwork(straight), &data, QatConfig(""),
                             std::make_unique<MixedPrecisionQatRegime>());
    ASSERT_TRUE(t.ok()) << t.status();
    ASSERT_TRUE((*t)->Train().ok());
  }
  const std::string path = testing::TempPath("crossnas_qat_resume.ckpt");
  {
    QuantNet first = SmallNet(3);
    auto t = Trainer::Create(networks::AsNetwork(first), &data, QatConfig(path),
                             std::make_unique<MixedPrecisionQatRegime>());
    ASSERT_TRUE(t.ok()) << t.status();
    ASSERT_TRUE((*t)->TrainSteps(3).ok());
  }
  QuantNet resumed = SmallNet(3);
  auto t = Trainer::Create(networks::AsNetwork(resumed), &data, QatConfig(path),
                           std::make_unique<MixedPrecisionQatRegime>());
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_TRUE((*t)->resumed());
  ASSERT_TRUE((*t)->Train().ok());
  networks::Network a = networks::AsNetwork(straight), b = networks::AsNetwork(resumed);
  testing::ExpectIdentical(a, b);
  EXPECT_EQ(straight->mode(), QuantMode::kQat);
}

TEST(PimEvalTest, PimAccuracyTracksQatAccuracyAndIsDeterministic) {
  const Dataset train = Bands(256, 1), test = Bands(128, 2);
  QuantNet net = SmallNet(0);
  {
    auto fp = Trainer::Create(networks::AsNetwork(net), &train, testing::TinyConfig(""));
    ASSERT_TRUE(fp.ok()) << fp.status();
    ASSERT_TRUE((*fp)->Train().ok());
    auto qat = Trainer::Create(networks::AsNetwork(net), &train, QatConfig(""),
                               std::make_unique<MixedPrecisionQatRegime>());
    ASSERT_TRUE(qat.ok()) << qat.status();
    ASSERT_TRUE((*qat)->Train().ok());
  }
  nas::crossnas::QpimGenotype g;
  g.block_bits = {{9, 9}, {9, 9}};
  g.crossbar_size = 256;
  g.adc_bits = 10;
  g.dac_bits = 2;
  QuantEvalOptions options;
  options.calibration = &train;
  options.calibration_images = 256;
  options.batch_size = 64;
  absl::StatusOr<double> fp = QuantNetAccuracy(net, test, 128, QuantMode::kFloat);
  absl::StatusOr<double> qat = QatAccuracy(net, test, 128, g, options);
  absl::StatusOr<double> pim10 = PimAccuracy(net, test, 128, g, options);
  absl::StatusOr<double> pim10_again = PimAccuracy(net, test, 128, g, options);
  g.adc_bits = 4;
  absl::StatusOr<double> pim4 = PimAccuracy(net, test, 128, g, options);
  ASSERT_TRUE(fp.ok() && qat.ok() && pim10.ok() && pim10_again.ok() && pim4.ok())
      << qat.status() << pim10.status() << pim4.status();
  std::printf("accuracy %%: float %.2f, qat 9/9 %.2f, pim adc10 %.2f, pim adc4 %.2f\n", *fp, *qat,
              *pim10, *pim4);
  EXPECT_GT(*qat, 50.0);  // learned (chance 25 %)
  EXPECT_NEAR(*pim10, *qat, 5.0);
  EXPECT_EQ(*pim10, *pim10_again);
  EXPECT_LE(*pim4, *pim10 + 3.0);
  EXPECT_EQ(net->mode(), QuantMode::kQat);  // restored
  g.block_bits = {{9, 9}};
  EXPECT_EQ(PimAccuracy(net, test, 128, g, options).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace aimc::training::crossnas
