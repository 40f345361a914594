#include <cmath>
#include <tuple>

#include "Eigen/Core"
#include "crossbar/config.h"
#include "crossbar/tile.h"
#include "gtest/gtest.h"

namespace aimc::crossbar {
namespace {

Eigen::MatrixXf Weights(int out, int in) {
  Eigen::MatrixXf w(out, in);
  RandomStream(StreamKey{.seed = 3}).FillNormal(0, absl::MakeSpan(w.data(), w.size()));
  return w;
}

// ideal IO: y = gamma (w_mapped + s xi) x, so (y - W x)_i / gamma has std
// s ||x|| over draws. 400 steps x 64 outputs = 25,600 samples: SE of a std
// estimate is std / sqrt(2 n) = 0.44 %; tolerance 3 % (~7 SE).
TEST(TileTrainingTest, AdditiveGaussianInjectionHasTheRequestedStd) {
  TileConfig config = *LoadTileConfig("ideal");
  const Eigen::MatrixXf w = Weights(64, 32);
  auto tile = *Tile::Create(config, w, StreamKey{.seed = 1});
  Eigen::MatrixXf x = Eigen::MatrixXf::Ones(32, 1);
  const Eigen::VectorXf exact = w * x;
  const float gamma = tile.output_scales()[0];
  WeightNoiseInjection inj{.type = WeightNoiseInjection::Type::kAdditiveGaussian, .scale = 0.06f};
  double ss = 0;
  int n = 0;
  Eigen::MatrixXf y;
  for (uint32_t step = 0; step < 400; ++step) {
    tile.ForwardTraining(x, inj, step, &y, nullptr, 1);
    ss += ((y.col(0) - exact) / gamma).squaredNorm();
    n += 64;
  }
  const double expected = 0.06 * std::sqrt(32.0);
  EXPECT_NEAR(std::sqrt(ss / n), expected, 0.03 * expected);
}

TEST(TileTrainingTest, SameStepSameNoiseAndCleanWeightsUntouched) {
  const Eigen::MatrixXf w = Weights(16, 16);
  auto tile = *Tile::Create(*LoadTileConfig("rasch2023_standard_pcm"), w, StreamKey{.seed = 2});
  const Eigen::MatrixXf mapped = tile.mapped_weights();
  const Eigen::MatrixXf x = Weights(16, 8);
  WeightNoiseInjection inj{.type = WeightNoiseInjection::Type::kPcm, .scale = 3.0f};
  Eigen::MatrixXf a, b, c;
  tile.ForwardTraining(x, inj, 7, &a, nullptr, 1);
  tile.ForwardTraining(x, inj, 7, &b, nullptr, 2);
  tile.ForwardTraining(x, inj, 8, &c, nullptr, 1);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  EXPECT_EQ(tile.mapped_weights(), mapped);
}

TEST(TileTrainingTest, DropConnectZeroesTheRequestedFraction) {
  // ideal IO and a one-hot input read one column of the trained weights.
  const Eigen::MatrixXf w = Eigen::MatrixXf::Ones(4096, 1);
  auto tile = *Tile::Create(*LoadTileConfig("ideal"), w, StreamKey{.seed = 4});
  Eigen::MatrixXf y;
  tile.ForwardTraining(Eigen::MatrixXf::Ones(1, 1), {.drop_connect = 0.1f}, 0, &y, nullptr, 1);
  const double dropped = (y.array() == 0).count() / 4096.0;
  // Binomial SE sqrt(0.1 * 0.9 / 4096) = 0.0047; 5 SE.
  EXPECT_NEAR(dropped, 0.1, 5 * 0.0047);
}

TEST(TileTrainingTest, ReportsInputsClippedByTheStaticRange) {
  auto tile = *Tile::Create(*LoadTileConfig("analognas_bench"), Weights(8, 4), StreamKey{});
  Eigen::MatrixXf x(4, 1);
  x << 0.5f, -3.5f, 2.9f, 3.1f;  // range starts at 3.0
  Eigen::MatrixXf y;
  Eigen::Array<bool, Eigen::Dynamic, Eigen::Dynamic> clipped;
  tile.ForwardTraining(x, {}, 0, &y, &clipped, 1);
  EXPECT_FALSE(clipped(0, 0));
  EXPECT_TRUE(clipped(1, 0));
  EXPECT_FALSE(clipped(2, 0));
  EXPECT_TRUE(clipped(3, 0));
}

// PCM shape (programming only) at a weight of 0.5: std = sigma_p(0.5) / g_max
// per unit weight = (0.26348 + 1.9650 * 0.5 - 1.1731 * 0.25) / 25 = 0.03811.
// 4096 weights x 50 steps: SE 0.3 %; tolerance 2 %.
TEST(TileTrainingTest, PcmProgrammingShapeMatchesSigmaP) {
  Eigen::MatrixXf w = Eigen::MatrixXf::Constant(4096, 1, 0.5f);
  w(0, 0) = 1.0f;  // tile scale: max |W| = 1, so mapped weights are 0.5
  TileConfig config = *LoadTileConfig("ideal");
  config.mutable_mapping()->set_output_scale(MappingConfig::TILE);
  auto tile = *Tile::Create(config, w, StreamKey{.seed = 5});
  Eigen::MatrixXf y;
  double ss = 0;
  int n = 0;
  for (uint32_t step = 0; step < 50; ++step) {
    tile.ForwardTraining(Eigen::MatrixXf::Ones(1, 1),
                         {.type = WeightNoiseInjection::Type::kPcmProgramming, .scale = 1.0f},
                         step, &y, nullptr, 1);
    ss += (y.array().bottomRows(4095) - 0.5f).square().sum();
    n += 4095;
  }
  const double expected = (0.26348 + 1.9650 * 0.5 - 1.1731 * 0.25) / 25;
  EXPECT_NEAR(std::sqrt(ss / n), expected, 0.02 * expected);
}

// Supp. Table 5's R and C injections on mapped weights of 0.5: R's sigma is
// the 1 s ReRAM fit at x = 0.5 over g_max 40 uS (0.348 + 16.030/2 - 43.853/4
// + 45.393/8 - 16.815/16) / 40 = 5.057 %, times the scale; C's is 3.42 % of
// max|W| times the scale. Same sample size and tolerance as above.
TEST(TileTrainingTest, ReramAndConstantInjectionsMatchTheirSigma) {
  Eigen::MatrixXf w = Eigen::MatrixXf::Constant(4096, 1, 0.5f);
  w(0, 0) = 1.0f;
  TileConfig config = *LoadTileConfig("ideal");
  config.mutable_mapping()->set_output_scale(MappingConfig::TILE);
  const double reram_x05 = (0.348 + 16.030 / 2 - 43.853 / 4 + 45.393 / 8 - 16.815 / 16) / 40;
  for (const auto& [type, scale, expected] :
       {std::tuple{WeightNoiseInjection::Type::kReramProgramming, 2.0f, 2 * reram_x05},
        std::tuple{WeightNoiseInjection::Type::kConstant, 3.0f, 3 * 0.0342}}) {
    auto tile = *Tile::Create(config, w, StreamKey{.seed = 6});
    Eigen::MatrixXf y;
    double ss = 0;
    int n = 0;
    for (uint32_t step = 0; step < 50; ++step) {
      tile.ForwardTraining(Eigen::MatrixXf::Ones(1, 1), {.type = type, .scale = scale}, step, &y,
                           nullptr, 1);
      ss += (y.array().bottomRows(4095) - 0.5f).square().sum();
      n += 4095;
    }
    EXPECT_NEAR(std::sqrt(ss / n), expected, 0.02 * expected) << static_cast<int>(type);
  }
}

}  // namespace
}  // namespace aimc::crossbar
