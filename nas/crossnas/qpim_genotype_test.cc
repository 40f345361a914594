#include "nas/crossnas/qpim_genotype.h"

#include <set>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nas/crossnas/arch_genotype.h"

namespace aimc::nas::crossnas {
namespace {

using ::testing::HasSubstr;

TEST(QpimGenotypeTest, GenesDecodeLikeTheCode) {
  // Bit gene g: WB = {5,7,9}[g/3], AB = {5,7,9}[g%3]; crossbar/DAC gene: X =
  // {32,..,256}[g%4], DAC = {1,2}[g/4]; ADC gene: {4,6,8,10}[g].
  absl::StatusOr<QpimGenotype> g = QpimFromGenes({8, 1, 3, 7, 2}, 3);
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ(QpimToString(*g), "9/9,5/7,7/5;xbar=256,adc=8,dac=2");
  EXPECT_EQ(*MnsimAdcChoice(g->adc_bits), 2);
  EXPECT_EQ(QpimToGenes(*g), (std::vector<int>{8, 1, 3, 7, 2}));
}

TEST(QpimGenotypeTest, EveryGeneVectorRoundTrips) {
  std::set<std::string> strings;
  for (int b0 = 0; b0 < kNumBitGeneStates; ++b0) {
    for (int b1 = 0; b1 < kNumBitGeneStates; ++b1) {
      for (int xd = 0; xd < kNumCrossbarDacGeneStates; ++xd) {
        for (int adc = 0; adc < kNumAdcGeneStates; ++adc) {
          const std::vector<int> genes = {b0, b1, xd, adc};
          absl::StatusOr<QpimGenotype> g = QpimFromGenes(genes, 2);
          ASSERT_TRUE(g.ok());
          ASSERT_TRUE(CheckQpimGenotype(*g, 2).ok());
          EXPECT_EQ(QpimToGenes(*g), genes);
          const std::string text = QpimToString(*g);
          absl::StatusOr<QpimGenotype> parsed = ParseQpimGenotype(text, 2);
          ASSERT_TRUE(parsed.ok()) << parsed.status();
          EXPECT_EQ(*parsed, *g);
          strings.insert(text);
        }
      }
    }
  }
  EXPECT_EQ(strings.size(), 81u * kNumPimConfigs);  // all distinct
}

TEST(QpimGenotypeTest, AdcMappingOfTable1) {
  EXPECT_EQ(*MnsimAdcChoice(4), 7);
  EXPECT_EQ(*MnsimAdcChoice(6), 6);
  EXPECT_EQ(*MnsimAdcChoice(8), 2);
  EXPECT_EQ(*MnsimAdcChoice(10), 1);
  EXPECT_THAT(MnsimAdcChoice(5).status().message(), HasSubstr("4, 6, 8, 10, got 5"));
}

TEST(QpimGenotypeTest, Stage1PresetAndHead) {
  const QpimGenotype g = Stage1PimConfig(5);
  EXPECT_EQ(QpimToString(g), "9/9,9/9,9/9,9/9,9/9;xbar=256,adc=8,dac=2");
  EXPECT_EQ(kHeadBits.weight_bits, 9);
  EXPECT_EQ(kHeadBits.activation_bits, 9);
}

TEST(QpimGenotypeTest, BadInputNamesTheField) {
  struct Case {
    const char* text;
    const char* message;
  };
  for (const Case& c : std::vector<Case>{
           {"9/9,7/5", "expected WB/AB,...;xbar=X,adc=A,dac=D"},
           {"9/9,6/5;xbar=256,adc=8,dac=2", "block 2 bits 6/5: WB and AB must be 5, 7, 9"},
           {"9-9;xbar=256,adc=8,dac=2", "block 1 bits \"9-9\": expected WB/AB"},
           {"9/x;xbar=256,adc=8,dac=2", "block 1 AB: \"x\" is not an integer"},
           {"9/9;xbar=100,adc=8,dac=2", "xbar: must be one of 32, 64, 128, 256, got 100"},
           {"9/9;xbar=256,adc=7,dac=2", "adc: must be one of 4, 6, 8, 10, got 7"},
           {"9/9;xbar=256,adc=8,dac=3", "dac: must be one of 1, 2, got 3"},
           {"9/9;xbar=256,adc=8", "missing dac"},
           {"9/9;xbar=256,adc=8,adc=8,dac=1", "adc given twice"},
           {"9/9;xbar=256,adc=8,dac=2,gain=3", "field \"gain=3\""},
       }) {
    absl::StatusOr<QpimGenotype> g = ParseQpimGenotype(c.text);
    ASSERT_FALSE(g.ok()) << c.text;
    EXPECT_EQ(g.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(g.status().message(), HasSubstr(c.message)) << c.text;
  }
  EXPECT_THAT(ParseQpimGenotype("9/9;xbar=256,adc=8,dac=2", 2).status().message(),
              HasSubstr("1 blocks, the architecture has 2"));
  EXPECT_THAT(QpimFromGenes({8, 8, 0}, 1).status().message(), HasSubstr("crossbar/DAC gene"));
  EXPECT_THAT(QpimFromGenes({8, 0, 4}, 1).status().message(), HasSubstr("ADC gene"));
  EXPECT_THAT(QpimFromGenes({9, 0, 0}, 1).status().message(), HasSubstr("bit gene 1"));
  EXPECT_THAT(QpimFromGenes({0, 0}, 1).status().message(), HasSubstr("expected 3"));
}

TEST(QpimGenotypeTest, QuantizedBlockListChainsInputBits) {
  const ArchGenotype arch = *ParseArchGenotype("RES-128,VGG-64,MVGG-32");
  absl::StatusOr<QpimGenotype> q = ParseQpimGenotype("9/7,5/5,7/9;xbar=128,adc=6,dac=1");
  ASSERT_TRUE(q.ok());
  absl::StatusOr<std::vector<QuantizedBlock>> blocks =
      ToQuantizedBlockList(arch, Cifar10ArchSpace(), *q);
  ASSERT_TRUE(blocks.ok()) << blocks.status();
  ASSERT_EQ(blocks->size(), 3u);
  EXPECT_EQ((*blocks)[0].input_bits, kImageInputBits);
  EXPECT_EQ((*blocks)[0].weight_bits, 9);
  EXPECT_EQ((*blocks)[1].input_bits, 7);
  EXPECT_EQ((*blocks)[2].input_bits, 5);
  EXPECT_EQ((*blocks)[2].activation_bits, 9);
  EXPECT_EQ((*blocks)[1].block.out_channels, 64);
  EXPECT_FALSE(ToQuantizedBlockList(*ParseArchGenotype("VGG-32"), {}, *q).ok());
}

}  // namespace
}  // namespace aimc::nas::crossnas
