#include "crossbar/cost/mapping.h"

#include "crossbar/cost/cost_model.h"
#include "gtest/gtest.h"

namespace aimc::crossbar::cost {
namespace {

Hardware Hw(int xbar = 256) {
  CostConfig c;
  c.set_xbar_size(xbar);
  c.set_subarray_size(xbar);
  return *MakeHardware(c);
}

TEST(Mapping, ConvCountsByHand) {
  // §2: c_x = floor(256/9) = 28; AlexNet conv 192->384: mx = 8 * 2 = 16,
  // my = ceil(192/28) = 7, 112 PEs, 28 tiles, r = 28*9 = 252, c = 256.
  const auto m = MapLayer(Conv("c", 192, 384, 3, 1, 1, 4, 4, {}, {}), Hw());
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->channels_per_xbar, 28);
  EXPECT_EQ(m->weight_slices, 8);
  EXPECT_EQ(m->mx, 16);
  EXPECT_EQ(m->my, 7);
  EXPECT_EQ(m->pes, 112);
  EXPECT_EQ(m->tiles, 28);
  EXPECT_EQ(m->pes_per_tile, 4);
  EXPECT_EQ(m->rows_used, 252);
  EXPECT_EQ(m->cols_used, 256);
}

TEST(Mapping, FcAndPerLayerBits) {
  // fc 2048->512 at 5-bit weights: 4 slices, mx = 4*2, my = 8: 64 PEs, 16 tiles.
  const auto m = MapLayer(Fc("f", 2048, 512, {5, 9, 9}, {}), Hw());
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->weight_slices, 4);
  EXPECT_EQ(m->pes, 64);
  EXPECT_EQ(m->tiles, 16);
  EXPECT_EQ(m->rows_used, 256);
}

TEST(Mapping, CrossNas128ConvAtX32Needs344Tiles) {
  // crossnas_spec.md §6.4 [D]: c_x = 3, my = 43, mx = 8 * 4 = 32: 1376 PEs, 344 tiles.
  const auto m = MapLayer(Conv("c", 128, 128, 3, 1, 1, 32, 32, {}, {}), Hw(32));
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->pes, 1376);
  EXPECT_EQ(m->tiles, 344);
}

TEST(Mapping, LargerCrossbarFewerTiles) {
  const Layer l = Conv("c", 128, 128, 3, 1, 1, 32, 32, {}, {});
  int prev = 1 << 30;
  for (int x : {32, 64, 128, 256, 512}) {
    const int tiles = MapLayer(l, Hw(x))->tiles;
    EXPECT_LE(tiles, prev) << x;
    prev = tiles;
  }
}

TEST(Mapping, InfeasibleNetworkIsResourceExhausted) {
  Network net{"big", {}};
  for (int i = 0; i < 13; ++i) {
    net.layers.push_back(Conv("conv" + std::to_string(i), 128, 128, 3, 1, 1, 32, 32, {},
                              i == 0 ? std::vector<int>{} : std::vector<int>{i - 1}));
  }
  net.layers[0].in_channels = 128;
  const auto cost = EvaluateNetwork(net, Hw(32));
  ASSERT_EQ(cost.status().code(), absl::StatusCode::kResourceExhausted) << cost.status();
  EXPECT_NE(cost.status().message().find("conv11"), absl::string_view::npos) << cost.status();
  EXPECT_NE(cost.status().message().find("4472"), absl::string_view::npos) << cost.status();
}

TEST(Mapping, KernelLargerThanCrossbarIsFailedPrecondition) {
  const auto m = MapLayer(Conv("c7", 3, 8, 7, 1, 3, 32, 32, {}, {}), Hw(32));
  EXPECT_EQ(m.status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(Mapping, PoolTakesOneTileSumNone) {
  EXPECT_EQ(MapLayer(Pool("p", 64, 2, 2, 0, 8, 8, {}, {}), Hw())->tiles, 1);
  EXPECT_EQ(MapLayer(ElementSum("s", 64, 8, 8, {}, {0, 1}), Hw())->tiles, 0);
}

}  // namespace
}  // namespace aimc::crossbar::cost
