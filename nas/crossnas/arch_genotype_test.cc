#include "nas/crossnas/arch_genotype.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace aimc::nas::crossnas {
namespace {

using ::testing::HasSubstr;

ArchGenotype Genes(std::vector<int> genes, int slots = 8) {
  absl::StatusOr<ArchGenotype> g = ArchGenotype::FromGenes(genes, slots);
  EXPECT_TRUE(g.ok()) << g.status();
  return *g;
}

TEST(ArchGenotypeTest, DecodesTheCodesGenes) {
  // crossnas_spec.md §8.6: [8,2,1,7,5] = RES-128, VGG-128, VGG-64, RES-64, MVGG-128.
  const ArchGenotype g = Genes({8, 2, 1, 7, 5});
  EXPECT_EQ(g.ToString(), "RES-128,VGG-128,VGG-64,RES-64,MVGG-128");
  EXPECT_EQ(g.GenesString(), "[8,2,1,7,5,9,9,9]");
  EXPECT_EQ(g.depth(), 5);
  EXPECT_TRUE(g.IsCanonical());
  EXPECT_EQ(Genes({4, 2, 8, 5}).ToString(), "MVGG-64,VGG-128,RES-128,MVGG-128");
  for (int gene = 0; gene < 9; ++gene) {
    EXPECT_EQ(BlockGene(GeneBlockType(gene), gene % 3), gene);
  }
}

TEST(ArchGenotypeTest, StringRoundTripsEveryGeneInEverySlot) {
  for (int slot = 0; slot < 8; ++slot) {
    for (int gene = 0; gene < kNumArchGeneStates; ++gene) {
      std::vector<int> genes = {0, 4, 8, 1, 5, 6, 2, 3};
      genes[slot] = gene;
      const ArchGenotype g = Genes(genes);
      absl::StatusOr<ArchGenotype> parsed = ParseArchGenotype(g.ToString());
      ASSERT_TRUE(parsed.ok()) << parsed.status();
      // Both skip codes print as "skip" and parse back as 9.
      std::vector<int> want = genes;
      if (want[slot] == 10) want[slot] = kSkipGene;
      EXPECT_EQ(parsed->genes(), want) << g.ToString();
      absl::StatusOr<ArchGenotype> from_list = ParseArchGenotype(g.GenesString());
      ASSERT_TRUE(from_list.ok());
      EXPECT_EQ(from_list->genes(), genes);
    }
  }
}

TEST(ArchGenotypeTest, CanonicalFormPacksSkipsAtTheEnd) {
  const ArchGenotype g = Genes({9, 2, 10, 5, 9, 7, 10, 0});
  EXPECT_FALSE(g.IsCanonical());
  EXPECT_EQ(g.Canonical().genes(), (std::vector<int>{2, 5, 7, 0, 9, 9, 9, 9}));
  EXPECT_EQ(g.Canonical().ToString(), "VGG-128,MVGG-128,RES-64,VGG-32");
  EXPECT_EQ(g.ToString(), "skip,VGG-128,skip,MVGG-128,skip,RES-64,skip,VGG-32");
  // Dedupe: different raw genotypes of one architecture share the canonical form.
  EXPECT_EQ(Genes({2, 5, 10, 7, 0}).Canonical(), g.Canonical());
  EXPECT_EQ(g.Canonical().Canonical(), g.Canonical());
}

TEST(ArchGenotypeTest, Legality) {
  const ArchSpaceOptions c10 = Cifar10ArchSpace();
  EXPECT_TRUE(IsArchLegal(Genes({0, 1, 2, 0}), c10));  // 4 VGG
  const absl::Status five_vgg = CheckArchLegal(Genes({0, 1, 2, 0, 1}), c10);
  EXPECT_EQ(five_vgg.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(five_vgg.message(), HasSubstr("5 down-sampling blocks"));
  EXPECT_THAT(CheckArchLegal(Genes({}), c10).message(), HasSubstr("no block"));
  // RES counts as down-sampling only with stride 2 (CIFAR-100).
  const ArchGenotype res5 = Genes({6, 7, 8, 6, 7});
  EXPECT_TRUE(IsArchLegal(res5, c10));
  EXPECT_FALSE(IsArchLegal(res5, Cifar100ArchSpace()));
  EXPECT_THAT(CheckArchLegal(Genes({0}, 3), c10).message(), HasSubstr("3 slots"));
  // A leading skip is legal once canonicalised (§10.11 [R]).
  EXPECT_TRUE(IsArchLegal(Genes({9, 3}), c10));
}

TEST(ArchGenotypeTest, BlockListShapes) {
  const ArchGenotype g = Genes({8, 2, 1, 7, 5});
  const std::vector<BlockSpec> c10 = ToBlockList(g, Cifar10ArchSpace());
  ASSERT_EQ(c10.size(), 5u);
  EXPECT_EQ(c10[0].type, BlockType::kRes);
  EXPECT_EQ(c10[0].in_channels, 3);
  EXPECT_EQ(c10[0].out_channels, 128);
  EXPECT_EQ(c10[0].stride, 1);
  EXPECT_EQ(c10[0].out_size, 32);
  EXPECT_TRUE(c10[1].max_pool);
  EXPECT_EQ(c10[1].in_channels, 128);
  EXPECT_EQ(c10[1].out_size, 16);
  EXPECT_EQ(c10[2].out_size, 8);
  EXPECT_EQ(c10[4].type, BlockType::kMvgg);
  EXPECT_EQ(c10[4].in_channels, 64);
  EXPECT_EQ(c10[4].out_size, 8);
  const std::vector<BlockSpec> c100 = ToBlockList(g, Cifar100ArchSpace());
  EXPECT_EQ(c100[0].stride, 2);
  EXPECT_EQ(c100[0].out_size, 16);
  EXPECT_EQ(c100[3].stride, 2);
  EXPECT_EQ(c100[4].out_size, 2);
}

TEST(ArchGenotypeTest, BadStringsNameTheProblem) {
  struct Case {
    const char* text;
    const char* message;
  };
  for (const Case& c : std::vector<Case>{
           {"VGG-32,CONV-64", "unknown block type \"CONV\""},
           {"VGG-32,RES-96", "block 2 \"RES-96\": channels must be 32, 64 or 128"},
           {"VGG-32,RES", "expected BLOCK-K"},
           {"VGG-32,RES-x", "channels must be"},
           {"VGG-32,VGG-32,VGG-32,VGG-32,MVGG-32,MVGG-32,MVGG-32,MVGG-32,RES-32",
            "too many blocks: 9 genes, at most 8"},
           {"[1,2,11]", "gene 3: must be 0..10, got 11"},
           {"[1,a]", "gene 2 \"a\": not an integer"},
           {"[1,2", "expected [g1,g2,...]"},
           {"VGG-32,,RES-32", "block 2 \"\""},
       }) {
    absl::StatusOr<ArchGenotype> g = ParseArchGenotype(c.text);
    ASSERT_FALSE(g.ok()) << c.text;
    EXPECT_EQ(g.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(g.status().message(), HasSubstr(c.message)) << c.text;
  }
  // Case-insensitive names; whitespace around tokens is fine.
  absl::StatusOr<ArchGenotype> g = ParseArchGenotype(" vgg-32 , Res-64 ");
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ(g->ToString(), "VGG-32,RES-64");
  ArchSpaceOptions bad;
  bad.max_blocks = 0;
  EXPECT_THAT(ParseArchGenotype("VGG-32", bad).status().message(), HasSubstr("max_blocks"));
}

}  // namespace
}  // namespace aimc::nas::crossnas
