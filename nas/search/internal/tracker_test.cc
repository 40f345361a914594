#include "nas/search/internal/tracker.h"

#include <optional>

#include "common/random.h"
#include "common/random_cursor.h"
#include "gtest/gtest.h"
#include "nas/cell.h"
#include "nas/objective.h"
#include "nas/search/testing/synthetic_objective.h"

namespace aimc::nas::search::internal {
namespace {

// Counts calls; value = lexicographic index mod 7 (many ties).
class CountingObjective : public Objective {
 public:
  absl::StatusOr<double> Evaluate(const Cell& cell) override {
    ++calls;
    return cell.LexIndex() % 7;
  }
  std::string name() const override { return "counting"; }
  int calls = 0;
};

TEST(SearchTrackerTest, CountsDistinctQueriesAndCaches) {
  CountingObjective objective;
  SearchTracker tracker(objective, 3);
  const absl::Span<const Cell> all = AllCells();
  EXPECT_EQ(*tracker.Evaluate(all[6]), 6);
  EXPECT_EQ(*tracker.Evaluate(all[6]), 6);  // cached: free
  EXPECT_EQ(*tracker.Evaluate(all[13]), 6);
  EXPECT_FALSE(tracker.exhausted());
  EXPECT_EQ(*tracker.Evaluate(all[1]), 1);
  EXPECT_TRUE(tracker.exhausted());
  EXPECT_EQ(*tracker.Evaluate(all[13]), 6);  // seen cells stay available
  EXPECT_EQ(objective.calls, 3);
  EXPECT_EQ(tracker.queries(), 3);
  const SearchResult result = tracker.Result();
  EXPECT_EQ(result.best_cell, all[6]);  // the first of the tied maxima
  EXPECT_EQ(result.best_value, 6);
  ASSERT_EQ(result.trajectory.size(), 3);
  EXPECT_EQ(result.trajectory[2].query, 3);
  EXPECT_EQ(result.trajectory[2].cell, all[1]);
  EXPECT_EQ(result.trajectory[2].value, 1);
  EXPECT_EQ(result.trajectory[2].best_value, 6);
}

TEST(SearchTrackerTest, BudgetAboveTheSpaceIsClamped) {
  CountingObjective objective;
  SearchTracker tracker(objective, 10 * kNumCells);
  for (const Cell& cell : AllCells()) ASSERT_TRUE(tracker.Evaluate(cell).ok());
  EXPECT_TRUE(tracker.exhausted());
  RandomCursor rng{RandomStream(StreamKey{})};
  EXPECT_EQ(tracker.SampleUnseen(rng), std::nullopt);
}

TEST(SearchTrackerTest, CallCapEndsASearchThatOnlyRevisits) {
  CountingObjective objective;
  SearchTracker tracker(objective, 2);
  const Cell cell = AllCells()[0];
  for (int64_t i = 0; i < kMaxCallsPerBudget * 2 + kMaxCallsSlack - 1; ++i) {
    ASSERT_FALSE(tracker.exhausted());
    ASSERT_TRUE(tracker.Evaluate(cell).ok());
  }
  EXPECT_FALSE(tracker.exhausted());
  ASSERT_TRUE(tracker.Evaluate(cell).ok());
  EXPECT_TRUE(tracker.exhausted());
  EXPECT_EQ(tracker.queries(), 1);
}

TEST(SearchTrackerTest, SampleUnseenFindsTheLastUnseenCell) {
  CountingObjective objective;
  SearchTracker tracker(objective, kNumCells);
  const absl::Span<const Cell> all = AllCells();
  for (int i = 0; i < kNumCells; ++i) {
    if (i != 4321) {
      ASSERT_TRUE(tracker.Evaluate(all[i]).ok());
    }
  }
  RandomCursor rng{RandomStream(StreamKey{.seed = 1})};
  EXPECT_EQ(tracker.SampleUnseen(rng), all[4321]);
}

TEST(SearchTrackerTest, ReturnsTheObjectivesErrorAndCountsNothing) {
  CountingObjective inner;
  testing::FailingObjective failing(&inner, 1);
  SearchTracker tracker(failing, 5);
  ASSERT_TRUE(tracker.Evaluate(AllCells()[0]).ok());
  const absl::StatusOr<double> value = tracker.Evaluate(AllCells()[1]);
  EXPECT_EQ(value.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(tracker.queries(), 1);
  EXPECT_FALSE(tracker.seen(AllCells()[1]));
}

TEST(SearchTrackerTest, ValidateBudget) {
  EXPECT_TRUE(ValidateBudget(1).ok());
  const absl::Status status = ValidateBudget(0);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "budget: must be >= 1, got 0");
}

}  // namespace
}  // namespace aimc::nas::search::internal
