#include "nas/search/analognas_evolution.h"

#include <algorithm>
#include <memory>
#include <vector>

#include "common/random.h"
#include "common/random_cursor.h"
#include "gtest/gtest.h"
#include "nas/cell.h"
#include "nas/objective.h"
#include "nas/search/multi_objective.h"
#include "nas/search/search_algorithm.h"
#include "nas/search/testing/synthetic_objective.h"

namespace aimc::nas::search {
namespace {

using Mode = AnalogNasEvolutionOptions::Mode;

// A stand-in for predicted AVM: the number of avg_pool_3x3 edges.
class PoolCount : public Objective {
 public:
  absl::StatusOr<double> Evaluate(const Cell& cell) override {
    return cell.CountOp(Op::kAvgPool3x3);
  }
  std::string name() const override { return "pool_count"; }
};

TEST(AnalogNasEvolutionTest, ValidateNamesTheField) {
  EXPECT_EQ(Validate(AnalogNasEvolutionOptions{.population_size = 0}).message(),
            "analognas_evolution.population_size: must be >= 1, got 0");
  EXPECT_EQ(Validate(AnalogNasEvolutionOptions{.mutation_prob_other = 1.5}).message(),
            "analognas_evolution.mutation_prob_other: must be 0..1, got 1.5");
}

// The first P queries are a Latin hypercube: each op appears P/5 = 10 times
// at every position (no constraint, so no resampling; seed 10 draws no
// repeated cell, so the first 50 distinct queries are exactly the LHS).
TEST(AnalogNasEvolutionTest, InitialPopulationIsALatinHypercube) {
  testing::PlantedObjective objective(Cell{});
  RandomCursor rng{RandomStream(StreamKey{.seed = 10})};
  const SearchResult result = *(*AnalogNasEvolution::Create({}))->Run(objective, 50, rng);
  ASSERT_EQ(result.trajectory.size(), 50);
  for (int k = 0; k < kNumEdges; ++k) {
    std::vector<int> counts(kNumOps);
    for (const TrajectoryPoint& p : result.trajectory) ++counts[OpCode(p.cell.op(k))];
    EXPECT_EQ(counts, std::vector<int>(kNumOps, 10)) << "position " << k;
  }
}

// With AVM <= 1 (at most one pooling edge), the answer satisfies the
// constraint and is the best feasible cell of the planted landscape.
TEST(AnalogNasEvolutionTest, RespectsTheConstraint) {
  testing::PlantedObjective accuracy(*ParseCellTuple("(4,4,2,2,2,2)"), 6);  // infeasible peak
  PoolCount avm;
  const auto constrained = *ConstrainedObjective::Create(&accuracy, &avm, 1.0, 0.0);
  RandomCursor rng{RandomStream(StreamKey{.seed = 11})};
  AnalogNasEvolutionOptions options;
  options.feasible_above = constrained->infeasible_value();
  const SearchResult result = *(*AnalogNasEvolution::Create(options))->Run(*constrained, 3000, rng);
  EXPECT_LE(result.best_cell.CountOp(Op::kAvgPool3x3), 1);
  EXPECT_GT(result.best_value, 0.0);
  // The best feasible cells are 1 edge from the peak (values 88 - u).
  EXPECT_GT(result.best_value, 87.0);
}

// kReleasedCode: 5 members for P = 50 (population / 10), pure resampling, and
// the answer is the last member evaluated (the code's best_x), not the argmax.
TEST(AnalogNasEvolutionTest, ReleasedCodeModeReturnsTheLastMember) {
  testing::PlantedObjective objective(*ParseCellTuple("(2,2,2,2,2,2)"), 7);
  RandomCursor rng{RandomStream(StreamKey{.seed = 12})};
  const auto algorithm = *AnalogNasEvolution::Create(
      {.mode = Mode::kReleasedCode, .population_size = 50, .num_iterations = 20});
  const SearchResult result = *algorithm->Run(objective, kNumCells, rng);
  EXPECT_LE(result.queries, 5 + 5 * 20);
  double max_value = 0;
  for (const TrajectoryPoint& p : result.trajectory) max_value = std::max(max_value, p.value);
  EXPECT_EQ(result.best_value, *objective.Evaluate(result.best_cell));
  EXPECT_LT(result.best_value, max_value);  // the bug: not the argmax (seed 12)
}

}  // namespace
}  // namespace aimc::nas::search
