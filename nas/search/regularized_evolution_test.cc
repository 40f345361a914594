#include "nas/search/regularized_evolution.h"

#include "common/random.h"
#include "common/random_cursor.h"
#include "gtest/gtest.h"
#include "nas/cell.h"
#include "nas/objective.h"
#include "nas/search/search_algorithm.h"
#include "nas/search/testing/synthetic_objective.h"

namespace aimc::nas::search {
namespace {

int Hamming(const Cell& a, const Cell& b) {
  int d = 0;
  for (int k = 0; k < kNumEdges; ++k) d += a.op(k) != b.op(k);
  return d;
}

TEST(RegularizedEvolutionTest, ValidateNamesTheField) {
  EXPECT_EQ(Validate(RegularizedEvolutionOptions{.population_size = 0}).message(),
            "regularized_evolution.population_size: must be >= 1, got 0");
  EXPECT_EQ(Validate(RegularizedEvolutionOptions{.sample_size = 0}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Validate(RegularizedEvolutionOptions{.population_size = 5, .num_init = 6}).message(),
            "regularized_evolution.num_init: must be 1..population_size (5), got 6");
  EXPECT_FALSE(RegularizedEvolution::Create({.num_init = 0}).ok());
}

// After the random initial population, every query is a one-edge mutant of
// some earlier queried cell (NASLib's mutate).
TEST(RegularizedEvolutionTest, ChildrenAreOneEdgeMutantsOfQueriedCells) {
  testing::PlantedObjective objective(*ParseCellTuple("(1,2,3,4,0,1)"));
  RandomCursor rng{RandomStream(StreamKey{.seed = 3})};
  const SearchResult result =
      *(*RegularizedEvolution::Create({}))->Run(objective, 120, rng);
  for (size_t i = 30; i < result.trajectory.size(); ++i) {
    bool has_parent = false;
    for (size_t j = 0; j < i && !has_parent; ++j) {
      has_parent = Hamming(result.trajectory[i].cell, result.trajectory[j].cell) == 1;
    }
    EXPECT_TRUE(has_parent) << "query " << i + 1;
  }
}

TEST(RegularizedEvolutionTest, NaszillaVariantFindsThePlantedOptimum) {
  testing::PlantedObjective objective(*ParseCellTuple("(1,2,3,4,0,1)"));
  RandomCursor rng{RandomStream(StreamKey{.seed = 4})};
  const auto algorithm =
      *RegularizedEvolution::Create({.num_init = 10, .per_edge_mutation = true});
  EXPECT_EQ(algorithm->Run(objective, 400, rng)->best_cell, objective.optimum());
}

}  // namespace
}  // namespace aimc::nas::search
