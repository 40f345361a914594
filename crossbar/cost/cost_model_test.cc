#include "crossbar/cost/cost_model.h"

#include "crossbar/cost/config.h"
#include "crossbar/cost/networks.h"
#include "crossbar/cost/report.h"
#include "gtest/gtest.h"

namespace aimc::crossbar::cost {
namespace {

TEST(Networks, BundledShapesValidate) {
  for (const char* name : {"alexnet", "vgg16", "resnet18"}) {
    const auto net = BundledNetwork(name);
    ASSERT_TRUE(net.ok());
    EXPECT_TRUE(Validate(*net).ok()) << name << ": " << Validate(*net);
    const auto cost = EvaluateNetwork(*net, CostConfig());
    ASSERT_TRUE(cost.ok()) << name << ": " << cost.status();
    EXPECT_GT(cost->energy_nj, 0);
    EXPECT_GT(cost->latency_ns, 0);
  }
  EXPECT_EQ(BundledNetwork("lenet").status().code(), absl::StatusCode::kNotFound);
}

int Count(const Network& n, LayerKind kind) {
  int k = 0;
  for (const Layer& l : n.layers) k += l.kind == kind;
  return k;
}

TEST(Networks, LayerCounts) {
  EXPECT_EQ(Count(AlexNet(), LayerKind::kConv), 5);
  EXPECT_EQ(Count(AlexNet(), LayerKind::kPool), 3);
  EXPECT_EQ(Count(Vgg16(), LayerKind::kConv), 13);
  EXPECT_EQ(Count(Vgg16(), LayerKind::kPool), 4);
  EXPECT_EQ(Count(ResNet18(), LayerKind::kConv), 1 + 16 + 3);
  EXPECT_EQ(Count(ResNet18(), LayerKind::kElementSum), 8);
  EXPECT_EQ(ResNet18().layers.back().in_channels, 512);
}

TEST(Networks, CrossNasTranslation) {
  const auto blocks = ParseCrossNasBlocks("RES:32:5:7,VGG:64,MVGG:128:7:5");
  ASSERT_TRUE(blocks.ok()) << blocks.status();
  const auto net = CrossNasNetwork(*blocks);
  ASSERT_TRUE(net.ok()) << net.status();
  // RES: conv1, conv2, 1x1 shortcut, sum (no dummy pool); VGG: 2 conv + pool;
  // MVGG: 2 conv; head: AAP to 2x2, fc 512->200->50->10.
  ASSERT_EQ(net->layers.size(), 4u + 3 + 2 + 1 + 3);
  EXPECT_EQ(net->layers[0].kind, LayerKind::kConv);
  EXPECT_EQ(net->layers[0].bits.input_bits, 9);
  EXPECT_EQ(net->layers[0].bits.weight_bits, 5);
  EXPECT_EQ(net->layers[2].kernel, 1);
  EXPECT_TRUE(net->layers[2].inputs.empty());    // shortcut from the image
  EXPECT_EQ(net->layers[4].bits.input_bits, 7);  // VGG conv1 reads RES's AB
  const Layer& aap = net->layers[9];
  EXPECT_TRUE(aap.adaptive);
  EXPECT_EQ(aap.kernel, 8);
  EXPECT_EQ(aap.OutHeight(), 2);
  EXPECT_EQ(net->layers[10].in_channels, 4 * 128);
  EXPECT_EQ(net->layers.back().out_channels, 10);
  EXPECT_FALSE(ParseCrossNasBlocks("FOO:32").ok());
  EXPECT_FALSE(ParseCrossNasBlocks("VGG:x").ok());
  EXPECT_FALSE(CrossNasNetwork(*ParseCrossNasBlocks("VGG:32,VGG:32,VGG:32,VGG:32,VGG:32")).ok());
}

TEST(CostModel, ReportHasTotals) {
  const auto cost = EvaluateNetwork(ResNet18(), *LoadCostConfig("mnsim_default"));
  ASSERT_TRUE(cost.ok());
  EXPECT_NEAR(cost->area_mm2(), cost->total_tiles * cost->tile_area.total_um2() * 1e-6, 1e-9);
  EXPECT_NE(FormatCostText(*cost, "x").find("EDP"), std::string::npos);
  EXPECT_NE(FormatCostCsv(*cost).find("resnet18,total"), std::string::npos);
}

TEST(CostModel, CrossNasPresetLargeCandidateAtX32IsInfeasible) {
  CostConfig c = *LoadCostConfig("crossnas");
  ASSERT_TRUE(ApplyPimOverrides(32, 0, 0, &c).ok());
  const auto net = CrossNasNetwork(*ParseCrossNasBlocks(
      "MVGG:128,MVGG:128,MVGG:128,MVGG:128,MVGG:128,MVGG:128,MVGG:128,MVGG:128"));
  ASSERT_TRUE(net.ok());
  EXPECT_EQ(EvaluateNetwork(*net, c).status().code(), absl::StatusCode::kResourceExhausted);
}

}  // namespace
}  // namespace aimc::crossbar::cost
