#include "nas/benchmark_objective.h"

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nas/benchmark.pb.h"
#include "nas/benchmark_store.h"
#include "nas/cell.h"
#include "nas/objective.h"
#include "nas/testing/synthetic_benchmark.h"

namespace aimc::nas {
namespace {

using ::testing::HasSubstr;

TEST(BenchmarkObjectiveTest, EvaluatesTheStoredMetric) {
  const BenchmarkStore store = test_util::SyntheticStore(100, 3);
  absl::StatusOr<BenchmarkObjective> objective =
      BenchmarkObjective::Create(&store, "analog_drift_86400");
  ASSERT_TRUE(objective.ok()) << objective.status();
  EXPECT_EQ(objective->name(), "analog_drift_86400");
  const Cell cell = AllCells()[30];
  const ArchRecord r = test_util::SyntheticRecord(cell);
  EXPECT_EQ(*objective->Evaluate(cell), r.analog_drift(2).mean());
  EXPECT_EQ(objective->Evaluate(AllCells()[31]).status().code(), absl::StatusCode::kNotFound);
}

TEST(BenchmarkObjectiveTest, MinimizeNegates) {
  const BenchmarkStore store = test_util::SyntheticStore(10);
  absl::StatusOr<BenchmarkObjective> avm =
      BenchmarkObjective::Create(&store, "avm", BenchmarkObjective::Sense::kMinimize);
  ASSERT_TRUE(avm.ok());
  EXPECT_EQ(avm->name(), "-avm");
  const Cell cell = AllCells()[5];
  EXPECT_DOUBLE_EQ(*avm->Evaluate(cell), -*store.Metric(cell, "avm"));
}

TEST(BenchmarkObjectiveTest, UnknownMetricIsInvalidArgument) {
  const BenchmarkStore store;
  const absl::Status s = BenchmarkObjective::Create(&store, "accuracy").status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("expected one of baseline_accuracy"));
}

// The search-side wrapper counts distinct cells over a benchmark objective.
TEST(BenchmarkObjectiveTest, WorksUnderQueryCounter) {
  const BenchmarkStore store = test_util::SyntheticStore(10);
  BenchmarkObjective objective = *BenchmarkObjective::Create(&store, "baseline_accuracy");
  QueryCounter counter(&objective);
  EXPECT_DOUBLE_EQ(*counter.Evaluate(AllCells()[2]), 80.02);
  EXPECT_DOUBLE_EQ(*counter.Evaluate(AllCells()[2]), 80.02);
  EXPECT_DOUBLE_EQ(*counter.Evaluate(AllCells()[3]), 80.03);
  EXPECT_EQ(counter.counted(), 2);
  EXPECT_EQ(counter.total_queries(), 3);
  EXPECT_EQ(counter.name(), "baseline_accuracy");
}

}  // namespace
}  // namespace aimc::nas
