#include "nas/search/local_search.h"

#include "common/random.h"
#include "common/random_cursor.h"
#include "gtest/gtest.h"
#include "nas/cell.h"
#include "nas/objective.h"
#include "nas/search/search_algorithm.h"
#include "nas/search/testing/synthetic_objective.h"

namespace aimc::nas::search {
namespace {

// Two basins: value = 10 - Hamming to the nearer of two peaks, the global one
// worth 1 more. From the local peak no neighbour improves, so naszilla's
// local search must restart to find the global one.
class TwoPeaks : public Objective {
 public:
  absl::StatusOr<double> Evaluate(const Cell& cell) override {
    const double a = 11 - Hamming(cell, global_);
    const double b = 10 - Hamming(cell, local_);
    return std::max(a, b) + 0.001 * (cell.LexIndex() % 7);
  }
  std::string name() const override { return "two_peaks"; }
  const Cell& global() const { return global_; }

 private:
  static int Hamming(const Cell& a, const Cell& b) {
    int d = 0;
    for (int k = 0; k < kNumEdges; ++k) d += a.op(k) != b.op(k);
    return d;
  }
  Cell global_ = *ParseCellTuple("(0,0,0,0,0,0)");
  Cell local_ = *ParseCellTuple("(4,4,4,4,4,4)");
};

TEST(LocalSearchTest, ValidateNamesTheField) {
  EXPECT_EQ(Validate(LocalSearchOptions{.num_init = 0}).message(),
            "local_search.num_init: must be >= 1, got 0");
}

TEST(LocalSearchTest, BothVariantsFindTheGlobalPeak) {
  for (bool naslib : {false, true}) {
    TwoPeaks objective;
    RandomCursor rng{RandomStream(StreamKey{.seed = 5})};
    const auto algorithm = *LocalSearch::Create({.naslib_variant = naslib});
    const SearchResult result = *algorithm->Run(objective, 600, rng);
    EXPECT_EQ(result.best_cell, objective.global()) << "naslib " << naslib;
  }
}

// naszilla moves at the first improving neighbour: the query after the
// initial ones is a neighbour of the best initial cell.
TEST(LocalSearchTest, NaszillaClimbsFromTheBestInitialCell) {
  testing::PlantedObjective objective(*ParseCellTuple("(3,3,3,3,3,3)"), 9);
  RandomCursor rng{RandomStream(StreamKey{.seed = 6})};
  const SearchResult result = *(*LocalSearch::Create({.num_init = 10}))->Run(objective, 11, rng);
  ASSERT_EQ(result.trajectory.size(), 11);
  Cell best = result.trajectory[0].cell;
  double best_value = result.trajectory[0].value;
  for (int i = 1; i < 10; ++i) {
    if (result.trajectory[i].value > best_value) {
      best = result.trajectory[i].cell;
      best_value = result.trajectory[i].value;
    }
  }
  int d = 0;
  for (int k = 0; k < kNumEdges; ++k) d += best.op(k) != result.trajectory[10].cell.op(k);
  EXPECT_EQ(d, 1);
}

}  // namespace
}  // namespace aimc::nas::search
