// Tests of tiled layers (crossbar/layer.h, aimc_model.md §1 "Tiling"):
// split sizes, exactness of the ideal preset over a tile grid, bias errors,
// and per-tile scales.
#include "crossbar/layer.h"

#include <atomic>
#include <cmath>
#include <string>
#include <vector>

#include "Eigen/Core"
#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/types/span.h"
#include "common/random.h"
#include "crossbar/column_source.h"
#include "crossbar/config.h"
#include "crossbar/tile.h"
#include "crossbar/tile_config.pb.h"
#include "gtest/gtest.h"

namespace aimc::crossbar {
namespace {

Eigen::MatrixXf Normal(int rows, int cols, uint64_t seed) {
  Eigen::MatrixXf m(rows, cols);
  RandomStream(StreamKey{.seed = seed, .entity = 55})
      .FillNormal(0, absl::MakeSpan(m.data(), m.size()));
  return m;
}

TileConfig Preset(const std::string& name) {
  absl::StatusOr<TileConfig> config = LoadTileConfig(name);
  EXPECT_TRUE(config.ok()) << config.status();
  return config.ok() ? *config : TileConfig();
}

double RelErr(const Eigen::MatrixXf& y, const Eigen::MatrixXd& y0) {
  return (y.cast<double>() - y0).norm() / y0.norm();
}

TEST(SplitSizesTest, NearEqualPieces) {
  EXPECT_EQ(SplitSizes(1000, 512), (std::vector<int>{500, 500}));
  EXPECT_EQ(SplitSizes(1025, 512), (std::vector<int>{342, 342, 341}));
  EXPECT_EQ(SplitSizes(1024, 512), (std::vector<int>{512, 512}));
  EXPECT_EQ(SplitSizes(512, 512), (std::vector<int>{512}));
  EXPECT_EQ(SplitSizes(513, 512), (std::vector<int>{257, 256}));
  EXPECT_EQ(SplitSizes(576, 512), (std::vector<int>{288, 288}));
  EXPECT_EQ(SplitSizes(10, 3), (std::vector<int>{3, 3, 2, 2}));
  EXPECT_EQ(SplitSizes(1, 512), (std::vector<int>{1}));
  EXPECT_EQ(SplitSizes(100000, 0), (std::vector<int>{100000}));  // 0: unlimited
}

TEST(SplitSizesTest, PiecesCoverTheSizeAndRespectTheMaximum) {
  for (int size = 1; size <= 300; ++size) {
    for (int max_size : {1, 7, 32, 128, 512}) {
      const std::vector<int> sizes = SplitSizes(size, max_size);
      int sum = 0;
      for (int s : sizes) {
        EXPECT_LE(s, max_size);
        EXPECT_GE(s, sizes.back());
        EXPECT_LE(s - sizes.back(), 1);
        sum += s;
      }
      EXPECT_EQ(sum, size);
      EXPECT_EQ(static_cast<int>(sizes.size()), (size + max_size - 1) / max_size);
    }
  }
}

// `ideal`: a 700 x 1100 layer on 512 x 512 tiles is a 2 x 3 grid of tiles
// (out pieces 350, 350; in pieces 367, 367, 366); the forward is W x + b up
// to float summation order.
TEST(AnalogLayerTest, IdealTiledForwardIsTheProductPlusBias) {
  const Eigen::MatrixXf w = Normal(700, 1100, 1);
  const Eigen::VectorXf bias = Normal(700, 1, 2);
  const Eigen::MatrixXf x = Normal(1100, 40, 3);
  const Eigen::MatrixXd exact =
      (w.cast<double>() * x.cast<double>()).colwise() + bias.cast<double>();
  for (int max_size : {512, 0}) {
    SCOPED_TRACE(max_size);
    TileConfig config = Preset("ideal");
    config.mutable_mapping()->set_max_input_size(max_size);
    config.mutable_mapping()->set_max_output_size(max_size);
    auto layer = AnalogLayer::Create(config, w, bias, 7, 1);
    ASSERT_TRUE(layer.ok()) << layer.status();
    EXPECT_EQ(layer->in_size(), 1100);
    EXPECT_EQ(layer->out_size(), 700);
    if (max_size == 512) {
      ASSERT_EQ(layer->tile_rows(), 2);
      ASSERT_EQ(layer->tile_cols(), 3);
      EXPECT_EQ(layer->tile(1, 2).out_size(), 350);
      EXPECT_EQ(layer->tile(1, 2).in_size(), 366);
      EXPECT_EQ(layer->tile(0, 0).in_size(), 367);
    } else {
      EXPECT_EQ(layer->tile_rows(), 1);
      EXPECT_EQ(layer->tile_cols(), 1);
    }
    Eigen::MatrixXf y;
    layer->Forward(x, &y, 2);
    ASSERT_EQ(y.rows(), 700);
    ASSERT_EQ(y.cols(), 40);
    EXPECT_LT(RelErr(y, exact), 1e-5);
    EXPECT_LT((y.cast<double>() - exact).cwiseAbs().maxCoeff(), 1e-5 * exact.cwiseAbs().maxCoeff());
  }
}

TEST(AnalogLayerTest, NoBiasIsAllowed) {
  const Eigen::MatrixXf w = Normal(30, 20, 4);
  const Eigen::MatrixXf x = Normal(20, 5, 5);
  auto layer = AnalogLayer::Create(Preset("ideal"), w, Eigen::VectorXf(), 1, 0);
  ASSERT_TRUE(layer.ok()) << layer.status();
  Eigen::MatrixXf y;
  layer->Forward(x, &y, 1);
  EXPECT_LT(RelErr(y, w.cast<double>() * x.cast<double>()), 1e-5);
}

TEST(AnalogLayerTest, BiasErrors) {
  const Eigen::MatrixXf w = Normal(8, 6, 6);
  absl::Status s = AnalogLayer::Create(Preset("ideal"), w, Eigen::VectorXf::Zero(6), 1, 0).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
  EXPECT_TRUE(absl::StrContains(s.message(), "bias")) << s;
  Eigen::VectorXf bias = Eigen::VectorXf::Zero(8);
  bias[5] = std::nanf("");
  s = AnalogLayer::Create(Preset("ideal"), w, bias, 1, 0).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
  EXPECT_TRUE(absl::StrContains(s.message(), "index 5")) << s;
}

TEST(AnalogLayerTest, WeightErrorsNameTheTile) {
  EXPECT_EQ(AnalogLayer::Create(Preset("ideal"), Eigen::MatrixXf(0, 3), Eigen::VectorXf(), 1, 0)
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  // 700 x 1100 on 512 tiles: layer row 600, column 800 is in tile (1, 2),
  // which starts at row 350, column 734; local row 250, column 66.
  Eigen::MatrixXf w = Normal(700, 1100, 8);
  w(600, 800) = INFINITY;
  const absl::Status s = AnalogLayer::Create(Preset("ideal"), w, Eigen::VectorXf(), 1, 0).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
  EXPECT_TRUE(absl::StrContains(s.message(), "row 250, column 66")) << s;
  EXPECT_TRUE(absl::StrContains(s.message(), "tile 1,2 starting at row 350, column 734")) << s;
}

// Each tile maps its own block: with column scales, tile (r, c)'s gamma_i is
// the max |w| of row i within its block; with the tile scale (analognas_bench)
// it is the max of the block. The input halves differ 10x in magnitude, so
// one layer-wide scale would be visibly wrong.
TEST(AnalogLayerTest, EachTileHasItsOwnScales) {
  Eigen::MatrixXf w = Normal(6, 8, 9);
  w.rightCols(4) *= 10.0f;
  for (const std::string preset : {"rasch2023_standard_pcm", "analognas_bench"}) {
    SCOPED_TRACE(preset);
    TileConfig config = Preset(preset);
    config.mutable_mapping()->set_max_input_size(4);
    config.mutable_mapping()->set_max_output_size(3);
    auto layer = AnalogLayer::Create(config, w, Eigen::VectorXf(), 3, 2);
    ASSERT_TRUE(layer.ok()) << layer.status();
    ASSERT_EQ(layer->tile_rows(), 2);
    ASSERT_EQ(layer->tile_cols(), 2);
    const bool column = config.mapping().output_scale() == MappingConfig::COLUMN;
    for (int r = 0; r < 2; ++r) {
      for (int c = 0; c < 2; ++c) {
        const Eigen::MatrixXf block = w.block(3 * r, 4 * c, 3, 4);
        const Eigen::VectorXf& gamma = layer->tile(r, c).output_scales();
        ASSERT_EQ(gamma.size(), 3);
        for (int i = 0; i < 3; ++i) {
          const float expected =
              column ? block.row(i).cwiseAbs().maxCoeff() : block.cwiseAbs().maxCoeff();
          EXPECT_EQ(gamma[i], expected) << "tile " << r << "," << c << " row " << i;
        }
        EXPECT_LT(
            (gamma.asDiagonal() * layer->tile(r, c).mapped_weights() - block).cwiseAbs().maxCoeff(),
            1e-5f * block.cwiseAbs().maxCoeff());
      }
    }
  }
}

// The layer's exempt mask reaches every input piece's tile, split by outputs.
TEST(AnalogLayerTest, NoiseExemptColumnsAreSplitOverTheOutputPieces) {
  TileConfig config = Preset("rasch2023_standard_pcm");
  config.mutable_mapping()->set_max_input_size(4);
  config.mutable_mapping()->set_max_output_size(3);
  auto layer = AnalogLayer::Create(config, Normal(6, 8, 31), Eigen::VectorXf(), 3, 2);
  ASSERT_TRUE(layer.ok()) << layer.status();
  const std::vector<bool> mask = {true, false, false, false, false, true};
  ASSERT_TRUE(layer->SetNoiseExemptColumns(mask).ok());
  for (int c = 0; c < 2; ++c) {
    EXPECT_EQ(layer->tile(0, c).noise_exempt_rows(), std::vector<bool>({true, false, false}));
    EXPECT_EQ(layer->tile(1, c).noise_exempt_rows(), std::vector<bool>({false, false, true}));
  }
  EXPECT_EQ(layer->SetNoiseExemptColumns(std::vector<bool>(5)).code(),
            absl::StatusCode::kInvalidArgument);
}

// Tiles get their own random streams: two tiles holding the same block
// program differently; the whole layer is deterministic for a seed.
TEST(AnalogLayerTest, TilesHaveTheirOwnNoiseAndTheLayerIsDeterministic) {
  const Eigen::MatrixXf block = Normal(16, 16, 10);
  Eigen::MatrixXf w(16, 32);
  w << block, block;
  TileConfig config = Preset("rasch2023_standard_pcm");
  config.mutable_mapping()->set_max_input_size(16);
  const Eigen::MatrixXf x = Normal(32, 20, 11);
  Eigen::MatrixXf y[2];
  for (int k = 0; k < 2; ++k) {
    auto layer = *AnalogLayer::Create(config, w, Eigen::VectorXf(), 42, 3);
    ASSERT_TRUE(layer.Program(0, 1 + k).ok());
    EXPECT_NE(layer.tile(0, 0).effective_weights(), layer.tile(0, 1).effective_weights());
    ASSERT_TRUE(layer.Drift(3600, 0, 1 + k).ok());
    layer.Forward(x, &y[k], 1 + k);
  }
  EXPECT_EQ(y[0], y[1]);
}

// A matrix served block by block, recording which ranges were asked for.
class MatrixSource : public ColumnSource {
 public:
  explicit MatrixSource(const Eigen::MatrixXf& m, bool levels = false) : m_(m), levels_(levels) {}
  bool dac_levels() const override { return levels_; }
  int64_t rows() const override { return m_.rows(); }
  int64_t cols() const override { return m_.cols(); }
  void Fill(int64_t j0, int64_t n, float* dst) const override {
    Eigen::Map<Eigen::MatrixXf>(dst, m_.rows(), n) = m_.middleCols(j0, n);
    fills_ += 1;
  }
  int fills() const { return fills_; }

 private:
  const Eigen::MatrixXf& m_;
  bool levels_;
  mutable std::atomic<int> fills_{0};
};

// A source gives the numbers of the same batch as a matrix, eval and
// training, whether it is streamed (a static input range, one pass: the
// analognas_bench and Rasch PCM tiles) or materialized (bound management,
// ideal GEMM, several tiles), on 1 and 2 threads; streaming fills block by
// block. A streamed layer takes DAC levels made beforehand as well.
TEST(AnalogLayerTest, ColumnSourceGivesTheMatrixNumbers) {
  const Eigen::MatrixXf w = Normal(24, 72, 30);
  const Eigen::MatrixXf x = 2.0f * Normal(72, 1000, 31);  // 4 blocks of 256
  WeightNoiseInjection injection;
  injection.type = WeightNoiseInjection::Type::kAdditiveGaussian;
  injection.scale = 0.06f;
  struct Case {
    std::string preset;
    int max_input;
    bool streams;
  };
  for (const Case& c : {Case{"analognas_bench", 512, true}, Case{"ideal", 512, false},
                        Case{"rasch2023_standard_pcm", 512, true}, Case{"crossnas_pim", 512, false},
                        Case{"analognas_bench", 40, false}}) {
    for (int threads : {1, 2}) {
      SCOPED_TRACE(c.preset + " max_input " + std::to_string(c.max_input) + " threads " +
                   std::to_string(threads));
      TileConfig config = Preset(c.preset);
      config.mutable_mapping()->set_max_input_size(c.max_input);
      auto a = *AnalogLayer::Create(config, w, Eigen::VectorXf(), 5, 2);
      auto b = *AnalogLayer::Create(config, w, Eigen::VectorXf(), 5, 2);
      if (config.input_range().enabled()) {
        a.set_input_range(2.5f);
        b.set_input_range(2.5f);
      }
      const MatrixSource source(x);
      // The same inputs as DAC levels made beforehand, where the layer allows.
      auto l = *AnalogLayer::Create(config, w, Eigen::VectorXf(), 5, 2);
      l.set_input_range(a.input_range());
      EXPECT_EQ(l.Streams(), c.streams);
      Eigen::MatrixXf levels(x.rows(), x.cols());
      if (c.streams) l.ToDacLevels(x.data(), x.size(), levels.data());
      const MatrixSource level_source(levels, /*levels=*/true);
      Eigen::MatrixXf ya, yb, yl;
      a.Forward(x, &ya, threads);
      b.Forward(source, &yb, threads);
      EXPECT_EQ(ya, yb);
      if (c.streams) {
        l.Forward(level_source, &yl, threads);
        EXPECT_EQ(ya, yl);
      }
      a.ForwardTraining(x, injection, 3, &ya, threads);
      b.ForwardTraining(source, injection, 3, &yb, threads);
      EXPECT_EQ(ya, yb);
      if (c.streams) {
        l.ForwardTraining(level_source, injection, 3, &yl, threads);
        EXPECT_EQ(ya, yl);
        ASSERT_TRUE(l.Program(0, threads).ok());
        ASSERT_TRUE(l.Drift(86400, 0, threads).ok());
      }
      ASSERT_TRUE(a.Program(0, threads).ok());
      ASSERT_TRUE(b.Program(0, threads).ok());
      ASSERT_TRUE(a.Drift(86400, 0, threads).ok());
      ASSERT_TRUE(b.Drift(86400, 0, threads).ok());
      a.Forward(x, &ya, threads);
      b.Forward(source, &yb, threads);
      EXPECT_EQ(ya, yb);
      if (c.streams) {
        EXPECT_EQ(source.fills(), 3 * 4);  // every call filled 4 blocks
        l.Forward(level_source, &yl, threads);
        EXPECT_EQ(ya, yl);
        EXPECT_NE(levels, x);  // the levels differ from the inputs
      }
    }
  }
}

// Bound-management statistics add up over the tiles.
TEST(AnalogLayerTest, StatsAggregateOverTiles) {
  TileConfig config = Preset("crossnas_pim");  // ITERATIVE bound management
  config.mutable_mapping()->set_max_input_size(64);
  config.mutable_mapping()->set_max_output_size(64);
  const Eigen::MatrixXf w = Eigen::MatrixXf::Ones(128, 128);  // 2 x 2 tiles
  const Eigen::MatrixXf x = Eigen::MatrixXf::Ones(128, 3);
  auto layer = *AnalogLayer::Create(config, w, Eigen::VectorXf(), 1, 0);
  IoStats stats;
  Eigen::MatrixXf y;
  layer.Forward(x, &y, 1, &stats);
  // Each tile: 64 ones with ABS_MAX -> 64 > 10; factors 1..8 bring it to 8.
  EXPECT_EQ(stats.bm_passes, 4);
  EXPECT_EQ(stats.bm_redone, 4 * 3 * 3);  // 4 tiles x 3 columns x 3 redos
  EXPECT_EQ(stats.clipped, 0);
  EXPECT_NEAR(y(0, 0), 128.0f, 0.02f * 128);
}

// Training reuses one layer: SetWeights must behave as a fresh Create, and
// the training forward of the ideal preset must be the exact product.
TEST(AnalogLayerTest, SetWeightsEqualsCreateAndTrainingForwardIsExactWhenIdeal) {
  const Eigen::MatrixXf w0 = Normal(600, 700, 11);
  const Eigen::MatrixXf w1 = 3.0f * Normal(600, 700, 12);
  const Eigen::VectorXf bias = Normal(600, 1, 13);
  const Eigen::MatrixXf x = Normal(700, 20, 14);
  const Eigen::MatrixXd exact =
      (w1.cast<double>() * x.cast<double>()).colwise() + bias.cast<double>();
  TileConfig ideal = Preset("ideal");
  ideal.mutable_mapping()->set_max_input_size(512);
  ideal.mutable_mapping()->set_max_output_size(512);
  auto layer = AnalogLayer::Create(ideal, w0, Eigen::VectorXf(), 7, 1);
  ASSERT_TRUE(layer.ok()) << layer.status();
  ASSERT_TRUE(layer->SetWeights(w1, bias).ok());
  Eigen::MatrixXf y, y_train;
  layer->Forward(x, &y, 1);
  EXPECT_LT(RelErr(y, exact), 1e-5);
  layer->ForwardTraining(x, WeightNoiseInjection(), 0, &y_train, 1);
  EXPECT_LT(RelErr(y_train, exact), 1e-5);

  // Noisy preset: a layer updated by SetWeights gives the same numbers as one
  // created with those weights (same seed and layer id).
  const TileConfig pcm = Preset("analognas_bench");
  auto updated = AnalogLayer::Create(pcm, w0, bias, 9, 4);
  auto fresh = AnalogLayer::Create(pcm, w1, bias, 9, 4);
  ASSERT_TRUE(updated.ok() && fresh.ok());
  ASSERT_TRUE(updated->SetWeights(w1, bias).ok());
  Eigen::MatrixXf a, b;
  const Eigen::MatrixXf xs = 0.3f * x;
  WeightNoiseInjection add;
  add.type = WeightNoiseInjection::Type::kAdditiveGaussian;
  add.scale = 0.06f;
  updated->ForwardTraining(xs, add, 5, &a, 1);
  fresh->ForwardTraining(xs, add, 5, &b, 1);
  EXPECT_EQ(a, b);
  ASSERT_TRUE(updated->Program(0, 1).ok());
  ASSERT_TRUE(fresh->Program(0, 1).ok());
  updated->Forward(xs, &a, 1);
  fresh->Forward(xs, &b, 1);
  EXPECT_EQ(a, b);

  EXPECT_FALSE(updated->SetWeights(Normal(600, 699, 1), bias).ok());
  Eigen::MatrixXf bad = w1;
  bad(3, 600) = std::nanf("");
  const absl::Status s = updated->SetWeights(bad, bias);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(s.message(), "tile 0,1")) << s;
}

TEST(AnalogLayerTest, InputRangeIsSharedByTheTiles) {
  TileConfig config = Preset("analognas_bench");
  config.mutable_mapping()->set_max_input_size(256);
  auto layer = AnalogLayer::Create(config, Normal(10, 600, 1), Eigen::VectorXf(), 1, 1);
  ASSERT_TRUE(layer.ok());
  EXPECT_FLOAT_EQ(layer->input_range(), 3.0f);
  layer->set_input_range(1.5f);
  for (int c = 0; c < layer->tile_cols(); ++c)
    EXPECT_FLOAT_EQ(layer->tile(0, c).input_range(), 1.5f);
}

}  // namespace
}  // namespace aimc::crossbar
