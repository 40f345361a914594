#include "nas/search/internal/draws.h"

#include <cmath>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "common/random.h"
#include "common/random_cursor.h"
#include "gtest/gtest.h"
#include "nas/cell.h"

namespace aimc::nas::search::internal {
namespace {

constexpr StreamKey kKey{.seed = 7, .entity = 3, .instance = 0, .draw = 0};

// Fixed seed: deterministic. Bounds are 5 sigma (a per-seed flake rate below
// 1e-5 per check).
TEST(DrawsTest, UniformDoubleIsInRangeWithUniformMoments) {
  RandomCursor rng{RandomStream(kKey)};
  constexpr int kN = 100000;
  double sum = 0, sum_sq = 0;
  for (int i = 0; i < kN; ++i) {
    const double u = UniformDouble(rng);
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
    sum_sq += u * u;
  }
  EXPECT_NEAR(sum / kN, 0.5, 5 * std::sqrt(1.0 / 12 / kN));
  EXPECT_NEAR(sum_sq / kN, 1.0 / 3, 5 * std::sqrt(4.0 / 45 / kN));
  EXPECT_EQ(rng.position(), 2 * kN);
}

TEST(DrawsTest, BernoulliRateAndEdges) {
  RandomCursor rng{RandomStream(kKey)};
  constexpr int kN = 100000;
  int hits = 0;
  for (int i = 0; i < kN; ++i) hits += Bernoulli(rng, 0.3);
  EXPECT_NEAR(hits, 0.3 * kN, 5 * std::sqrt(kN * 0.3 * 0.7));
  const uint64_t position = rng.position();
  EXPECT_FALSE(Bernoulli(rng, 0.0));
  EXPECT_TRUE(Bernoulli(rng, 1.0));
  EXPECT_EQ(rng.position(), position);  // no draw at the edges
}

TEST(DrawsTest, StandardNormalMoments) {
  RandomCursor rng{RandomStream(kKey)};
  constexpr int kN = 100000;
  double sum = 0, sum_sq = 0;
  int beyond_two = 0;
  for (int i = 0; i < kN; ++i) {
    const double z = StandardNormal(rng);
    sum += z;
    sum_sq += z * z;
    beyond_two += std::abs(z) > 2;
  }
  EXPECT_NEAR(sum / kN, 0.0, 5 / std::sqrt(kN));
  EXPECT_NEAR(sum_sq / kN, 1.0, 5 * std::sqrt(2.0 / kN));
  const double p = 0.0455;  // P(|Z| > 2)
  EXPECT_NEAR(beyond_two, p * kN, 5 * std::sqrt(kN * p * (1 - p)));
}

TEST(DrawsTest, SampleDistinctCellsIsDistinctAndCoversAll) {
  RandomCursor rng{RandomStream(kKey)};
  const std::vector<Cell> some = SampleDistinctCells(900, rng);
  ASSERT_EQ(some.size(), 900);
  EXPECT_EQ(absl::flat_hash_set<Cell>(some.begin(), some.end()).size(), 900);
  const std::vector<Cell> all = SampleDistinctCells(kNumCells, rng);
  EXPECT_EQ(absl::flat_hash_set<Cell>(all.begin(), all.end()).size(), kNumCells);
  EXPECT_TRUE(SampleDistinctCells(0, rng).empty());
}

TEST(DrawsTest, SampleDistinctCellsFirstOpIsUniform) {
  RandomCursor rng{RandomStream(kKey)};
  std::vector<int> counts(kNumOps);
  constexpr int kRuns = 200, kCount = 100;
  for (int r = 0; r < kRuns; ++r) {
    for (const Cell& cell : SampleDistinctCells(kCount, rng)) ++counts[OpCode(cell.op(0))];
  }
  const double n = kRuns * kCount;
  for (int c : counts) EXPECT_NEAR(c, n / 5, 5 * std::sqrt(n * 0.2 * 0.8));
}

TEST(DrawsTest, MutatePerEdgeChangesEachEdgeWithProbabilityQuarter) {
  RandomCursor rng{RandomStream(kKey)};
  const Cell parent = *ParseCellTuple("(2,2,0,2,2,3)");
  constexpr int kN = 40000;
  std::vector<int> changed(kNumEdges);
  int unchanged_children = 0;
  for (int i = 0; i < kN; ++i) {
    const Cell child = MutatePerEdge(parent, rng);
    unchanged_children += child == parent;
    for (int k = 0; k < kNumEdges; ++k) changed[k] += child.op(k) != parent.op(k);
  }
  for (int c : changed) EXPECT_NEAR(c, kN / 4.0, 5 * std::sqrt(kN * 0.25 * 0.75));
  const double p = std::pow(0.75, 6);
  EXPECT_NEAR(unchanged_children, p * kN, 5 * std::sqrt(kN * p * (1 - p)));
}

TEST(DrawsTest, HammingDistance) {
  const Cell a = *ParseCellTuple("(0,0,0,4,3,2)");
  EXPECT_EQ(HammingDistance(a, a), 0);
  EXPECT_EQ(HammingDistance(a, *ParseCellTuple("(0,1,0,4,3,1)")), 2);
  EXPECT_EQ(HammingDistance(a, *ParseCellTuple("(1,1,1,0,0,0)")), 6);
}

}  // namespace
}  // namespace aimc::nas::search::internal
