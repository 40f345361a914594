#include "training/crossnas/arch_cost.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "crossbar/cost/cost_config.pb.h"
#include "crossbar/cost/cost_model.h"
#include "crossbar/cost/networks.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nas/crossnas/arch_genotype.h"
#include "nas/crossnas/evolution.h"
#include "nas/crossnas/qpim_genotype.h"

namespace aimc::training::crossnas {
namespace {

namespace cost = ::aimc::crossbar::cost;
using nas::crossnas::ArchGenotype;
using ::testing::HasSubstr;

ArchGenotype MustParse(const std::string& text, int slots = 8) {
  absl::StatusOr<ArchGenotype> g =
      nas::crossnas::ParseArchGenotype(text, nas::crossnas::ArchSpaceOptions{.max_blocks = slots});
  EXPECT_TRUE(g.ok()) << g.status();
  return *g;
}

TEST(ArchCostTest, Stage1ConfigIsTheCrossnasPreset) {
  absl::StatusOr<cost::CostConfig> config = Stage1CostConfig();
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->xbar_size(), 256);
  EXPECT_EQ(config->adc_choice(), 2);
  EXPECT_EQ(config->dac_choice(), 2);
}

TEST(ArchCostTest, BlocksAreFullWidthAtNineBits) {
  const std::vector<cost::CrossNasBlock> blocks =
      FullWidthCostBlocks(MustParse("RES-128,skip,VGG-32,MVGG-64"));
  ASSERT_EQ(blocks.size(), 3u);
  EXPECT_EQ(blocks[0].type, cost::BlockType::kRes);
  EXPECT_EQ(blocks[0].out_channels, 128);
  EXPECT_EQ(blocks[1].type, cost::BlockType::kVgg);
  EXPECT_EQ(blocks[1].out_channels, 32);
  EXPECT_EQ(blocks[2].type, cost::BlockType::kMvgg);
  EXPECT_EQ(blocks[2].out_channels, 64);
  for (const cost::CrossNasBlock& b : blocks) {
    EXPECT_EQ(b.weight_bits, 9);
    EXPECT_EQ(b.activation_bits, 9);
  }
}

TEST(ArchCostTest, MatchesTheCostModelCalledDirectly) {
  const absl::StatusOr<cost::CostConfig> config = Stage1CostConfig();
  ASSERT_TRUE(config.ok());
  const ArchGenotype g = MustParse("VGG-64,RES-128,MVGG-32");
  const absl::StatusOr<ArchCost> ours = EvaluateArchCost(g, *config);
  ASSERT_TRUE(ours.ok()) << ours.status();
  const absl::StatusOr<cost::Network> net =
      cost::CrossNasNetwork({{.type = cost::BlockType::kVgg, .out_channels = 64},
                             {.type = cost::BlockType::kRes, .out_channels = 128},
                             {.type = cost::BlockType::kMvgg, .out_channels = 32}},
                            10);
  ASSERT_TRUE(net.ok());
  const absl::StatusOr<cost::NetworkCost> direct = cost::EvaluateNetwork(*net, *config);
  ASSERT_TRUE(direct.ok());
  EXPECT_EQ(ours->energy_mj, direct->energy_mj());
  EXPECT_EQ(ours->latency_ms, direct->latency_ms());
  EXPECT_EQ(ours->total_tiles, direct->total_tiles);
  EXPECT_GT(ours->energy_mj, 0);
  EXPECT_GT(ours->latency_ms, 0);
  // Canonically equal genotypes cost the same.
  const absl::StatusOr<ArchCost> skipped =
      EvaluateArchCost(MustParse("VGG-64,skip,RES-128,skip,MVGG-32"), *config);
  ASSERT_TRUE(skipped.ok());
  EXPECT_EQ(skipped->energy_mj, ours->energy_mj);
  // The CIFAR-100 form differs (stride-2 RES, one fc).
  const absl::StatusOr<ArchCost> c100 = EvaluateArchCost(g, *config, 100);
  ASSERT_TRUE(c100.ok());
  EXPECT_NE(c100->latency_ms, ours->latency_ms);
}

TEST(ArchCostTest, TileOverflowIsInfeasible) {
  absl::StatusOr<cost::CostConfig> config = Stage1CostConfig();
  ASSERT_TRUE(config.ok());
  config->set_tile_grid_size(1);  // a one-tile chip
  const absl::StatusOr<ArchCost> result =
      EvaluateArchCost(MustParse("MVGG-128,MVGG-128,RES-128"), *config);
  EXPECT_TRUE(nas::crossnas::IsInfeasibleCandidate(result.status())) << result.status();
  EXPECT_THAT(result.status().message(), HasSubstr("infeasible candidate: MVGG-128"));
}

using nas::crossnas::BlockBits;
using nas::crossnas::QpimGenotype;

TEST(QpimCostTest, Stage1PimConfigEqualsTheStage1Cost) {
  const absl::StatusOr<cost::CostConfig> config = Stage1CostConfig();
  ASSERT_TRUE(config.ok());
  const ArchGenotype g = MustParse("VGG-64,skip,RES-128,MVGG-32");
  const absl::StatusOr<ArchCost> stage1 = EvaluateArchCost(g, *config);
  const absl::StatusOr<ArchCost> qpim = EvaluateQpimCost(g, nas::crossnas::Stage1PimConfig(3));
  ASSERT_TRUE(stage1.ok()) << stage1.status();
  ASSERT_TRUE(qpim.ok()) << qpim.status();
  EXPECT_EQ(qpim->energy_mj, stage1->energy_mj);
  EXPECT_EQ(qpim->latency_ms, stage1->latency_ms);
  EXPECT_EQ(qpim->area_mm2, stage1->area_mm2);
  EXPECT_EQ(qpim->total_tiles, stage1->total_tiles);
}

TEST(QpimCostTest, TwoBitDacCutsEnergyAndLatency) {
  // §9.5.7: a 2-bit DAC halves the input slices n_in, so E and L fall against 1 bit.
  const ArchGenotype g = MustParse("VGG-64,RES-128,MVGG-32");
  QpimGenotype q = nas::crossnas::Stage1PimConfig(3);
  q.dac_bits = 1;
  const absl::StatusOr<ArchCost> one = EvaluateQpimCost(g, q);
  q.dac_bits = 2;
  const absl::StatusOr<ArchCost> two = EvaluateQpimCost(g, q);
  ASSERT_TRUE(one.ok()) << one.status();
  ASSERT_TRUE(two.ok()) << two.status();
  EXPECT_LT(two->energy_mj, one->energy_mj);
  EXPECT_LT(two->latency_ms, one->latency_ms);
}

TEST(QpimCostTest, FewerBitsNeverCostMoreEnergy) {
  const ArchGenotype g = MustParse("RES-64,VGG-128,MVGG-64");
  for (int x : nas::crossnas::kCrossbarChoices) {
    for (int adc : nas::crossnas::kAdcBitChoices) {
      QpimGenotype q = nas::crossnas::Stage1PimConfig(3);
      q.crossbar_size = x;
      q.adc_bits = adc;
      const absl::StatusOr<ArchCost> base = EvaluateQpimCost(g, q);
      ASSERT_TRUE(base.ok()) << base.status();
      for (size_t block = 0; block < 3; ++block) {
        for (int field = 0; field < 2; ++field) {
          QpimGenotype fewer = q;
          int& bits = field == 0 ? fewer.block_bits[block].weight_bits
                                 : fewer.block_bits[block].activation_bits;
          for (int b : {7, 5}) {
            bits = b;
            const absl::StatusOr<ArchCost> cheaper = EvaluateQpimCost(g, fewer);
            ASSERT_TRUE(cheaper.ok()) << cheaper.status();
            EXPECT_LE(cheaper->energy_mj, base->energy_mj)
                << nas::crossnas::QpimToString(fewer) << " vs " << nas::crossnas::QpimToString(q);
          }
        }
      }
    }
  }
  // All 5/5 is cheaper than all 9/9 (strictly).
  QpimGenotype low = nas::crossnas::Stage1PimConfig(3);
  for (BlockBits& b : low.block_bits) b = {5, 5};
  const absl::StatusOr<ArchCost> low_cost = EvaluateQpimCost(g, low);
  const absl::StatusOr<ArchCost> high_cost = EvaluateQpimCost(g, nas::crossnas::Stage1PimConfig(3));
  ASSERT_TRUE(low_cost.ok() && high_cost.ok());
  EXPECT_LT(low_cost->energy_mj, high_cost->energy_mj);
}

TEST(QpimCostTest, BadMapsAreInvalidArgument) {
  const ArchGenotype g = MustParse("VGG-64,skip,RES-128");
  const absl::StatusOr<ArchCost> longer = EvaluateQpimCost(g, nas::crossnas::Stage1PimConfig(3));
  EXPECT_EQ(longer.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(longer.status().message(), HasSubstr("QpimGenotype.block_bits"));
  QpimGenotype q = nas::crossnas::Stage1PimConfig(2);
  q.dac_bits = 3;
  EXPECT_EQ(EvaluateQpimCost(g, q).status().code(), absl::StatusCode::kInvalidArgument);
  q = nas::crossnas::Stage1PimConfig(2);
  q.block_bits[1].weight_bits = 6;
  EXPECT_EQ(EvaluateQpimCost(g, q).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace aimc::training::crossnas
