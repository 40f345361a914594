#include "crossbar/cost/latency.h"

#include "crossbar/cost/cost_model.h"
#include "crossbar/cost/networks.h"
#include "crossbar/cost/placement.h"
#include "gtest/gtest.h"

namespace aimc::crossbar::cost {
namespace {

TEST(Placement, SquareShells) {
  const int expect[][2] = {{0, 0}, {0, 1}, {1, 1}, {1, 0}, {2, 0},
                           {2, 1}, {2, 2}, {1, 2}, {0, 2}, {0, 3}};
  for (int t = 0; t < 10; ++t) {
    EXPECT_EQ(TileCoordinates(t).row, expect[t][0]) << t;
    EXPECT_EQ(TileCoordinates(t).col, expect[t][1]) << t;
  }
}

TEST(Latency, SingleFcLayerByHand) {
  // fc 256->256, defaults, 9/9 bits: 8 PEs on tiles 0, 1 at (0,0), (0,1);
  // the last layer picks (0,0): d_in = 1, d_out = 0. r = c = 256, n = 4,
  // T = 9 * 2 * 2 = 36.
  //   t_iW + t_iR = 2 * 20 * ceil(8 * 288 / 64) = 1440
  //   t_comp = 36 (3.16001284 + 3 + 8) = 509.7604622
  //   t_dig = 4*2 + 2*36*2 + 36*2*0.27933 + 36*2*0.032744 + 2*2 = 178.469328
  //   t_joint + t_intra = 4 + (2*8 - 3) * 256/1024 = 7.25
  //   t_oW = t_buf(1024 B) = 2560; t_merge = t_buf(1152 B) + 1 (2 + 460.8) = 3342.8
  //   total = 8038.2797902 ns.
  Network net{"fc", {Fc("fc", 256, 256, {}, {})}};
  const auto cost = EvaluateNetwork(net, CostConfig());
  ASSERT_TRUE(cost.ok()) << cost.status();
  EXPECT_EQ(cost->layers[0].placement.d_in, 1);
  EXPECT_EQ(cost->layers[0].placement.d_out, 0);
  EXPECT_NEAR(cost->latency_ns, 8038.2797902, 1e-6);
}

TEST(Latency, AlexNetWorkedExampleStep) {
  // §5 worked example: conv 192->384 on 4x4, d_in = 6, d_out = 8, a step of ~10.6 us
  // (t_iW + t_iR = 80 + 240 for an interior pixel).
  const Network net = AlexNet();
  const Hardware hw = *MakeHardware(CostConfig());
  const NetworkMapping mapping = *MapNetwork(net, hw);
  const auto placement = PlaceNetwork(net, mapping, hw);
  EXPECT_EQ(placement[4].d_in, 6);
  EXPECT_EQ(placement[4].d_out, 8);
  const LayerTiming t = ComputeLayerTiming(net.layers[4], mapping.layers[4], placement[4], hw);
  ASSERT_EQ(t.step_ns.size(), 16u);
  const LayerPlacement worked{0, 6, 8};
  const LayerTiming w = ComputeLayerTiming(net.layers[4], mapping.layers[4], worked, hw);
  EXPECT_NEAR(w.step_ns[5], 80 + 240 + 509.76 + 178.47 + 7.25 + 2560 + 2880 + 6 * 462.8 + 1382.4,
              0.05);
}

TEST(Latency, LastInputIndex) {
  const Layer c = Conv("c", 8, 8, 3, 1, 1, 4, 4, {}, {});
  EXPECT_EQ(LastInputIndex(c, 0), 1 * 4 + 1);  // rows 0-1, cols 0-1
  EXPECT_EQ(LastInputIndex(c, 15), 15);
  const Layer p = Pool("p", 8, 2, 2, 0, 4, 4, {}, {});
  EXPECT_EQ(LastInputIndex(p, 0), 5);
  EXPECT_EQ(LastInputIndex(p, 3), 15);
}

TEST(Latency, PipelineIsFasterThanLayerByLayer) {
  CostConfig c;
  const auto pipe = EvaluateNetwork(AlexNet(), c);
  c.set_pipeline(false);
  const auto serial = EvaluateNetwork(AlexNet(), c);
  ASSERT_TRUE(pipe.ok() && serial.ok());
  EXPECT_GT(serial->latency_ns, pipe->latency_ns);
  EXPECT_DOUBLE_EQ(serial->energy_nj, pipe->energy_nj);
}

}  // namespace
}  // namespace aimc::crossbar::cost
