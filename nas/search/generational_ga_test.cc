#include "nas/search/generational_ga.h"

#include <algorithm>
#include <set>

#include "common/random.h"
#include "common/random_cursor.h"
#include "gtest/gtest.h"
#include "nas/cell.h"
#include "nas/objective.h"
#include "nas/search/search_algorithm.h"
#include "nas/search/testing/synthetic_objective.h"

namespace aimc::nas::search {
namespace {

TEST(GenerationalGaTest, ValidateNamesTheField) {
  EXPECT_EQ(Validate(GenerationalGaOptions{.population_size = 1}).message(),
            "generational_ga.population_size: must be >= 2, got 1");
  EXPECT_EQ(Validate(GenerationalGaOptions{.crossover_p = 1.5}).message(),
            "generational_ga.crossover_p: must be in [0, 1], got 1.5");
  EXPECT_EQ(Validate(GenerationalGaOptions{.mutation_p = -0.1}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Validate(GenerationalGaOptions{.population_size = 5, .tournament = 6}).message(),
            "generational_ga.tournament: must be 1..population_size (5), got 6");
  EXPECT_FALSE(GenerationalGa::Create({.generations = -1}).ok());
}

// Tournament over the whole population, no crossover, no mutation: every
// child is a copy of the best initial member, so nothing beyond the initial
// population is ever queried and the answer is its best.
TEST(GenerationalGaTest, FullTournamentWithoutVariationCopiesTheBest) {
  testing::PlantedObjective objective(*ParseCellTuple("(1,2,3,4,0,1)"));
  RandomCursor rng{RandomStream(StreamKey{.seed = 11})};
  const auto ga = *GenerationalGa::Create({.population_size = 20, .generations = 5,
                                           .crossover_p = 0, .mutation_p = 0, .tournament = 20});
  const SearchResult result = *ga->Run(objective, 1000, rng);
  std::set<int> initial;
  double best = -1e300;
  for (const TrajectoryPoint& t : result.trajectory) {
    initial.insert(t.cell.LexIndex());
    best = std::max(best, t.value);
  }
  EXPECT_LE(result.queries, 20);
  EXPECT_EQ(static_cast<int>(initial.size()), result.queries);
  EXPECT_EQ(result.best_value, best);
}

// One generation of P children after P initial members: at most 2P queries.
TEST(GenerationalGaTest, GenerationsBoundTheQueries) {
  testing::PlantedObjective objective(*ParseCellTuple("(0,0,2,2,3,4)"));
  RandomCursor rng{RandomStream(StreamKey{.seed = 12})};
  const auto ga = *GenerationalGa::Create({.population_size = 20, .generations = 1,
                                           .mutation_p = 1.0});
  const SearchResult result = *ga->Run(objective, 1000, rng);
  EXPECT_GT(result.queries, 20);
  EXPECT_LE(result.queries, 40);
}

TEST(GenerationalGaTest, FindsThePlantedOptimumWithTheExampleSettings) {
  testing::PlantedObjective objective(*ParseCellTuple("(1,2,3,4,0,1)"));
  RandomCursor rng{RandomStream(StreamKey{.seed = 13})};
  // The example's __main__ run, smaller population: P 50, p_m 0.5, k 8.
  const auto ga =
      *GenerationalGa::Create({.population_size = 50, .mutation_p = 0.5, .tournament = 8});
  EXPECT_EQ(ga->Run(objective, 1500, rng)->best_cell, objective.optimum());
}

// The example's op range 0..5: children holding code 5 are never queried and
// never win; the search still spends its budget on real cells.
TEST(GenerationalGaTest, CompatOpRangeSkipsTheNonOp) {
  testing::PlantedObjective objective(*ParseCellTuple("(1,2,3,4,0,1)"));
  RandomCursor rng{RandomStream(StreamKey{.seed = 14})};
  const auto ga = *GenerationalGa::Create({.mutation_p = 1.0, .compat_op_range_0_to_5 = true});
  const SearchResult result = *ga->Run(objective, 300, rng);
  EXPECT_EQ(result.queries, 300);
  for (const TrajectoryPoint& t : result.trajectory) {
    for (int code : t.cell.Codes()) EXPECT_LT(code, kNumOps);
  }
}

}  // namespace
}  // namespace aimc::nas::search
