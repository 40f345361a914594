#include "nas/primitives.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "common/random.h"
#include "gtest/gtest.h"
#include "nas/cell.h"
#include "nas/cell_graph.h"
#include "common/random_cursor.h"

namespace aimc::nas {
namespace {

constexpr StreamKey kKey{.seed = 2024, .entity = 1, .instance = 0, .draw = 0};

Cell Tuple(absl::string_view text) { return *ParseCellTuple(text); }

int Hamming(const Cell& a, const Cell& b) {
  int d = 0;
  for (int k = 0; k < kNumEdges; ++k) d += a.op(k) != b.op(k);
  return d;
}

// Statistical tests below use a fixed seed, so they are deterministic; each
// bound is 5 binomial sigmas, a per-seed flake rate below 1e-5 per test.
double FiveSigma(int n, double p) { return 5 * std::sqrt(n * p * (1 - p)); }

TEST(SampleCellTest, SameCursorPositionSameCells) {
  RandomCursor a{RandomStream(kKey)};
  RandomCursor b{RandomStream(kKey)};
  for (int i = 0; i < 100; ++i) ASSERT_EQ(SampleCell(a), SampleCell(b));
  RandomCursor c{RandomStream(kKey), 6};  // one cell = 6 draws of 1 word (rejections aside)
  RandomCursor d{RandomStream(kKey)};
  SampleCell(d);
  EXPECT_EQ(d.position(), 6);
  EXPECT_EQ(SampleCell(c), SampleCell(d));
}

TEST(SampleCellTest, OpsAreUniformAndIndependentPerPosition) {
  RandomCursor rng{RandomStream(kKey)};
  constexpr int kDraws = 50000;
  std::vector<std::vector<int>> counts(kNumEdges, std::vector<int>(kNumOps));
  int rejected = 0;
  for (int i = 0; i < kDraws; ++i) {
    const Cell cell = SampleCell(rng);
    for (int k = 0; k < kNumEdges; ++k) ++counts[k][OpCode(cell.op(k))];
    rejected += IsNaslibSampleRejected(cell);
  }
  for (int k = 0; k < kNumEdges; ++k) {
    for (int code = 0; code < kNumOps; ++code) {
      EXPECT_NEAR(counts[k][code], kDraws / 5.0, FiveSigma(kDraws, 0.2)) << k << " " << code;
    }
  }
  // Joint check: the 245 NASLib-rejected cells appear with probability 245/5^6.
  EXPECT_NEAR(rejected, kDraws * 245.0 / kNumCells, FiveSigma(kDraws, 245.0 / kNumCells));
}

TEST(SampleCellTest, NaslibRejectionNeverReturnsRejectedCells) {
  RandomCursor rng{RandomStream(kKey)};
  constexpr int kDraws = 50000;
  int disconnected = 0;
  for (int i = 0; i < kDraws; ++i) {
    const Cell cell = SampleCell(rng, /*naslib_rejection=*/true);
    ASSERT_FALSE(IsNaslibSampleRejected(cell)) << cell;
    disconnected += IsDisconnected(cell);
  }
  // 96 samplable disconnected cells out of 15,625 - 245 (§1.6).
  const double p = 96.0 / (kNumCells - 245);
  EXPECT_NEAR(disconnected, kDraws * p, FiveSigma(kDraws, p));
}

TEST(MutateCellTest, ChangesExactlyOnePositionUniformly) {
  const Cell parent = Tuple("0,1,2,3,4,0");
  RandomCursor rng{RandomStream(kKey)};
  constexpr int kDraws = 60000;
  std::vector<std::vector<int>> counts(kNumEdges, std::vector<int>(kNumOps));
  for (int i = 0; i < kDraws; ++i) {
    const Cell child = MutateCell(parent, rng);
    ASSERT_EQ(Hamming(parent, child), 1) << child;
    for (int k = 0; k < kNumEdges; ++k) {
      if (child.op(k) != parent.op(k)) ++counts[k][OpCode(child.op(k))];
    }
  }
  for (int k = 0; k < kNumEdges; ++k) {
    for (int code = 0; code < kNumOps; ++code) {
      if (code == OpCode(parent.op(k))) {
        EXPECT_EQ(counts[k][code], 0);
      } else {
        EXPECT_NEAR(counts[k][code], kDraws / 24.0, FiveSigma(kDraws, 1.0 / 24)) << k;
      }
    }
  }
}

TEST(NeighboursTest, TheTwentyFourOneEdgeChanges) {
  for (const Cell& cell : {Tuple("0,0,0,0,0,0"), Tuple("4,0,3,1,4,3"), Tuple("4,4,4,4,4,4")}) {
    const std::vector<Cell> nbhd = Neighbours(cell);
    ASSERT_EQ(nbhd.size(), kNumNeighbours);
    EXPECT_TRUE(std::is_sorted(nbhd.begin(), nbhd.end(), [&](const Cell& a, const Cell& b) {
      // Position-major: the changed position never decreases.
      auto changed = [&](const Cell& x) {
        for (int k = 0; k < kNumEdges; ++k) {
          if (x.op(k) != cell.op(k)) return k;
        }
        return -1;
      };
      return changed(a) < changed(b) || (changed(a) == changed(b) && a < b);
    }));
    absl::flat_hash_set<Cell> distinct(nbhd.begin(), nbhd.end());
    EXPECT_EQ(distinct.size(), kNumNeighbours);
    for (const Cell& n : nbhd) EXPECT_EQ(Hamming(n, cell), 1);
  }
  EXPECT_EQ(Neighbours(Tuple("0,0,0,0,0,0"))[0], Tuple("1,0,0,0,0,0"));
  EXPECT_EQ(Neighbours(Tuple("0,0,0,0,0,0"))[23], Tuple("0,0,0,0,0,4"));
}

TEST(NeighboursTest, ShuffledIsADeterministicPermutation) {
  const Cell cell = Tuple("2,2,0,2,2,3");
  RandomCursor a{RandomStream(kKey)};
  RandomCursor b{RandomStream(kKey)};
  const std::vector<Cell> first = ShuffledNeighbours(cell, a);
  EXPECT_EQ(first, ShuffledNeighbours(cell, b));
  const std::vector<Cell> second = ShuffledNeighbours(cell, a);
  EXPECT_NE(first, second);  // the cursor moved on
  std::vector<Cell> sorted = first;
  std::sort(sorted.begin(), sorted.end());
  std::vector<Cell> expected = Neighbours(cell);
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(sorted, expected);
}

TEST(EncodingTest, OneHotHasOneBitPerPosition) {
  for (const Cell& cell : AllCells()) {
    const std::array<float, kOneHotSize> x = OneHotEncoding(cell);
    for (int k = 0; k < kNumEdges; ++k) {
      for (int code = 0; code < kNumOps; ++code) {
        ASSERT_EQ(x[kNumOps * k + code], code == OpCode(cell.op(k)) ? 1.0f : 0.0f) << cell;
      }
    }
  }
}

TEST(EncodingTest, PathIndicesWorkedExample) {
  // (0,0,0,4,3,2): [2] -> 0; [0,4] -> 5 + 0 + 3*5; [1,5] -> 5 + 0 + 2*5;
  // [0,3,5] -> 30 + 0 + 4*5 + 2*25.
  const Cell cell = Tuple("0,0,0,4,3,2");
  EXPECT_EQ(PathIndices(cell), (std::array<int, 4>{0, 20, 15, 100}));
  // NASLib's blueprints read position 3 as the direct edge and 2 in the long path.
  EXPECT_EQ(PathIndices(cell, PathBlueprint::kNaslibCompat), (std::array<int, 4>{4, 20, 15, 80}));
}

TEST(EncodingTest, PathIndicesDecodeToThePathOps) {
  int three_ones = 0;
  for (const Cell& cell : AllCells()) {
    const std::array<int, kNumPaths> indices = PathIndices(cell);
    for (int path = 0; path < kNumPaths; ++path) {
      const absl::Span<const int> positions = PathPositions(path);
      const int offset = positions.size() == 1 ? 0 : positions.size() == 2 ? 5 : 30;
      int rest = indices[path] - offset;
      bool open = true;
      for (int position : positions) {
        ASSERT_EQ(rest % kNumOps, OpCode(cell.op(position))) << cell << " path " << path;
        open = open && rest % kNumOps != OpCode(Op::kNone);
        rest /= kNumOps;
      }
      ASSERT_EQ(rest, 0);
      ASSERT_EQ(open, IsPathOpen(cell, path)) << cell;
    }
    const std::array<float, kPathEncodingSize> x = PathEncoding(cell);
    int ones = 0;
    for (int i = 0; i < kPathEncodingSize; ++i) {
      const bool hit = std::find(indices.begin(), indices.end(), i) != indices.end();
      ASSERT_EQ(x[i], hit ? 1.0f : 0.0f) << cell;
      ones += hit;
    }
    const bool same_pair = cell.op(0) == cell.op(1) && cell.op(4) == cell.op(5);
    ASSERT_EQ(ones, same_pair ? 3 : 4) << cell;
    three_ones += same_pair;
    // The truncated encoding keeps the direct and the two 2-edge paths only.
    ASSERT_LT(indices[0], kTruncatedPathEncodingSize);
    ASSERT_LT(indices[2], kTruncatedPathEncodingSize);
    ASSERT_GE(indices[3], kTruncatedPathEncodingSize);
  }
  EXPECT_EQ(three_ones, 625);
}

TEST(EncodingTest, NaslibBlueprintDiffersExactlyWhenPositions2And3Differ) {
  int differing = 0;
  for (const Cell& cell : AllCells()) {
    const bool differs = PathIndices(cell) != PathIndices(cell, PathBlueprint::kNaslibCompat);
    ASSERT_EQ(differs, cell.op(2) != cell.op(3)) << cell;
    differing += differs;
  }
  EXPECT_EQ(differing, kNumCells / 5 * 4);
}

}  // namespace
}  // namespace aimc::nas
