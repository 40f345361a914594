#include "nas/search/surrogate.h"

#include <cstdio>
#include <vector>

#include "common/random.h"
#include "common/random_cursor.h"
#include "gtest/gtest.h"
#include "nas/cell.h"
#include "nas/objective.h"
#include "nas/search/testing/nb201_table.h"
#include "nas/search/testing/synthetic_objective.h"

namespace aimc::nas::search {
namespace {

RandomCursor Cursor(uint64_t seed) {
  return RandomCursor(RandomStream(StreamKey{.seed = seed, .entity = 2}));
}

TEST(SurrogateTest, LearnsTheSyntheticLandscape) {
  testing::PlantedObjective objective(*ParseCellTuple("(2,2,0,2,2,3)"));
  RandomCursor rng = Cursor(1);
  const auto surrogate = TrainSurrogate(objective, 900, SurrogateOptions{}, rng);
  ASSERT_TRUE(surrogate.ok()) << surrogate.status();
  EXPECT_EQ((*surrogate)->name(), "surrogate(planted)");
  EXPECT_EQ((*surrogate)->training_cells().size(), 900);
  const SurrogateQuality q = *(*surrogate)->EvaluateHeldOut(objective);
  EXPECT_EQ(q.num_cells, kNumCells - 900);
  // The landscape is additive in the one-hot plus uniform [0, 1) noise
  // (sd 0.29 of a total sd near 1.8): the fit is good but not perfect.
  EXPECT_GT(q.kendall_tau_b, 0.7);
  EXPECT_GT(q.r2, 0.9);
  std::printf("planted landscape, 900 cells: tau-b %.3f, R2 %.3f\n", q.kendall_tau_b, q.r2);
  const Cell cell = *ParseCellTuple("(0,1,2,3,4,0)");
  EXPECT_EQ(*(*surrogate)->Evaluate(cell), (*surrogate)->Predict(cell));
}

TEST(SurrogateTest, SameDataSamePredictions) {
  testing::PlantedObjective objective(*ParseCellTuple("(1,2,3,4,0,1)"));
  std::vector<double> predictions[2];
  for (auto& p : predictions) {
    RandomCursor rng = Cursor(2);
    const auto surrogate = *TrainSurrogate(objective, 300, SurrogateOptions{}, rng);
    for (const Cell& cell : AllCells()) p.push_back(surrogate->Predict(cell));
  }
  EXPECT_EQ(predictions[0], predictions[1]);
}

TEST(SurrogateTest, RejectsBadDataAndOptions) {
  const std::vector<Cell> cells = {AllCells()[0], AllCells()[1], AllCells()[0]};
  EXPECT_EQ(Surrogate::Train(cells, {1, 2, 3}, {}, "m").status().message(),
            "surrogate: cell (0,0,0,0,0,0) given twice");
  EXPECT_EQ(Surrogate::Train(cells, {1, 2}, {}, "m").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(Surrogate::Train({AllCells()[0], AllCells()[1]}, {1, NAN}, {}, "m").ok());
  SurrogateOptions options;
  options.eta = 0;
  EXPECT_EQ(Validate(options).message(), "surrogate.eta: must be in (0, 1], got 0");
  options = {};
  options.features.one_hot = false;
  EXPECT_EQ(Validate(options).code(), absl::StatusCode::kInvalidArgument);
  testing::PlantedObjective objective(Cell{});
  RandomCursor rng = Cursor(3);
  EXPECT_EQ(TrainSurrogate(objective, 1, {}, rng).status().message(),
            "surrogate num_train: must be 2..15625, got 1");
}

// The matrix API is the same regressor: on the one-hot rows it reproduces
// Surrogate::Train's predictions exactly.
TEST(SurrogateTest, FitAndPredictRowsMatchesTrain) {
  testing::PlantedObjective objective(*ParseCellTuple("(2,2,0,2,2,3)"));
  RandomCursor rng = Cursor(4);
  const auto surrogate = *TrainSurrogate(objective, 200, SurrogateOptions{}, rng);
  std::vector<double> targets;
  for (const Cell& cell : surrogate->training_cells()) targets.push_back(*objective.Evaluate(cell));
  const FeatureSet one_hot;
  const std::vector<Cell> probe = {AllCells()[0], AllCells()[777], AllCells()[15624]};
  const auto predicted =
      FitAndPredictRows(FeatureMatrix(surrogate->training_cells(), one_hot), targets,
                        FeatureCount(one_hot), FeatureMatrix(probe, one_hot), SurrogateOptions{});
  ASSERT_TRUE(predicted.ok()) << predicted.status();
  ASSERT_EQ(predicted->size(), probe.size());
  for (size_t i = 0; i < probe.size(); ++i) {
    EXPECT_EQ((*predicted)[i], surrogate->Predict(probe[i])) << probe[i];
  }
  // Ignores options.features: any matrix width works.
  SurrogateOptions other;
  other.features = {.one_hot = false, .raw_tuple = true};
  const std::vector<float> x = {0, 1, 1, 0, 2, 2};
  const auto fitted = FitAndPredictRows(x, {1.0, 2.0, 3.0}, 2, {1, 0, 0, 1}, other);
  ASSERT_TRUE(fitted.ok()) << fitted.status();
  EXPECT_EQ(fitted->size(), 2);
}

TEST(SurrogateTest, FitAndPredictRowsRejectsBadShapes) {
  const std::vector<float> x = {0, 1, 1, 0};
  EXPECT_EQ(FitAndPredictRows(x, {1, 2}, 0, {}, {}).status().message(),
            "surrogate rows: num_features must be >= 1, got 0");
  EXPECT_EQ(FitAndPredictRows(x, {1, 2, 3}, 2, {}, {}).status().message(),
            "surrogate rows: need >= 2 training rows of 2 features and one target each, got 4 "
            "values and 3 targets");
  EXPECT_EQ(FitAndPredictRows(x, {1, 2}, 2, {1, 2, 3}, {}).status().message(),
            "surrogate rows: 3 values to predict is not a multiple of 2 features");
  EXPECT_EQ(FitAndPredictRows(x, {1, NAN}, 2, {}, {}).status().code(),
            absl::StatusCode::kInvalidArgument);
  SurrogateOptions bad;
  bad.num_trees = 0;
  EXPECT_EQ(FitAndPredictRows(x, {1, 2}, 2, {}, bad).status().message(),
            "surrogate.num_trees: must be >= 1, got 0");
  EXPECT_TRUE(FitAndPredictRows(x, {1, 2}, 2, {}, {})->empty());
}

// The check: trained on 900 real NB201 cells, Kendall tau > 0.5 on
// the other 14,725 (printed for the README, with the feature variants).
TEST(SurrogateTest, RealNb201TauAbove05) {
  const testing::Nb201Table& nb201 = testing::Nb201Cifar10TestAccuracy();
  if (!nb201.skip_reason.empty()) GTEST_SKIP() << nb201.skip_reason;
  ASSERT_TRUE(nb201.table.ok()) << nb201.table.status();
  TableObjective table = *nb201.table;
  const FeatureSet variants[] = {
      {},
      {.one_hot = true, .graph_features = true},
      {.one_hot = false, .path_encoding = true},
  };
  for (const FeatureSet& features : variants) {
    RandomCursor rng = Cursor(900);
    SurrogateOptions options;
    options.features = features;
    const auto surrogate = TrainSurrogate(table, 900, options, rng);
    ASSERT_TRUE(surrogate.ok()) << surrogate.status();
    const SurrogateQuality q = *(*surrogate)->EvaluateHeldOut(table);
    std::printf("NB201 CIFAR-10, 900 cells, %d features (one_hot %d, path %d, graph %d): "
                "tau-b %.3f, R2 %.3f on %d cells\n",
                FeatureCount(features), features.one_hot, features.path_encoding,
                features.graph_features, q.kendall_tau_b, q.r2, q.num_cells);
    EXPECT_GT(q.kendall_tau_b, 0.5);
  }
}

}  // namespace
}  // namespace aimc::nas::search
