#include "nas/crossnas/crossnas_search.h"

#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "nas/crossnas/arch_genotype.h"
#include "nas/crossnas/evolution.h"
#include "nas/crossnas/fitness.h"
#include "nas/crossnas/qpim_genotype.h"
#include "nas/crossnas/search_state.pb.h"

namespace aimc::nas::crossnas {
namespace {

// A synthetic stage-2 evaluator with a planted optimum: accuracy falls by 4
// points per gene that differs from `target` (canonical genes compared slot
// by slot); energy and latency grow with the total channel count, so the
// EDP term also matters. Records every genotype it sees.
struct SyntheticArchEvaluator {
  ArchGenotype target;
  std::vector<ArchGenotype>* seen;
  absl::StatusOr<CandidateMetrics> operator()(const ArchGenotype& g) const {
    seen->push_back(g);
    double differ = 0, channels = 0;
    for (int i = 0; i < g.num_slots(); ++i) differ += g.genes()[i] != target.genes()[i] ? 1 : 0;
    for (int gene : g.ActiveGenes()) channels += GeneChannels(gene);
    return CandidateMetrics{95 - 4 * differ, 0.033 + channels * 1e-4, 0.164 + channels * 1e-4};
  }
};

EvolutionConfig ArchConfigWithSeed(uint64_t seed) {
  EvolutionConfig c = ArchSearchConfig();
  c.seed = seed;
  return c;
}

TEST(CrossnasSearchTest, DefaultsFollowTheSpec) {
  const EvolutionConfig a = ArchSearchConfig();
  EXPECT_EQ(a.population_size, 50);
  EXPECT_EQ(a.num_mutations + a.num_crossovers, 50);
  EXPECT_EQ(a.top_k, 10);
  EXPECT_EQ(a.num_cycles, 10);
  const EvolutionConfig q = QpimSearchConfig();
  EXPECT_EQ(q.population_size, 25);
  EXPECT_EQ(q.num_mutations, 15);
  EXPECT_EQ(q.num_crossovers, 10);
  EXPECT_EQ(ArchSearchT0Config().population_size, 8);
  EXPECT_EQ(ArchSearchT0Config().top_k, 4);
  EXPECT_EQ(ArchSearchT0Config().num_cycles, 2);
  EXPECT_EQ(QpimSearchT0Config().population_size, 6);
  const GeneSpace arch = ArchGeneSpace(Cifar10ArchSpace());
  EXPECT_EQ(arch.num_states, std::vector<int>(8, 11));
  EXPECT_EQ(arch.mutation_probability, std::vector<double>(8, 0.1));
  const GeneSpace qpim = QpimGeneSpace(5);
  EXPECT_EQ(qpim.num_states, (std::vector<int>{9, 9, 9, 9, 9, 8, 4}));
  EXPECT_EQ(qpim.mutation_probability,
            (std::vector<double>{0.05, 0.05, 0.05, 0.05, 0.05, 0.5, 0.5}));
}

TEST(CrossnasSearchTest, ArchSearchSeesOnlyCanonicalLegalDistinctCandidates) {
  std::vector<ArchGenotype> seen;
  const ArchSpaceOptions options = Cifar10ArchSpace();
  SyntheticArchEvaluator eval{*ParseArchGenotype("RES-128,VGG-128,VGG-64,RES-64,MVGG-128"), &seen};
  absl::StatusOr<EvolutionarySearch> s = CreateArchSearch(ArchConfigWithSeed(3), options, eval);
  ASSERT_TRUE(s.ok()) << s.status();
  ASSERT_TRUE(s->Run().ok());
  EXPECT_EQ(seen.size(), 550u);  // P (cycles + 1)
  std::set<std::vector<int>> distinct;
  for (const ArchGenotype& g : seen) {
    EXPECT_TRUE(g.IsCanonical()) << g.GenesString();
    EXPECT_TRUE(IsArchLegal(g, options)) << g.ToString();
    distinct.insert(g.genes());
  }
  EXPECT_EQ(distinct.size(), seen.size());
  const std::vector<double>& best = s->best_fitness_per_cycle();
  for (size_t i = 1; i < best.size(); ++i) EXPECT_GE(best[i], best[i - 1]);
  EXPECT_GT(best.back(), best.front() + 4);  // at least one more gene right
}

TEST(CrossnasSearchTest, ArchSearchFindsThePlantedOptimumAtDmax3) {
  ArchSpaceOptions options;
  options.max_blocks = 3;
  std::vector<ArchGenotype> seen;
  SyntheticArchEvaluator eval{*ParseArchGenotype("RES-128,VGG-64,MVGG-32", options), &seen};
  EvolutionConfig config = ArchSearchConfig();
  config.population_size = 20;
  config.num_mutations = 10;
  config.num_crossovers = 10;
  absl::StatusOr<EvolutionarySearch> s = CreateArchSearch(config, options, eval);
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE(s->Run().ok());
  EXPECT_EQ(ArchFromGenes(s->Best()->genes).ToString(), "RES-128,VGG-64,MVGG-32");
}

TEST(CrossnasSearchTest, ArchSearchResumesFromItsCheckpoint) {
  const std::string path = absl::StrCat(::testing::TempDir(), "/arch_search.state");
  std::vector<ArchGenotype> seen;
  SyntheticArchEvaluator eval{*ParseArchGenotype("MVGG-64,RES-128"), &seen};
  absl::StatusOr<EvolutionarySearch> full =
      CreateArchSearch(ArchConfigWithSeed(11), Cifar10ArchSpace(), eval);
  ASSERT_TRUE(full.ok());
  ASSERT_TRUE(full->Run().ok());
  EvolutionConfig two_cycles = ArchConfigWithSeed(11);
  two_cycles.num_cycles = 1;  // cycles 0 and 1
  absl::StatusOr<EvolutionarySearch> first = CreateArchSearch(two_cycles, Cifar10ArchSpace(), eval);
  ASSERT_TRUE(first->Run(path).ok());
  absl::StatusOr<EvolutionarySearch> rest =
      CreateArchSearch(ArchConfigWithSeed(11), Cifar10ArchSpace(), eval);
  ASSERT_TRUE(rest->Run(path).ok());
  EXPECT_EQ(rest->ToState().SerializeAsString(), full->ToState().SerializeAsString());
  EXPECT_EQ(seen.size(), 2 * 550u);  // the resumed pair evaluated each candidate once
}

TEST(CrossnasSearchTest, QpimSearchResamplesTileOverflowsAndPrefersCheapCircuits) {
  // Accuracy grows with bits and ADC resolution; energy with bits and falls
  // with a larger crossbar and 2-bit DAC; 9-bit weights on 32x32 crossbars
  // "overflow the tiles".
  int infeasible = 0;
  QpimEvaluator eval = [&](const QpimGenotype& q) -> absl::StatusOr<CandidateMetrics> {
    double bits = 0;
    for (const BlockBits& b : q.block_bits) {
      if (q.crossbar_size == 32 && b.weight_bits == 9) {
        ++infeasible;
        return InfeasibleCandidateError("more than 4096 tiles");
      }
      bits += b.weight_bits + b.activation_bits;
    }
    const double acc = 60 + 2 * bits + q.adc_bits;
    const double e = 0.033 + bits * 0.05 * 256.0 / q.crossbar_size / q.dac_bits;
    return CandidateMetrics{acc, e, 0.164 + e};
  };
  EvolutionConfig config = QpimSearchConfig();
  config.fitness.accuracy_weight = 0.8;
  absl::StatusOr<EvolutionarySearch> s = CreateQpimSearch(config, 3, eval);
  ASSERT_TRUE(s.ok()) << s.status();
  ASSERT_TRUE(s->Run().ok());
  EXPECT_GT(infeasible, 0);
  EXPECT_EQ(s->num_feasible_evaluations(), 275);
  for (const ScoredCandidate& c : s->Archive()) {
    const QpimGenotype q = QpimFromCandidateGenes(c.genes);
    EXPECT_TRUE(CheckQpimGenotype(q, 3).ok());
    for (const BlockBits& b : q.block_bits)
      EXPECT_FALSE(q.crossbar_size == 32 && b.weight_bits == 9);
  }
  const QpimGenotype best = QpimFromCandidateGenes(s->Best()->genes);
  EXPECT_EQ(best.crossbar_size, 256) << QpimToString(best);
  EXPECT_EQ(best.dac_bits, 2) << QpimToString(best);
  EXPECT_EQ(best.adc_bits, 10) << QpimToString(best);
}

TEST(CrossnasSearchTest, BadArguments) {
  auto eval = [](const QpimGenotype&) -> absl::StatusOr<CandidateMetrics> {
    return CandidateMetrics{};
  };
  EXPECT_EQ(CreateQpimSearch(QpimSearchConfig(), 0, eval).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CreateQpimSearch(QpimSearchConfig(), 3, nullptr).status().code(),
            absl::StatusCode::kInvalidArgument);
  ArchSpaceOptions bad;
  bad.max_blocks = 20;
  EXPECT_EQ(CreateArchSearch(ArchSearchConfig(), bad,
                             [](const ArchGenotype&) -> absl::StatusOr<CandidateMetrics> {
                               return CandidateMetrics{};
                             })
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace aimc::nas::crossnas
