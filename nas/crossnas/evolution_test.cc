#include "nas/crossnas/evolution.h"

#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/file.h"
#include "common/random.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nas/crossnas/fitness.h"
#include "nas/crossnas/search_state.pb.h"

namespace aimc::nas::crossnas {
namespace {

using ::testing::HasSubstr;

// 6 genes of 5 states; FF = 0.99 acc with acc = 100 - 3 * L1 distance to kTarget
// (energy and latency at the lower bounds: no penalty).
const std::vector<int> kTarget = {4, 0, 3, 1, 2, 4};

GeneSpace ToySpace() {
  GeneSpace s;
  s.name = "toy";
  s.num_states.assign(6, 5);
  s.mutation_probability.assign(6, 0.2);
  return s;
}

struct CountingEvaluator {
  std::map<std::vector<int>, int> calls;
  int total = 0;
  absl::StatusOr<CandidateMetrics> operator()(absl::Span<const int> genes) {
    ++total;
    ++calls[std::vector<int>(genes.begin(), genes.end())];
    double distance = 0;
    for (size_t i = 0; i < genes.size(); ++i) distance += std::abs(genes[i] - kTarget[i]);
    return CandidateMetrics{100 - 3 * distance, 0.033, 0.164};
  }
};

EvolutionConfig SmallConfig(uint64_t seed = 1) {
  EvolutionConfig c;
  c.population_size = 20;
  c.num_mutations = 10;
  c.num_crossovers = 10;
  c.top_k = 5;
  c.num_cycles = 8;
  c.seed = seed;
  return c;
}

EvolutionarySearch Make(const EvolutionConfig& config, CountingEvaluator* eval,
                        GeneSpace space = ToySpace()) {
  absl::StatusOr<EvolutionarySearch> s = EvolutionarySearch::Create(
      config, std::move(space), [eval](absl::Span<const int> g) { return (*eval)(g); });
  EXPECT_TRUE(s.ok()) << s.status();
  return *std::move(s);
}

std::string Serialized(const EvolutionarySearch& s) { return s.ToState().SerializeAsString(); }

TEST(EvolutionTest, FindsThePlantedOptimumAndNeverGetsWorse) {
  CountingEvaluator eval;
  EvolutionarySearch s = Make(SmallConfig(), &eval);
  ASSERT_TRUE(s.Run().ok());
  EXPECT_TRUE(s.Done());
  EXPECT_EQ(eval.total, 20 * 9);  // P (cycles + 1), all distinct
  for (const auto& [genes, n] : eval.calls) EXPECT_EQ(n, 1);
  const std::vector<double>& best = s.best_fitness_per_cycle();
  ASSERT_EQ(best.size(), 9u);
  for (size_t i = 1; i < best.size(); ++i) EXPECT_GE(best[i], best[i - 1]);
  EXPECT_GT(best.back(), best.front());
  EXPECT_EQ(s.Best()->genes, kTarget);
  EXPECT_DOUBLE_EQ(s.Best()->fitness, 99);
  const std::vector<ScoredCandidate> archive = s.Archive();
  ASSERT_EQ(archive.size(), 5u);
  for (size_t i = 1; i < archive.size(); ++i) EXPECT_GE(archive[i - 1].fitness, archive[i].fitness);
}

TEST(EvolutionTest, SameSeedSameSearchOtherSeedOtherSearch) {
  CountingEvaluator e1, e2, e3;
  EvolutionarySearch a = Make(SmallConfig(5), &e1);
  EvolutionarySearch b = Make(SmallConfig(5), &e2);
  EvolutionarySearch c = Make(SmallConfig(6), &e3);
  ASSERT_TRUE(a.Run().ok());
  ASSERT_TRUE(b.Run().ok());
  ASSERT_TRUE(c.Run().ok());
  EXPECT_EQ(Serialized(a), Serialized(b));
  EXPECT_NE(Serialized(a), Serialized(c));
}

TEST(EvolutionTest, ResumeEqualsAnUninterruptedRun) {
  CountingEvaluator full_eval;
  EvolutionarySearch full = Make(SmallConfig(), &full_eval);
  ASSERT_TRUE(full.Run().ok());

  const std::string path = absl::StrCat(::testing::TempDir(), "/evolution_resume.state");
  CountingEvaluator first_eval;
  EvolutionarySearch first = Make(SmallConfig(), &first_eval);
  ASSERT_TRUE(first.RunCycle().ok());
  ASSERT_TRUE(first.RunCycle().ok());
  ASSERT_TRUE(first.SaveState(path).ok());

  CountingEvaluator second_eval;
  EvolutionarySearch second = Make(SmallConfig(), &second_eval);
  ASSERT_TRUE(second.LoadState(path).ok());
  EXPECT_EQ(second.next_cycle(), 2);
  ASSERT_TRUE(second.Run().ok());
  EXPECT_EQ(Serialized(second), Serialized(full));
  EXPECT_EQ(first_eval.total + second_eval.total, full_eval.total);  // nothing re-evaluated

  // Run(path) resumes and checkpoints by itself; a longer run extends a shorter one.
  const std::string path2 = absl::StrCat(::testing::TempDir(), "/evolution_run.state");
  EvolutionConfig short_config = SmallConfig();
  short_config.num_cycles = 3;
  CountingEvaluator e3, e4;
  EvolutionarySearch short_run = Make(short_config, &e3);
  ASSERT_TRUE(short_run.Run(path2).ok());
  EvolutionarySearch long_run = Make(SmallConfig(), &e4);
  ASSERT_TRUE(long_run.Run(path2).ok());
  EXPECT_EQ(Serialized(long_run), Serialized(full));
}

TEST(EvolutionTest, RestoreRejectsOtherSettingsAndCorruptFiles) {
  const std::string path = absl::StrCat(::testing::TempDir(), "/evolution_bad.state");
  CountingEvaluator eval;
  EvolutionarySearch s = Make(SmallConfig(), &eval);
  ASSERT_TRUE(s.RunCycle().ok());
  ASSERT_TRUE(s.SaveState(path).ok());
  EvolutionarySearch other_seed = Make(SmallConfig(2), &eval);
  const absl::Status mismatch = other_seed.LoadState(path);
  EXPECT_EQ(mismatch.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(mismatch.message(), HasSubstr("seed"));
  std::string bytes = *ReadFile(path);
  bytes[bytes.size() / 2] ^= 0x5a;
  ASSERT_TRUE(WriteFileAtomically(path, bytes).ok());
  EvolutionarySearch t = Make(SmallConfig(), &eval);
  EXPECT_EQ(t.LoadState(path).code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(t.LoadState(path + ".missing").code(), absl::StatusCode::kNotFound);
  SearchState state = s.ToState();
  state.add_archive(9999);
  EXPECT_EQ(t.RestoreState(state).code(), absl::StatusCode::kDataLoss);
}

// Found by tests/fuzz:search_state_fuzzer: an rng_position beyond the random
// stream restored fine, and the next cycle aborted in RandomCursor's CHECK.
TEST(EvolutionTest, RestoreRejectsAnRngPositionBeyondTheStream) {
  CountingEvaluator eval;
  EvolutionarySearch s = Make(SmallConfig(), &eval);
  ASSERT_TRUE(s.RunCycle().ok());
  SearchState state = s.ToState();
  state.set_rng_position(RandomStream::kMaxNumbers);
  EvolutionarySearch t = Make(SmallConfig(), &eval);
  const absl::Status status = t.RestoreState(state);
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(status.message(), HasSubstr("rng_position"));
}

TEST(EvolutionTest, InfeasibleCandidatesAreResampledNeverRetried) {
  std::map<std::vector<int>, int> calls;
  int infeasible = 0;
  GeneEvaluator eval = [&](absl::Span<const int> g) -> absl::StatusOr<CandidateMetrics> {
    ++calls[std::vector<int>(g.begin(), g.end())];
    if (g[0] == kTarget[0] || g[1] == 1) {  // e.g. "overflows the tiles"
      ++infeasible;
      return InfeasibleCandidateError("too many tiles");
    }
    double distance = 0;
    for (size_t i = 0; i < g.size(); ++i) distance += std::abs(g[i] - kTarget[i]);
    return CandidateMetrics{100 - 3 * distance, 0.033, 0.164};
  };
  absl::StatusOr<EvolutionarySearch> s =
      EvolutionarySearch::Create(SmallConfig(), ToySpace(), eval);
  ASSERT_TRUE(s.ok());
  for (int cycle = 0; cycle <= 8; ++cycle) {
    ASSERT_TRUE(s->RunCycle().ok());
    const std::vector<ScoredCandidate> pop = s->Population();
    EXPECT_EQ(pop.size(), 20u);  // refilled to P
    for (const ScoredCandidate& c : pop) EXPECT_TRUE(c.genes[0] != kTarget[0] && c.genes[1] != 1);
  }
  for (const ScoredCandidate& c : s->Archive()) EXPECT_NE(c.genes[0], kTarget[0]);
  for (const auto& [genes, n] : calls) EXPECT_EQ(n, 1);
  EXPECT_GT(infeasible, 0);
  EXPECT_EQ(s->num_infeasible_verdicts(), infeasible);
  EXPECT_EQ(s->num_feasible_evaluations(), 20 * 9);
  EXPECT_TRUE(IsInfeasibleCandidate(InfeasibleCandidateError("x")));
  EXPECT_FALSE(IsInfeasibleCandidate(absl::InternalError("x")));
}

TEST(EvolutionTest, OtherEvaluatorErrorsPropagateAndLeaveTheStateAsBefore) {
  int calls = 0;
  GeneEvaluator eval = [&](absl::Span<const int>) -> absl::StatusOr<CandidateMetrics> {
    if (++calls == 30) return absl::UnavailableError("supernet checkpoint gone");
    return CandidateMetrics{50, 1, 1};
  };
  absl::StatusOr<EvolutionarySearch> s =
      EvolutionarySearch::Create(SmallConfig(), ToySpace(), eval);
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE(s->RunCycle().ok());  // 20 calls
  const std::string before = Serialized(*s);
  const absl::Status status = s->RunCycle();
  EXPECT_EQ(status, absl::UnavailableError("supernet checkpoint gone"));
  EXPECT_EQ(Serialized(*s), before);
  EXPECT_TRUE(s->RunCycle().ok());  // retrying the cycle works
}

TEST(EvolutionTest, ExhaustedSpaceEndsWithSmallerPopulations) {
  GeneSpace tiny;
  tiny.name = "tiny";
  tiny.num_states = {2, 2};
  tiny.mutation_probability = {0.5, 0.5};
  tiny.is_legal = [](absl::Span<const int> g) { return g[0] + g[1] > 0; };  // 3 legal
  CountingEvaluator eval;
  EvolutionarySearch s = Make(SmallConfig(), &eval, tiny);
  ASSERT_TRUE(s.Run().ok());
  EXPECT_EQ(eval.total, 3);
  EXPECT_EQ(s.Archive().size(), 3u);
  EXPECT_EQ(s.RunCycle().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(EvolutionTest, ConfigErrorsNameTheField) {
  EvolutionConfig c = SmallConfig();
  c.num_mutations = 15;
  EXPECT_THAT(ValidateEvolution(c, ToySpace()).message(),
              HasSubstr("num_mutations + num_crossovers: must be <= population_size 20"));
  c = SmallConfig();
  c.top_k = 0;
  EXPECT_THAT(ValidateEvolution(c, ToySpace()).message(), HasSubstr("top_k"));
  c = SmallConfig();
  c.fitness.accuracy_weight = -1;
  EXPECT_THAT(ValidateEvolution(c, ToySpace()).message(), HasSubstr("accuracy_weight"));
  GeneSpace bad = ToySpace();
  bad.mutation_probability[2] = 2;
  EXPECT_THAT(ValidateEvolution(SmallConfig(), bad).message(), HasSubstr("gene 2"));
  EXPECT_FALSE(EvolutionarySearch::Create(SmallConfig(), ToySpace(), nullptr).ok());
}

}  // namespace
}  // namespace aimc::nas::crossnas
