#include "nas/search/exhaustive.h"

#include "common/random.h"
#include "common/random_cursor.h"
#include "gtest/gtest.h"
#include "nas/cell.h"
#include "nas/objective.h"
#include "nas/search/search_algorithm.h"
#include "nas/search/testing/synthetic_objective.h"

namespace aimc::nas::search {
namespace {

class ConstantObjective : public Objective {
 public:
  absl::StatusOr<double> Evaluate(const Cell&) override { return 1.0; }
  std::string name() const override { return "constant"; }
};

TEST(ExhaustiveTest, EvaluatesEveryCellWhateverTheBudget) {
  const auto exhaustive = *Exhaustive::Create({});
  testing::PlantedObjective objective(*ParseCellTuple("(4,4,4,4,4,4)"));
  RandomCursor rng{RandomStream(StreamKey{})};
  const SearchResult result = *exhaustive->Run(objective, 1, rng);
  EXPECT_EQ(result.queries, kNumCells);
  EXPECT_EQ(result.best_cell, objective.optimum());
  EXPECT_EQ(rng.position(), 0);  // no randomness
  // Lexicographic order.
  EXPECT_EQ(result.trajectory.front().cell, AllCells().front());
  EXPECT_EQ(result.trajectory.back().cell, AllCells().back());
}

TEST(ExhaustiveTest, TiesGoToTheFirstCellInLexicographicOrder) {
  ConstantObjective objective;
  RandomCursor rng{RandomStream(StreamKey{})};
  EXPECT_EQ((*Exhaustive::Create({}))->Run(objective, 5, rng)->best_cell, AllCells()[0]);
}

}  // namespace
}  // namespace aimc::nas::search
