#include "nas/search/features.h"

#include <vector>

#include "gtest/gtest.h"
#include "nas/cell.h"
#include "nas/primitives.h"

namespace aimc::nas::search {
namespace {

std::vector<float> Features(const char* tuple, const FeatureSet& set) {
  std::vector<float> out;
  AppendFeatures(*ParseCellTuple(tuple), set, &out);
  EXPECT_EQ(static_cast<int>(out.size()), FeatureCount(set));
  return out;
}

std::vector<float> Graph(const char* tuple) {
  return Features(tuple, {.one_hot = false, .graph_features = true});
}

TEST(FeaturesTest, CountsPerGroup) {
  EXPECT_EQ(FeatureCount({}), 30);
  EXPECT_EQ(FeatureCount({.one_hot = false, .path_encoding = true}), 155);
  EXPECT_EQ(FeatureCount({.one_hot = false, .path_encoding = true, .truncate_path = true}), 30);
  EXPECT_EQ(FeatureCount({.raw_tuple = true, .graph_features = true}), 30 + 6 + 15);
  EXPECT_EQ(GraphFeatureNames().size(), kNumGraphFeatures);
  EXPECT_EQ(GraphFeatureNames()[0], "op_count_(skip_connect)");
}

TEST(FeaturesTest, GroupsAreConcatenatedInOrder) {
  const Cell cell = *ParseCellTuple("(0,0,0,4,3,2)");
  const std::vector<float> f =
      Features("(0,0,0,4,3,2)", {.one_hot = true, .path_encoding = true, .raw_tuple = true});
  const auto one_hot = OneHotEncoding(cell);
  const auto path = PathEncoding(cell);
  EXPECT_EQ(std::vector<float>(f.begin(), f.begin() + 30),
            std::vector<float>(one_hot.begin(), one_hot.end()));
  EXPECT_EQ(std::vector<float>(f.begin() + 30, f.begin() + 185),
            std::vector<float>(path.begin(), path.end()));
  EXPECT_EQ(std::vector<float>(f.begin() + 185, f.end()), (std::vector<float>{0, 0, 0, 4, 3, 2}));
}

// nas_spec.md §2.5 vectors: op counts, and min/max path length over the
// non-none ops (GRAF min_path_len / max_op_on_path of (skip,c3,c1,avg)).
TEST(FeaturesTest, GraphFeaturesOnSpecVectors) {
  // (0,0,0,4,3,2): all paths open; convs 3x3 at t5, 1x1 at t4; §1.5 with
  // n3 = n1 = 1: 344,346 parameters.
  const std::vector<float> open = Graph("(0,0,0,4,3,2)");
  EXPECT_EQ(std::vector<float>(open.begin(), open.end() - 1),
            (std::vector<float>{3, 0, 1, 1, 1, 1, 1, 1, 1, 4, 1, 3, 1, 1}));
  EXPECT_NEAR(open.back(), 0.344346, 1e-6);
  // (1,1,1,1,1,1): disconnected; no conv.
  std::vector<float> none = Graph("(1,1,1,1,1,1)");
  EXPECT_EQ(std::vector<float>(none.begin(), none.end() - 1),
            (std::vector<float>{0, 6, 0, 0, 0, 0, 0, 0, 0, 0, 6, 0, 0, 0}));
  // (1,2,2,2,2,1): t0 = none blocks [0,4] and [0,3,5], t5 = none blocks
  // [1,5]; only the direct path [2] is open, and pruning keeps its conv only.
  const std::vector<float> g = Graph("(1,2,2,2,2,1)");
  EXPECT_EQ(std::vector<float>(g.begin() + 5, g.begin() + 14),
            (std::vector<float>{1, 0, 0, 0, 1, 1, 1, 1, 0}));
}

TEST(FeaturesTest, Validate) {
  EXPECT_TRUE(Validate(FeatureSet{}).ok());
  EXPECT_EQ(Validate(FeatureSet{.one_hot = false}).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Validate(FeatureSet{.truncate_path = true}).message(),
            "features.truncate_path: requires path_encoding");
}

TEST(FeaturesTest, TextForm) {
  const FeatureSet set = *ParseFeatureSet("one_hot+graph");
  EXPECT_TRUE(set.one_hot && set.graph_features && !set.path_encoding && !set.raw_tuple);
  EXPECT_EQ(FeatureSetToString(set), "one_hot+graph");
  const FeatureSet path = *ParseFeatureSet("truncated_path+tuple");
  EXPECT_TRUE(path.path_encoding && path.truncate_path && path.raw_tuple && !path.one_hot);
  EXPECT_EQ(FeatureSetToString(path), "truncated_path+tuple");
  EXPECT_EQ(FeatureSetToString(FeatureSet{}), "one_hot");
  EXPECT_EQ(ParseFeatureSet("one_hot+grf").status().message(),
            "features: unknown group 'grf' in 'one_hot+grf' (expected one_hot, path, "
            "truncated_path, tuple, graph joined by '+')");
  EXPECT_FALSE(ParseFeatureSet("graph+graph").ok());
  EXPECT_FALSE(ParseFeatureSet("").ok());
}

}  // namespace
}  // namespace aimc::nas::search
