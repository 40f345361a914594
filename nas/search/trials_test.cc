#include "nas/search/trials.h"

#include <cmath>
#include <memory>
#include <vector>

#include "absl/strings/match.h"
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

namespace aimc::nas::search {
namespace {

// value = lexicographic index mod 3: three tie groups of 5,208/5,209 cells.
class ModThree : public Objective {
 public:
  absl::StatusOr<double> Evaluate(const Cell& cell) override { return cell.LexIndex() % 3; }
  std::string name() const override { return "mod3"; }
};

TEST(TruthTableTest, RanksShareTheBestRankOnTies) {
  ModThree objective;
  const TruthTable truth = *TruthTable::Create(objective);
  const absl::Span<const Cell> all = AllCells();
  EXPECT_EQ(truth.best_value(), 2);
  EXPECT_EQ(truth.best_cell(), all[2]);
  EXPECT_EQ(truth.Rank(all[2]), 1);
  EXPECT_EQ(truth.Rank(all[5]), 1);
  EXPECT_EQ(truth.Rank(all[1]), 1 + 5208);  // 5,208 cells have value 2
  EXPECT_EQ(truth.Rank(all[0]), 1 + 5208 + 5208);
}

// With distinct values, the best of B distinct uniform cells has expected
// rank (N + 1) / (B + 1) (the minimum of a uniform B-subset of 1..N).
TEST(TruthTableTest, ExpectedRandomSearchRankIsAnalyticForDistinctValues) {
  testing::PlantedObjective objective(Cell{});
  const TruthTable truth = *TruthTable::Create(objective);
  for (int budget : {1, 2, 10, 150, 1000, kNumCells}) {
    EXPECT_NEAR(truth.ExpectedRandomSearchRank(budget), (kNumCells + 1.0) / (budget + 1),
                1e-9 * kNumCells)
        << budget;
  }
}

TEST(TruthTableTest, CreateNamesTheFailingCell) {
  testing::PlantedObjective inner(Cell{});
  testing::FailingObjective failing(&inner, 3);
  const absl::Status status = TruthTable::Create(failing).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(status.message(),
            "truth 'failing' at cell (0,0,0,0,0,3): no value for cell (0,0,0,0,0,3)");
}

// Random search's mean rank over 400 trials matches the analytic expectation
// (N+1)/(B+1) = 154.7 for B = 100. The rank of the best of B is close to
// geometric with sd about its mean, so the sd of the mean is ~155/20 = 7.8;
// the bound is 5 of those (fixed seed: deterministic; flake rate per seed
// below 1e-6).
TEST(RunTrialsTest, RandomSearchMeanRankMatchesTheExpectation) {
  testing::PlantedObjective objective(*ParseCellTuple("(1,2,3,4,0,1)"));
  const TruthTable truth = *TruthTable::Create(objective);
  const auto random_search = *RandomSearch::Create({});
  TrialsOptions options;
  options.num_trials = 400;
  options.budget = 100;
  options.seed = 17;
  const TrialsReport report = *RunTrials(*random_search, objective, truth, options);
  const double expected = truth.ExpectedRandomSearchRank(100);
  EXPECT_NEAR(report.mean_rank, expected, 5 * expected / std::sqrt(400.0));
  EXPECT_NEAR(report.sd_rank, expected, 0.3 * expected);
  EXPECT_EQ(report.mean_queries, 100);
  EXPECT_TRUE(std::isnan(report.mean_kendall_tau));
  for (const TrialRecord& r : report.trials) {
    EXPECT_EQ(r.true_value, r.search_value);  // direct mode
    EXPECT_EQ(r.rank, truth.Rank(r.best_cell));
  }
}

TEST(RunTrialsTest, SameSeedSameTrialsAndTrialsDiffer) {
  testing::PlantedObjective objective(*ParseCellTuple("(1,2,3,4,0,1)"));
  const TruthTable truth = *TruthTable::Create(objective);
  const auto random_search = *RandomSearch::Create({});
  TrialsOptions options;
  options.num_trials = 3;
  options.budget = 20;
  const TrialsReport a = *RunTrials(*random_search, objective, truth, options);
  const TrialsReport b = *RunTrials(*random_search, objective, truth, options);
  for (int t = 0; t < 3; ++t) EXPECT_EQ(a.trials[t].best_cell, b.trials[t].best_cell);
  EXPECT_NE(a.trials[0].best_cell, a.trials[1].best_cell);
}

// Surrogate mode: the search sees the surrogate, the truth scores the answer.
TEST(RunTrialsTest, SurrogateModeScoresTheAnswerWithTheTruth) {
  testing::PlantedObjective objective(*ParseCellTuple("(1,2,3,4,0,1)"));
  const TruthTable truth = *TruthTable::Create(objective);
  const auto exhaustive = *Exhaustive::Create({});
  TrialsOptions options;
  options.num_trials = 2;
  options.budget = 1;
  options.surrogate_train = 200;
  const TrialsReport report = *RunTrials(*exhaustive, objective, truth, options);
  EXPECT_EQ(report.objective, "surrogate(planted)");
  EXPECT_EQ(report.truth, "planted");
  for (const TrialRecord& r : report.trials) {
    ASSERT_TRUE(r.surrogate.has_value());
    EXPECT_EQ(r.surrogate->num_cells, kNumCells - 200);
    EXPECT_EQ(r.true_value, truth.value(r.best_cell));
    EXPECT_NE(r.search_value, r.true_value);  // a prediction, not the table
  }
  // The trials' surrogates are fitted to different cells.
  EXPECT_NE(report.trials[0].surrogate->kendall_tau_b, report.trials[1].surrogate->kendall_tau_b);
  EXPECT_GT(report.mean_kendall_tau, 0.3);
}

TEST(RunTrialsTest, ValidateAndFormat) {
  TrialsOptions options;
  options.surrogate_train = 1;
  EXPECT_EQ(Validate(options).message(), "trials.surrogate_train: must be 0 or 2..15625, got 1");
  options = {};
  options.num_trials = 0;
  EXPECT_FALSE(Validate(options).ok());

  testing::PlantedObjective objective(Cell{});
  const TruthTable truth = *TruthTable::Create(objective);
  options = {};
  options.num_trials = 2;
  options.budget = 10;
  const TrialsReport report =
      *RunTrials(**RandomSearch::Create({}), objective, truth, options);
  const std::string table = FormatTrialsTable({report});
  EXPECT_TRUE(absl::StartsWith(table, "algorithm ")) << table;
  EXPECT_TRUE(absl::StrContains(table, "random_search          direct              10      2"))
      << table;
}

}  // namespace
}  // namespace aimc::nas::search
