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

}  // namespace
}  // namespace aimc::training::crossnas
