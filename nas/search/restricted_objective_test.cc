#include "nas/search/restricted_objective.h"

#include <cmath>
#include <memory>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "common/random.h"
#include "common/random_cursor.h"
#include "gtest/gtest.h"
#include "nas/cell.h"
#include "nas/objective.h"
#include "nas/search/exhaustive.h"
#include "nas/search/random_search.h"
#include "nas/search/search_algorithm.h"
#include "nas/search/surrogate.h"
#include "nas/search/testing/synthetic_objective.h"
#include "nas/search/trials.h"

namespace aimc::nas::search {
namespace {

// Every `stride`-th cell, valued 10 + lexicographic index / 1000 (so higher
// indices are better), except the last cell of all, which is left out.
struct Partial {
  std::vector<Cell> cells;
  std::vector<double> values;
};

Partial MakePartial(int stride) {
  Partial p;
  for (int i = 0; i < kNumCells - 1; i += stride) {
    p.cells.push_back(AllCells()[i]);
    p.values.push_back(10 + i / 1000.0);
  }
  return p;
}

TEST(RestrictedObjectiveTest, CoveredValuesElsewhereThePenaltyCountedOnce) {
  const Partial p = MakePartial(7);
  const auto objective = *RestrictedObjective::FromValues("acc", p.cells, p.values, 0);
  EXPECT_EQ(objective->name(), "acc on 2232 cells");
  EXPECT_EQ(objective->num_covered(), 2232);
  EXPECT_DOUBLE_EQ(*objective->Evaluate(AllCells()[14]), 10.014);
  EXPECT_EQ(*objective->Evaluate(AllCells()[15]), 0);
  EXPECT_EQ(*objective->Evaluate(AllCells()[15]), 0);
  EXPECT_EQ(*objective->Evaluate(AllCells()[16]), 0);
  EXPECT_TRUE(objective->Covers(AllCells()[7]));
  EXPECT_FALSE(objective->Covers(AllCells()[8]));
  EXPECT_EQ(objective->uncovered_queries(), 2);  // 15 and 16, each once
  objective->ResetCounts();
  EXPECT_EQ(objective->uncovered_queries(), 0);
}

TEST(RestrictedObjectiveTest, NanValuesAreUncovered) {
  const std::vector<Cell> cells = {AllCells()[3], AllCells()[4]};
  const auto objective =
      *RestrictedObjective::FromValues("acc", cells, std::vector<double>{50, NAN}, -1);
  EXPECT_EQ(objective->num_covered(), 1);
  EXPECT_EQ(*objective->Evaluate(AllCells()[4]), -1);
}

TEST(RestrictedObjectiveTest, RejectsBadArguments) {
  const std::vector<Cell> two = {AllCells()[3], AllCells()[3]};
  EXPECT_EQ(RestrictedObjective::FromValues("a", two, std::vector<double>{1, 2}, 0)
                .status()
                .message(),
            "restricted objective: cell (0,0,0,0,0,3) given twice");
  const std::vector<Cell> one = {AllCells()[3]};
  EXPECT_FALSE(RestrictedObjective::FromValues("a", one, std::vector<double>{0}, 0).ok());
  EXPECT_FALSE(RestrictedObjective::FromValues("a", one, std::vector<double>{NAN}, 0).ok());
  EXPECT_FALSE(RestrictedObjective::FromValues("a", one, std::vector<double>{1, 2}, 0).ok());
  EXPECT_FALSE(RestrictedObjective::FromValues("a", one, std::vector<double>{5}, NAN).ok());
  EXPECT_FALSE(RestrictedObjective::Create(nullptr, one, 0).ok());
  testing::PlantedObjective inner(Cell{});
  EXPECT_FALSE(RestrictedObjective::Create(&inner, {}, 0).ok());
}

TEST(RestrictedObjectiveTest, WrapsAnInnerObjectiveOnCoveredCellsOnly) {
  testing::PlantedObjective inner(AllCells()[100]);
  testing::FailingObjective failing(&inner, 1);  // a second inner call would fail
  const std::vector<Cell> covered = {AllCells()[100]};
  const auto objective = *RestrictedObjective::Create(&failing, covered, -5);
  EXPECT_EQ(objective->name(), "failing on 1 cells");
  EXPECT_EQ(*objective->Evaluate(AllCells()[100]), testing::PlantedObjective::kOptimumValue);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(*objective->Evaluate(AllCells()[i]), -5);
}

// The truth over a restricted space ranks covered cells among themselves, and
// exhaustive search returns the best covered cell, never an uncovered one.
TEST(RestrictedObjectiveTest, RanksAmongCoveredCellsAndExhaustiveFindsTheBestCovered) {
  const Partial p = MakePartial(5);
  const auto objective = *RestrictedObjective::FromValues("acc", p.cells, p.values, 0);
  const TruthTable truth = *TruthTable::Create(*objective);
  const Cell best = p.cells.back();
  EXPECT_EQ(truth.best_cell(), best);
  EXPECT_EQ(truth.Rank(best), 1);
  EXPECT_EQ(truth.Rank(p.cells.front()), static_cast<int>(p.cells.size()));
  EXPECT_EQ(truth.Rank(AllCells()[1]), static_cast<int>(p.cells.size()) + 1);  // uncovered
  const auto exhaustive = *Exhaustive::Create(ExhaustiveOptions());
  RandomCursor rng(RandomStream(StreamKey{.seed = 1}));
  const SearchResult result = *exhaustive->Run(*objective, 150, rng);
  EXPECT_EQ(result.best_cell, best);
  EXPECT_EQ(objective->uncovered_queries(), kNumCells - objective->num_covered());
}

// Random search pays for uncovered cells: with a 1-in-5 coverage about 4 in 5
// of its distinct queries hit the penalty.
TEST(RestrictedObjectiveTest, UncoveredQueriesCountAgainstTheBudget) {
  const Partial p = MakePartial(5);
  const auto objective = *RestrictedObjective::FromValues("acc", p.cells, p.values, 0);
  const auto search = *RandomSearch::Create(RandomSearchOptions());
  RandomCursor rng(RandomStream(StreamKey{.seed = 2}));
  const SearchResult result = *search->Run(*objective, 500, rng);
  EXPECT_EQ(result.queries, 500);
  EXPECT_GT(objective->uncovered_queries(), 350);
  EXPECT_LT(objective->uncovered_queries(), 450);
  EXPECT_TRUE(objective->Covers(result.best_cell));
}

TEST(TrainSurrogateOnCoveredTest, TrainsOnDistinctCoveredCellsOnly) {
  const Partial p = MakePartial(5);
  const auto objective = *RestrictedObjective::FromValues("acc", p.cells, p.values, 0);
  RandomCursor rng(RandomStream(StreamKey{.seed = 3}));
  const auto surrogate = *TrainSurrogateOnCovered(*objective, 900, SurrogateOptions(), rng);
  EXPECT_EQ(surrogate->name(), "surrogate(acc on 3125 cells)");
  absl::flat_hash_set<Cell> distinct;
  for (const Cell& cell : surrogate->training_cells()) {
    EXPECT_TRUE(objective->Covers(cell)) << cell.ToTupleString();
    distinct.insert(cell);
  }
  EXPECT_EQ(distinct.size(), 900u);
  EXPECT_EQ(objective->uncovered_queries(), 0);
  const SurrogateQuality q = *HeldOutOnCovered(*surrogate, *objective);
  EXPECT_EQ(q.num_cells, 3125 - 900);
  EXPECT_GT(q.kendall_tau_b, 0.5);  // value = lexicographic index: learnable from one-hot
  // Same cursor position, same training cells.
  RandomCursor again(RandomStream(StreamKey{.seed = 3}));
  EXPECT_EQ((*TrainSurrogateOnCovered(*objective, 900, SurrogateOptions(), again))
                ->training_cells(),
            surrogate->training_cells());
  RandomCursor more(RandomStream(StreamKey{.seed = 3}));
  EXPECT_EQ(TrainSurrogateOnCovered(*objective, 3126, SurrogateOptions(), more).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace aimc::nas::search
