#include "nas/search/multi_objective.h"

#include <string>

#include "common/random.h"
#include "common/random_cursor.h"
#include "gtest/gtest.h"
#include "nas/cell.h"
#include "nas/objective.h"
#include "nas/search/regularized_evolution.h"
#include "nas/search/search_algorithm.h"
#include "nas/search/testing/synthetic_objective.h"

namespace aimc::nas::search {
namespace {

// value = number of edges carrying `op`; counts its calls.
class OpCount : public Objective {
 public:
  explicit OpCount(Op op, std::string name) : op_(op), name_(std::move(name)) {}
  absl::StatusOr<double> Evaluate(const Cell& cell) override {
    ++calls;
    return cell.CountOp(op_);
  }
  std::string name() const override { return name_; }
  int calls = 0;

 private:
  Op op_;
  std::string name_;
};

TEST(ConstrainedObjectiveTest, PrimaryWhenFeasibleElseTheInfeasibleValue) {
  OpCount accuracy(Op::kNorConv3x3, "acc");
  OpCount avm(Op::kAvgPool3x3, "avm");
  const auto objective = *ConstrainedObjective::Create(&accuracy, &avm, 1.0, -5.0);
  EXPECT_EQ(objective->name(), "acc s.t. avm <= 1");
  EXPECT_EQ(*objective->Evaluate(*ParseCellTuple("(2,2,2,4,0,0)")), 3);   // avm 1: feasible
  EXPECT_EQ(*objective->Evaluate(*ParseCellTuple("(2,2,2,4,4,0)")), -5);  // avm 2
  EXPECT_TRUE(*objective->IsFeasible(*ParseCellTuple("(0,0,0,0,0,4)")));
  EXPECT_FALSE(*objective->IsFeasible(*ParseCellTuple("(4,4,0,0,0,4)")));
  // The primary is not queried for an infeasible cell.
  EXPECT_EQ(accuracy.calls, 1);
}

TEST(ConstrainedObjectiveTest, CreateRejectsNullAndNonFinite) {
  OpCount a(Op::kNone, "a");
  EXPECT_EQ(ConstrainedObjective::Create(nullptr, &a, 1, 0).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ConstrainedObjective::Create(&a, &a, NAN, 0).status().message(),
            "constrained objective max_secondary: must be finite, got nan");
  EXPECT_FALSE(ConstrainedObjective::Create(&a, &a, 1, -INFINITY).ok());
}

TEST(ScalarizedObjectiveTest, PrimaryMinusWeightTimesSecondary) {
  OpCount accuracy(Op::kNorConv3x3, "acc");
  OpCount avm(Op::kAvgPool3x3, "avm");
  const auto objective = *ScalarizedObjective::Create(&accuracy, &avm, 0.5);
  EXPECT_EQ(objective->name(), "acc - 0.5*avm");
  EXPECT_DOUBLE_EQ(*objective->Evaluate(*ParseCellTuple("(2,2,2,4,4,0)")), 3 - 0.5 * 2);
  EXPECT_FALSE(ScalarizedObjective::Create(&accuracy, nullptr, 1).ok());
}

// Any algorithm searches the wrapped objective unchanged: regularized
// evolution on "planted accuracy s.t. at most one avg_pool_3x3" (the planted
// peak has two) returns a feasible cell next to the peak.
TEST(ConstrainedObjectiveTest, SearchReturnsAFeasibleCell) {
  testing::PlantedObjective accuracy(*ParseCellTuple("(4,4,2,2,2,2)"), 1);
  OpCount avm(Op::kAvgPool3x3, "avm");
  const auto objective = *ConstrainedObjective::Create(&accuracy, &avm, 1.0, 0.0);
  RandomCursor rng{RandomStream(StreamKey{.seed = 12})};
  const SearchResult result = *(*RegularizedEvolution::Create({}))->Run(*objective, 400, rng);
  EXPECT_LE(result.best_cell.CountOp(Op::kAvgPool3x3), 1);
  EXPECT_GT(result.best_value, 87.0);  // one edge from the peak: 88 - u
}

}  // namespace
}  // namespace aimc::nas::search
