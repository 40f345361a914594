#include "nas/search/random_search.h"

#include "common/random.h"
#include "common/random_cursor.h"
#include "gtest/gtest.h"
#include "nas/cell.h"
#include "nas/cell_graph.h"
#include "nas/objective.h"
#include "nas/search/search_algorithm.h"
#include "nas/search/testing/synthetic_objective.h"

namespace aimc::nas::search {
namespace {

TEST(RandomSearchTest, SpendsExactlyTheBudgetOnDistinctCells) {
  testing::PlantedObjective objective(Cell{});
  QueryCounter counter(&objective);
  RandomCursor rng{RandomStream(StreamKey{.seed = 1})};
  const SearchResult result = *(*RandomSearch::Create({}))->Run(counter, 500, rng);
  EXPECT_EQ(result.queries, 500);
  EXPECT_EQ(counter.distinct(), 500);
  // Draws are with replacement, but repeats are served from the search's own
  // cache: the objective sees each cell once.
  EXPECT_EQ(counter.total_queries(), 500);
}

TEST(RandomSearchTest, NaslibRejectionNeverDrawsRejectedCells) {
  testing::PlantedObjective objective(Cell{});
  RandomCursor rng{RandomStream(StreamKey{.seed = 2})};
  const SearchResult result =
      *(*RandomSearch::Create({.naslib_rejection = true}))->Run(objective, 5000, rng);
  int disconnected = 0;
  for (const TrajectoryPoint& p : result.trajectory) {
    ASSERT_FALSE(IsNaslibSampleRejected(p.cell)) << p.cell;
    disconnected += IsDisconnected(p.cell);
  }
  // 96 of the 341 disconnected cells survive NASLib's check (341 - 245).
  EXPECT_LE(disconnected, 96);
}

}  // namespace
}  // namespace aimc::nas::search
