#include "experiments/analognas_bench/cell_selection.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <map>
#include <set>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/file.h"
#include "gtest/gtest.h"
#include "nas/cell.h"
#include "nas/cell_graph.h"

namespace aimc::experiments {
namespace {

std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return absl::StrCat(dir != nullptr ? dir : "/tmp", "/", name);
}

std::array<int, nas::kNumOps> OpCounts(const nas::Cell& c) {
  std::array<int, nas::kNumOps> counts{};
  for (nas::Op op : nas::kAllOps) counts[nas::OpCode(op)] = c.CountOp(op);
  return counts;
}

TEST(CellSelectionTest, ClassesPartitionTheSpace) {
  const auto classes = AllCellClasses();
  ASSERT_EQ(classes.size(), kNumIsomorphismClasses);
  int members = 0;
  for (size_t c = 0; c < classes.size(); ++c) {
    ASSERT_FALSE(classes[c].members.empty());
    EXPECT_EQ(classes[c].members.front(), classes[c].representative);
    for (const nas::Cell& m : classes[c].members) {
      EXPECT_EQ(CellClassIndex(m), static_cast<int>(c));
      EXPECT_EQ(nas::IsomorphismKey(m), nas::IsomorphismKey(classes[c].representative));
    }
    members += classes[c].members.size();
  }
  EXPECT_EQ(members, nas::kNumCells);
}

TEST(CellSelectionTest, AllUniqueIsEveryRepresentativeShuffled) {
  const auto cells = SelectCells("all_unique", 42);
  ASSERT_TRUE(cells.ok()) << cells.status();
  ASSERT_EQ(cells->size(), kNumIsomorphismClasses);
  std::set<nas::Cell> distinct(cells->begin(), cells->end());
  EXPECT_EQ(distinct.size(), cells->size());
  for (const nas::Cell& c : *cells) {
    EXPECT_EQ(AllCellClasses()[CellClassIndex(c)].representative, c);
  }
  EXPECT_FALSE(std::is_sorted(cells->begin(), cells->end()));
  EXPECT_EQ(*cells, *SelectCells("all_unique", 42));
  EXPECT_NE(*cells, *SelectCells("all_unique", 7));
}

// Each op-count stratum gets its proportional share of N, within one cell.
TEST(CellSelectionTest, StratifiedFollowsTheOpCountStrata) {
  const auto cells = SelectCells("stratified:1000", 42);
  ASSERT_TRUE(cells.ok()) << cells.status();
  ASSERT_EQ(cells->size(), 1000u);
  EXPECT_EQ(std::set<nas::Cell>(cells->begin(), cells->end()).size(), 1000u);
  std::map<std::array<int, nas::kNumOps>, int> all, chosen;
  for (const CellClass& c : AllCellClasses()) ++all[OpCounts(c.representative)];
  for (const nas::Cell& c : *cells) ++chosen[OpCounts(c)];
  for (const auto& [counts, n] : all) {
    const double share = 1000.0 * n / kNumIsomorphismClasses;
    EXPECT_NEAR(chosen[counts], share, 1.0);
  }
  EXPECT_EQ(*cells, *SelectCells("stratified:1000", 42));
  // A prefix of the evaluation order is spread over the strata, not one corner.
  std::set<int> first_t0;
  for (int i = 0; i < 50; ++i) first_t0.insert(nas::OpCode((*cells)[i].op(0)));
  EXPECT_GE(first_t0.size(), 4u);
}

TEST(CellSelectionTest, FileListsMapToRepresentatives) {
  const std::string path = TempPath("cells.txt");
  // (2,2,0,2,2,3) twice in different forms, and an isomorphic pair: the
  // 0->1->3 path as conv-then-skip vs skip-then-conv under a none elsewhere.
  ASSERT_TRUE(WriteFileAtomically(path,
                                  "# a comment\n(2,2,0,2,2,3)\n\n"
                                  "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|"
                                  "nor_conv_3x3~1|nor_conv_1x1~2|\n  6111 # index\n")
                  .ok());
  const auto cells = SelectCells(path, 42);
  ASSERT_TRUE(cells.ok()) << cells.status();
  EXPECT_LE(cells->size(), 2u);
  EXPECT_GE(cells->size(), 1u);

  ASSERT_TRUE(WriteFileAtomically(path, "(2,2,0,2,2,3)\n(0,0,0)\n").ok());
  const absl::Status bad = SelectCells(path, 42).status();
  EXPECT_EQ(bad.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StrContains(bad.message(), "cells.txt:2:")) << bad;
  ASSERT_TRUE(WriteFileAtomically(path, "# nothing\n").ok());
  EXPECT_EQ(SelectCells(path, 42).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(SelectCells(TempPath("absent.txt"), 42).status().code(), absl::StatusCode::kNotFound);
}

TEST(CellSelectionTest, BadSpecsAreInvalidArgument) {
  for (const char* spec : {"stratified:0", "stratified:6467", "stratified:x", "stratified:", ""}) {
    EXPECT_EQ(SelectCells(spec, 1).status().code(), absl::StatusCode::kInvalidArgument) << spec;
  }
}

TEST(CellSelectionTest, ShardsPartitionTheList) {
  EXPECT_EQ(ParseShard("2/4")->index, 2);
  EXPECT_EQ(ParseShard("2/4")->count, 4);
  for (const char* bad : {"4/4", "-1/4", "1", "a/b", "0/0", "1/2/3"}) {
    EXPECT_EQ(ParseShard(bad).status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
  const std::vector<nas::Cell> cells = *SelectCells("stratified:10", 3);
  std::multiset<nas::Cell> seen;
  for (int i = 0; i < 3; ++i) {
    for (const nas::Cell& c : CellsOfShard(cells, {i, 3})) seen.insert(c);
  }
  EXPECT_EQ(seen, std::multiset<nas::Cell>(cells.begin(), cells.end()));
  EXPECT_EQ(CellsOfShard(cells, {0, 3}).size(), 4u);
}

}  // namespace
}  // namespace aimc::experiments
