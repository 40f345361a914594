#include "nas/cell_graph.h"

#include <set>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "gtest/gtest.h"
#include "nas/cell.h"

namespace aimc::nas {
namespace {

Cell Tuple(absl::string_view text) { return *ParseCellTuple(text); }

// Reachability over the cell's non-none edges, computed from the edge list
// (independent of the path blueprints): reach[i][j] iff a live path i -> j.
std::array<std::array<bool, kNumNodes>, kNumNodes> Reach(const Cell& cell) {
  std::array<std::array<bool, kNumNodes>, kNumNodes> reach{};
  for (int i = 0; i < kNumNodes; ++i) reach[i][i] = true;
  // Nodes are topologically ordered, so one pass per source in reverse works.
  for (int i = kNumNodes - 1; i >= 0; --i) {
    for (int k = 0; k < kNumEdges; ++k) {
      if (kTupleEdges[k].src != i || cell.op(k) == Op::kNone) continue;
      for (int j = 0; j < kNumNodes; ++j) reach[i][j] = reach[i][j] || reach[kTupleEdges[k].dst][j];
    }
  }
  return reach;
}

TEST(CellGraphTest, PathsAreTheFourInputOutputChains) {
  const std::vector<std::vector<int>> expected = {{2}, {0, 4}, {1, 5}, {0, 3, 5}};
  std::set<std::vector<int>> node_sequences;
  for (int path = 0; path < kNumPaths; ++path) {
    const absl::Span<const int> positions = PathPositions(path);
    EXPECT_EQ(std::vector<int>(positions.begin(), positions.end()), expected[path]);
    std::vector<int> nodes = {0};
    for (int position : positions) {
      ASSERT_EQ(kTupleEdges[position].src, nodes.back()) << "path " << path;
      nodes.push_back(kTupleEdges[position].dst);
    }
    EXPECT_EQ(nodes.back(), 3);
    node_sequences.insert(nodes);
  }
  // A complete DAG on 4 nodes has exactly 2^(4-2) = 4 input->output paths.
  EXPECT_EQ(node_sequences.size(), 4);
}

TEST(CellGraphTest, Exactly341DisconnectedCellsMatchingReachability) {
  int disconnected = 0;
  for (const Cell& cell : AllCells()) {
    ASSERT_EQ(IsDisconnected(cell), !Reach(cell)[0][3]) << cell;
    disconnected += IsDisconnected(cell);
  }
  EXPECT_EQ(disconnected, 341);
  EXPECT_TRUE(IsDisconnected(Tuple("1,1,1,1,1,1")));
  EXPECT_TRUE(IsDisconnected(Tuple("2,2,1,2,1,1")));   // only 0->1->2 live, 2->3 none
  EXPECT_FALSE(IsDisconnected(Tuple("0,1,1,0,1,0")));  // 0->1->2->3
  EXPECT_FALSE(IsDisconnected(Tuple("1,1,0,1,1,1")));  // the direct edge
}

TEST(CellGraphTest, NaslibRejectsExactly245DisconnectedCells) {
  int rejected = 0;
  for (const Cell& cell : AllCells()) {
    if (!IsNaslibSampleRejected(cell)) continue;
    ++rejected;
    EXPECT_TRUE(IsDisconnected(cell)) << cell;
  }
  EXPECT_EQ(rejected, 245);
}

TEST(CellGraphTest, PruningKeepsExactlyEdgesOnLivePaths) {
  int unchanged = 0;
  for (const Cell& cell : AllCells()) {
    const auto reach = Reach(cell);
    const Cell pruned = PruneZeroBranches(cell);
    for (int k = 0; k < kNumEdges; ++k) {
      const Edge e = kTupleEdges[k];
      const bool live = cell.op(k) != Op::kNone && reach[0][e.src] && reach[e.dst][3];
      ASSERT_EQ(pruned.op(k), live ? cell.op(k) : Op::kNone) << cell << " position " << k;
    }
    ASSERT_EQ(PruneZeroBranches(pruned), pruned) << cell;  // idempotent
    ASSERT_EQ(IsDisconnected(pruned), IsDisconnected(cell)) << cell;
    unchanged += IsPruned(cell);
  }
  EXPECT_EQ(unchanged, 9445);
  EXPECT_TRUE(IsPruned(Tuple("1,1,1,1,1,1")));
  EXPECT_EQ(PruneZeroBranches(Tuple("2,2,1,2,1,1")), Tuple("1,1,1,1,1,1"));
  // 0->2 feeds node 2, whose only out-edge 2->3 is none.
  EXPECT_EQ(PruneZeroBranches(Tuple("0,3,2,4,0,1")), Tuple("0,1,2,1,0,1"));
}

// nas_spec.md §1.7.
TEST(CellGraphTest, IsomorphismKeyWorkedExample) {
  EXPECT_EQ(IsomorphismKey(Tuple("0,0,0,4,3,2")),
            "((0)@avg_pool_3x3+0)@nor_conv_3x3+(0)@nor_conv_1x1+0");
  EXPECT_EQ(IsomorphismKey(Tuple("1,1,1,1,1,1")), "#+#+#");
  EXPECT_EQ(IsomorphismKey(Tuple("0,1,1,1,1,1")), "#+#+#");  // node 1 is "0", node 2 "#+#"
  EXPECT_EQ(IsomorphismKey(Tuple("0,0,1,1,1,2")), "#+#+(#+0)@nor_conv_3x3");  // 0->2 live
}

TEST(CellGraphTest, Exactly6466ClassesAnd5Disconnected) {
  absl::flat_hash_set<std::string> all;
  std::set<std::string> disconnected;
  for (const Cell& cell : AllCells()) {
    const std::string key = IsomorphismKey(cell);
    all.insert(key);
    if (IsDisconnected(cell)) disconnected.insert(key);
  }
  EXPECT_EQ(all.size(), 6466);
  const std::set<std::string> expected = {"#+#+#", "#+#+#+#", "#+#+(#+#)@avg_pool_3x3",
                                          "#+#+(#+#)@nor_conv_1x1", "#+#+(#+#)@nor_conv_3x3"};
  EXPECT_EQ(disconnected, expected);
}

// A dead node 1 ("#") hides the ops of its out-edges 1->2 and 1->3.
TEST(CellGraphTest, KeyIgnoresOpsLeavingADeadNode1) {
  int checked = 0;
  for (const Cell& cell : AllCells()) {
    if (cell.op(0) != Op::kNone) continue;
    const Cell other = cell.WithOp(3, Op::kSkipConnect).WithOp(4, Op::kNorConv3x3);
    ASSERT_EQ(IsomorphismKey(cell), IsomorphismKey(other)) << cell;
    ++checked;
  }
  EXPECT_EQ(checked, kNumCells / kNumOps);
}

// The quirks of §1.7, literally: node 2 keeps a '#' summand for a none input,
// and a skip summand is never flattened, so swapping the inner nodes of
// (2,3,none,none,skip,skip) gives a different key.
TEST(CellGraphTest, KeyQuirksAreKept) {
  EXPECT_EQ(IsomorphismKey(Tuple("2,3,1,1,0,0")), "#+#+(0)@nor_conv_1x1+(0)@nor_conv_3x3");
  EXPECT_EQ(IsomorphismKey(Tuple("3,2,1,1,0,0")), "#+#+(0)@nor_conv_3x3+(0)@nor_conv_1x1");
  // Summands of one node are sorted: the order of node 3's inputs is irrelevant.
  EXPECT_EQ(IsomorphismKey(Tuple("0,0,2,0,3,0")), IsomorphismKey(Tuple("0,0,3,0,2,0")));
}

// Parameter count layer by layer from nas_spec.md §1.4 (an independent
// derivation of the closed form).
int64_t LayerByLayerParams(const Cell& cell, const MacroShape& s) {
  const int64_t c = s.stem_channels;
  const int64_t k = s.num_classes;
  int64_t params = 9 * 3 * c + 2 * c;  // stem conv + BN
  for (int64_t w : {c, 2 * c, 4 * c}) {
    const int64_t per_cell = cell.CountOp(Op::kNorConv3x3) * (9 * w * w + 2 * w) +
                             cell.CountOp(Op::kNorConv1x1) * (w * w + 2 * w);
    params += s.cells_per_stage * per_cell;
  }
  for (int64_t w : {c, 2 * c}) {              // reduction blocks w -> 2w
    params += 9 * w * 2 * w + 2 * 2 * w;      // a: conv stride 2 + BN
    params += 9 * 2 * w * 2 * w + 2 * 2 * w;  // b: conv + BN
    params += w * 2 * w;                      // residual 1x1 conv, no BN
  }
  params += 2 * 4 * c + 4 * c * k + k;  // head BN + linear
  return params;
}

TEST(CellGraphTest, ParamCountTableOfSpec15) {
  EXPECT_EQ(ParamCount(Tuple("1,1,1,1,1,1")), 73306);  // NB201 minimum 0.073306 M
  EXPECT_EQ(ParamCount(Tuple("0,0,0,0,0,0")), 73306);
  EXPECT_EQ(ParamCount(Tuple("4,4,4,4,4,4")), 73306);
  EXPECT_EQ(ParamCount(Tuple("2,2,2,2,2,2")), 1531546);  // NB201 maximum 1.531546 M
  EXPECT_EQ(ParamCount(Tuple("2,2,0,2,2,3")), 1073466);
  EXPECT_EQ(ParamCount(Tuple("0,0,0,4,3,2")), 344346);
  EXPECT_EQ(ParamCount(Tuple("2,2,2,0,0,0")), 802426);  // the one reachable Table-1 value
  EXPECT_EQ(ParamCount(Tuple("1,1,1,1,1,1"), {.num_classes = 100}), 79156);  // CIFAR-100
}

TEST(CellGraphTest, ParamCountClosedFormMatchesLayerByLayer) {
  for (const Cell& cell : AllCells()) {
    ASSERT_EQ(ParamCount(cell), 73306 + 243040 * cell.CountOp(Op::kNorConv3x3) +
                                    28000 * cell.CountOp(Op::kNorConv1x1))
        << cell;
  }
  for (const MacroShape shape : {MacroShape{}, MacroShape{8, 1, 10}, MacroShape{4, 2, 3},
                                 MacroShape{32, 3, 100}, MacroShape{1, 1, 1}}) {
    for (const Cell& cell : AllCells()) {
      ASSERT_EQ(ParamCount(cell, shape), LayerByLayerParams(cell, shape))
          << cell << " C=" << shape.stem_channels << " N=" << shape.cells_per_stage
          << " K=" << shape.num_classes;
    }
  }
}

}  // namespace
}  // namespace aimc::nas
