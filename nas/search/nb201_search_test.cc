// The algorithms on the real NB201 CIFAR-10 landscape (../shared/data; skips
// when absent). Reference: the best of B distinct uniform cells has expected
// rank sum_i P(best sampled is the i-th best) rank_i (TruthTable; about
// (N+1)/(B+1): 102.7 for B = 150, 25.7 for B = 600). Each algorithm's mean
// rank over 5 seeds must beat random search's expected rank at its budget.
// Budgets: 150 (NASLib's nb201 default) for every method except AnalogNAS,
// whose population of 50 needs generations: 600 (its nominal run is
// 50 + 200 x 50 queries). Seeds are fixed, so the test is deterministic; the
// margins seen (printed) are wide: ranks 1-10 against 103 and 26.
#include <cstdio>
#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "nas/cell.h"
#include "nas/search/bananas.h"
#include "nas/search/registry.h"
#include "nas/search/search_algorithm.h"
#include "nas/search/table_objective.h"
#include "nas/search/testing/nb201_table.h"
#include "nas/search/trials.h"

namespace aimc::nas::search {
namespace {

class Nb201SearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const testing::Nb201Table& nb201 = testing::Nb201Cifar10TestAccuracy();
    if (!nb201.skip_reason.empty()) GTEST_SKIP() << nb201.skip_reason;
    ASSERT_TRUE(nb201.table.ok()) << nb201.table.status();
    table_ = std::make_unique<TableObjective>(*nb201.table);
    truth_ = std::make_unique<TruthTable>(*TruthTable::Create(*table_));
  }

  std::unique_ptr<TableObjective> table_;
  std::unique_ptr<TruthTable> truth_;
};

// nas_spec.md §3.7 and shared/data/README.md: the optimum is 94.37 % (the
// CSV stores 94.3733) at (2,2,0,2,2,3), tied with (2,2,0,2,3,2); ties go to
// the first in lexicographic order.
TEST_F(Nb201SearchTest, ExhaustiveFindsTheOptimum) {
  TrialsOptions options;
  options.num_trials = 1;
  options.budget = 1;
  const TrialsReport report =
      *RunTrials(**CreateAlgorithm("exhaustive"), *table_, *truth_, options);
  EXPECT_NEAR(report.trials[0].true_value, 94.3733, 1e-9);
  EXPECT_EQ(report.trials[0].best_cell, *ParseCellTuple("(2,2,0,2,2,3)"));
  EXPECT_EQ(report.trials[0].rank, 1);
  EXPECT_EQ(truth_->Rank(*ParseCellTuple("(2,2,0,2,3,2)")), 1);
}

TEST_F(Nb201SearchTest, EveryMethodBeatsRandomSearchsExpectedRank) {
  std::vector<TrialsReport> reports;
  for (const std::string& name : AlgorithmNames()) {
    if (name == "exhaustive") continue;
    std::unique_ptr<SearchAlgorithm> algorithm;
    if (name == "bananas") {
      BananasOptions fast;  // small nets keep this binary fast
      fast.epochs = 20;
      fast.ensemble_size = 3;
      algorithm = *Bananas::Create(fast);
    } else {
      algorithm = *CreateAlgorithm(name);
    }
    TrialsOptions options;
    options.num_trials = 5;
    options.budget = name == "analognas_evolution" ? 600 : 150;
    options.seed = 2025;
    const absl::StatusOr<TrialsReport> report = RunTrials(*algorithm, *table_, *truth_, options);
    ASSERT_TRUE(report.ok()) << report.status();
    const double reference = truth_->ExpectedRandomSearchRank(options.budget);
    std::printf("%s budget %d: mean rank %.1f ± %.1f (random search expectation %.1f), "
                "value %.2f ± %.2f\n",
                name.c_str(), options.budget, report->mean_rank, report->sd_rank, reference,
                report->mean_true_value, report->sd_true_value);
    if (name != "random_search") {
      EXPECT_LT(report->mean_rank, reference) << name;
    }
    reports.push_back(*report);
  }
  std::printf("%s", FormatTrialsTable(reports).c_str());
}

// The Table-1 protocol on real data: regularized evolution searches a
// surrogate fitted to 900 cells; the answer is scored by the table.
TEST_F(Nb201SearchTest, SurrogateModeOnRealData) {
  TrialsOptions options;
  options.num_trials = 2;
  options.budget = 150;
  options.surrogate_train = 900;
  const TrialsReport report =
      *RunTrials(**CreateAlgorithm("regularized_evolution"), *table_, *truth_, options);
  EXPECT_EQ(report.objective, "surrogate(cifar10_test_accuracy)");
  for (const TrialRecord& r : report.trials) {
    EXPECT_EQ(r.true_value, table_->value(r.best_cell));
    EXPECT_GT(r.surrogate->kendall_tau_b, 0.5);
  }
  std::printf("surrogate mode: %s", FormatTrialsTable({report}).c_str());
}

}  // namespace
}  // namespace aimc::nas::search
