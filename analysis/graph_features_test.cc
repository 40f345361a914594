// The 191 graph features against nas_spec.md §2.5's test vectors (verified
// there against GRAF + networkx on all 15,625 cells) and against an
// independent per-path computation (§2.3: with 4 nodes, min/max over the
// structural paths whose edges are all in A are exact) on all 15,625 cells.
#include "analysis/graph_features.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nas/cell.h"

namespace aimc::analysis {
namespace {

using nas::Cell;
using ::testing::HasSubstr;

Cell C(absl::string_view tuple) { return *nas::ParseCellTuple(tuple); }

double F(const GraphFeatureVector& v, absl::string_view name) {
  const absl::StatusOr<int> index = FindGraphFeature(name);
  EXPECT_TRUE(index.ok()) << index.status();
  return index.ok() ? v[*index] : -1000;
}

TEST(GraphFeaturesTest, CountAndOrderOfNames) {
  ASSERT_EQ(kNumGraphFeatures, 191);
  const absl::Span<const GraphFeatureInfo> infos = GraphFeatureInfos();
  ASSERT_EQ(infos.size(), 191u);
  const std::vector<std::string> first = {"op_count_(skip_connect)",
                                          "op_count_(none)",
                                          "op_count_(nor_conv_3x3)",
                                          "op_count_(nor_conv_1x1)",
                                          "op_count_(avg_pool_3x3)",
                                          "min_path_len_(skip_connect)",
                                          "min_path_len_(none)",
                                          "min_path_len_(nor_conv_3x3)",
                                          "min_path_len_(nor_conv_1x1)",
                                          "min_path_len_(avg_pool_3x3)",
                                          "min_path_len_(skip_connect,none)",
                                          "min_path_len_(skip_connect,nor_conv_3x3)"};
  for (size_t i = 0; i < first.size(); ++i) EXPECT_EQ(infos[i].name, first[i]) << i;
  EXPECT_EQ(infos[35].name,
            "min_path_len_(skip_connect,none,nor_conv_3x3,nor_conv_1x1,avg_pool_3x3)");
  EXPECT_EQ(infos[36].name, "max_op_on_path_(skip_connect)");
  EXPECT_EQ(infos[67].name, "node_degree_(skip_connect)_in_degree");
  EXPECT_EQ(infos[68].name, "node_degree_(skip_connect)_out_degree");
  EXPECT_EQ(infos[69].name, "node_degree_(skip_connect)_avg_in");
  EXPECT_EQ(infos[70].name, "node_degree_(skip_connect)_avg_out");
  EXPECT_EQ(infos[71].name, "node_degree_(none)_in_degree");
  const std::string all = "(skip_connect,none,nor_conv_3x3,nor_conv_1x1,avg_pool_3x3)";
  EXPECT_EQ(infos[186].name, "node_degree_(none,nor_conv_3x3,nor_conv_1x1,avg_pool_3x3)_avg_out");
  EXPECT_EQ(infos[187].name, "node_degree_" + all + "_in_degree");
  EXPECT_EQ(infos[188].name, "node_degree_" + all + "_out_degree");
  EXPECT_EQ(infos[189].name, "node_degree_" + all + "_avg_in");
  EXPECT_EQ(infos[190].name, "node_degree_" + all + "_avg_out");
  for (int i = 0; i < kNumGraphFeatures; ++i) EXPECT_EQ(*FindGraphFeature(infos[i].name), i);
}

TEST(GraphFeaturesTest, SubsetsInGrafOrder) {
  const absl::Span<const OpMask> s = OpSubsets();
  ASSERT_EQ(s.size(), 31u);
  EXPECT_EQ(OpSubsetName(s[0]), "(skip_connect)");
  EXPECT_EQ(OpSubsetName(s[4]), "(avg_pool_3x3)");
  EXPECT_EQ(OpSubsetName(s[5]), "(skip_connect,none)");
  EXPECT_EQ(OpSubsetName(s[6]), "(skip_connect,nor_conv_3x3)");
  EXPECT_EQ(OpSubsetName(s[14]), "(nor_conv_1x1,avg_pool_3x3)");
  EXPECT_EQ(OpSubsetName(s[15]), "(skip_connect,none,nor_conv_3x3)");
  EXPECT_EQ(OpSubsetName(s[30]), "(skip_connect,none,nor_conv_3x3,nor_conv_1x1,avg_pool_3x3)");
}

TEST(GraphFeaturesTest, FindAcceptsZeroizeAndNamesBadInput) {
  EXPECT_EQ(*FindGraphFeature("op_count_(zeroize)"), *FindGraphFeature("op_count_(none)"));
  const absl::StatusOr<int> bad = FindGraphFeature("op_count_(nor_conv_3x3,skip_connect)");
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(bad.status().message(), HasSubstr("'op_count_(nor_conv_3x3,skip_connect)'"));
}

// nas_spec.md §2.5, one row per tuple, every column.
struct Vector25 {
  const char* tuple;
  int op_count[5];  // skip, none, c3, c1, avg
  int mpl_c3, mpl_skip_c3, mpl_all, mpl_none;
  int mop_c3, mop_skip_c3, mop_all;
  double nd_c3[4];       // in, out, avg_in, avg_out
  double nd_skip_c3[3];  // in, out, avg_in
};

TEST(GraphFeaturesTest, Spec25TestVectors) {
  const std::string all = "(skip_connect,none,nor_conv_3x3,nor_conv_1x1,avg_pool_3x3)";
  const Vector25 rows[] = {
      {"(0,0,0,4,3,2)", {3, 0, 1, 1, 1}, 6, 1, 1, 6, 0, 2, 3, {0, 1, 0.25, 0.25}, {3, 2, 1.0}},
      {"(1,1,1,1,1,1)", {0, 6, 0, 0, 0}, 6, 6, 1, 1, 0, 0, 3, {0, 0, 0, 0}, {0, 0, 0}},
      {"(2,2,2,2,2,2)", {0, 0, 6, 0, 0}, 1, 1, 1, 6, 3, 3, 3, {3, 3, 1.5, 1.5}, {3, 3, 1.5}},
      {"(4,0,3,1,4,3)", {1, 1, 0, 2, 2}, 6, 6, 1, 6, 0, 0, 3, {0, 0, 0, 0}, {1, 0, 0.25}},
      {"(2,3,0,2,4,4)", {1, 0, 2, 1, 2}, 6, 1, 1, 6, 0, 1, 3, {1, 0, 0.5, 0.5}, {2, 1, 0.75}},
      {"(4,4,3,2,2,0)", {1, 0, 2, 1, 2}, 6, 6, 1, 6, 0, 0, 3, {0, 1, 0.5, 0.5}, {0, 2, 0.75}},
      {"(1,2,2,2,2,1)", {0, 2, 4, 0, 0}, 1, 1, 1, 6, 1, 1, 3, {2, 2, 1.0, 1.0}, {2, 2, 1.0}},
  };
  const char* ops[] = {"skip_connect", "none", "nor_conv_3x3", "nor_conv_1x1", "avg_pool_3x3"};
  for (const Vector25& r : rows) {
    SCOPED_TRACE(r.tuple);
    const GraphFeatureVector v = ComputeGraphFeatures(C(r.tuple));
    for (int o = 0; o < 5; ++o) {
      EXPECT_EQ(F(v, std::string("op_count_(") + ops[o] + ")"), r.op_count[o]) << ops[o];
    }
    EXPECT_EQ(F(v, "min_path_len_(nor_conv_3x3)"), r.mpl_c3);
    EXPECT_EQ(F(v, "min_path_len_(skip_connect,nor_conv_3x3)"), r.mpl_skip_c3);
    EXPECT_EQ(F(v, "min_path_len_" + all), r.mpl_all);
    EXPECT_EQ(F(v, "min_path_len_(none)"), r.mpl_none);
    EXPECT_EQ(F(v, "max_op_on_path_(nor_conv_3x3)"), r.mop_c3);
    EXPECT_EQ(F(v, "max_op_on_path_(skip_connect,nor_conv_3x3)"), r.mop_skip_c3);
    EXPECT_EQ(F(v, "max_op_on_path_" + all), r.mop_all);
    EXPECT_EQ(F(v, "node_degree_(nor_conv_3x3)_in_degree"), r.nd_c3[0]);
    EXPECT_EQ(F(v, "node_degree_(nor_conv_3x3)_out_degree"), r.nd_c3[1]);
    EXPECT_EQ(F(v, "node_degree_(nor_conv_3x3)_avg_in"), r.nd_c3[2]);
    EXPECT_EQ(F(v, "node_degree_(nor_conv_3x3)_avg_out"), r.nd_c3[3]);
    EXPECT_EQ(F(v, "node_degree_(skip_connect,nor_conv_3x3)_in_degree"), r.nd_skip_c3[0]);
    EXPECT_EQ(F(v, "node_degree_(skip_connect,nor_conv_3x3)_out_degree"), r.nd_skip_c3[1]);
    EXPECT_EQ(F(v, "node_degree_(skip_connect,nor_conv_3x3)_avg_in"), r.nd_skip_c3[2]);
  }
}

// §2.3 per path: the structural paths [2], [0,4], [1,5], [0,3,5] (tuple
// positions); degrees straight from the positions touching the input
// (0, 1, 2) and the output (2, 4, 5). No graph library.
GraphFeatureVector PerPathReference(const Cell& cell, const NoPathValues& no_path) {
  const std::vector<std::vector<int>> paths = {{2}, {0, 4}, {1, 5}, {0, 3, 5}};
  auto in = [&](int position, OpMask ops) {
    return ((ops >> nas::OpCode(cell.op(position))) & 1) != 0;
  };
  GraphFeatureVector out;
  const absl::Span<const GraphFeatureInfo> infos = GraphFeatureInfos();
  for (int i = 0; i < kNumGraphFeatures; ++i) {
    const OpMask ops = infos[i].ops;
    int shortest = 99, longest = -1, from_input = 0, to_output = 0, edges = 0;
    for (const std::vector<int>& path : paths) {
      bool open = true;
      for (int p : path) open = open && in(p, ops);
      if (!open) continue;
      shortest = std::min<int>(shortest, path.size());
      longest = std::max<int>(longest, path.size());
    }
    for (int p : {0, 1, 2}) from_input += in(p, ops);
    for (int p : {2, 4, 5}) to_output += in(p, ops);
    for (int p = 0; p < nas::kNumEdges; ++p) edges += in(p, ops);
    switch (infos[i].kind) {
      case GraphFeatureKind::kOpCount:
        out[i] = edges;
        break;
      case GraphFeatureKind::kMinPathLen:
        out[i] = longest < 0 ? no_path.min_path_len : shortest;
        break;
      case GraphFeatureKind::kMaxOpOnPath:
        out[i] = longest < 0 ? no_path.max_op_on_path : longest;
        break;
      case GraphFeatureKind::kInDegree:
        out[i] = from_input;
        break;
      case GraphFeatureKind::kOutDegree:
        out[i] = to_output;
        break;
      case GraphFeatureKind::kAvgIn:
      case GraphFeatureKind::kAvgOut:
        out[i] = edges / 4.0;
        break;
    }
  }
  return out;
}

TEST(GraphFeaturesTest, AllCellsEqualPerPathReference) {
  const absl::Span<const GraphFeatureInfo> infos = GraphFeatureInfos();
  int mismatches = 0;
  for (const Cell& cell : nas::AllCells()) {
    const GraphFeatureVector got = ComputeGraphFeatures(cell);
    const GraphFeatureVector want = PerPathReference(cell, NoPathValues{});
    for (int i = 0; i < kNumGraphFeatures; ++i) {
      if (got[i] != want[i] && ++mismatches <= 5) {
        ADD_FAILURE() << cell << " " << infos[i].name << ": " << got[i] << " vs " << want[i];
      }
    }
  }
  EXPECT_EQ(mismatches, 0);
}

// The per-cell Boost.Graph path (no table) agrees with the table on every
// cell, with zc_combine's no-path values to cover NoPathValues too.
TEST(GraphFeaturesTest, UncachedEqualsTable) {
  const NoPathValues zc_combine{5, -1};
  for (const Cell& cell : nas::AllCells()) {
    ASSERT_EQ(ComputeGraphFeaturesUncached(cell, zc_combine),
              ComputeGraphFeatures(cell, zc_combine))
        << cell;
  }
}

TEST(GraphFeaturesTest, EdgeSubsetStats) {
  const EdgeSubsetStats full = ComputeEdgeSubsetStats(63);
  EXPECT_EQ(full.min_path_edges, 1);
  EXPECT_EQ(full.max_path_edges, 3);
  EXPECT_EQ(full.input_out_degree, 3);
  EXPECT_EQ(full.output_in_degree, 3);
  EXPECT_EQ(full.num_edges, 6);
  // Positions 0, 3, 5: only the 3-edge path 0->1->2->3.
  const EdgeSubsetStats chain = ComputeEdgeSubsetStats(0b101001);
  EXPECT_EQ(chain.min_path_edges, 3);
  EXPECT_EQ(chain.max_path_edges, 3);
  EXPECT_EQ(ComputeEdgeSubsetStats(0b000011).min_path_edges, -1);  // 0->1, 0->2 only
}

}  // namespace
}  // namespace aimc::analysis
