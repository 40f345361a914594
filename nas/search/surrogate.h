// The XGBoost surrogate of the Table-1 protocol (nas_spec.md §3.0, §3.3): a
// regressor (reg:squarederror, 110 trees, max_depth 6, eta 0.1, subsample 0.75,
// colsample_bytree 0.9, seed 42) on cell features (features.h; the 30-dim
// one-hot by default), fitted through XGBoost's C API on N cells (900 in the
// paper) and then itself an Objective: Evaluate returns the prediction, so
// every search algorithm runs on it unchanged. All 15,625 predictions are made
// once at training time (Evaluate is a lookup); FitAndPredictRows fits the same
// regressor on a caller's feature matrix. Deterministic for fixed data,
// options and num_threads. Quality on the held-out cells: Kendall tau-b and
// R² (common/correlation.h).
// Errors: InvalidArgument for bad options or data, Internal with XGBoost's
// message when the library fails; Evaluate never fails. Thread-compatible.
#ifndef AIMC_NAS_SEARCH_SURROGATE_H_
#define AIMC_NAS_SEARCH_SURROGATE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "common/random_cursor.h"
#include "nas/cell.h"
#include "nas/objective.h"
#include "nas/search/features.h"

namespace aimc::nas::search {

struct SurrogateOptions {
  FeatureSet features;           // default: one-hot only (§3.3)
  int num_trees = 110;           // boosting rounds (n_estimators); >= 1
  int max_depth = 6;             // >= 1
  double eta = 0.1;              // learning rate, (0, 1] (the saved models' 0.1, not eta 0.05)
  double subsample = 0.75;       // row fraction per tree, (0, 1]
  double colsample_bytree = 0.9; // feature fraction per tree, (0, 1]
  int xgboost_seed = 42;         // XGBoost's own seed (random_state 42)
  int num_threads = 1;           // XGBoost nthread; >= 1. Fixed for determinism.
};

absl::Status Validate(const SurrogateOptions& options);

struct SurrogateQuality {
  double kendall_tau_b = 0;  // prediction vs truth on the held-out cells
  double r2 = 0;             // coefficient of determination, same cells
  int num_cells = 0;         // held-out cells (kNumCells - training cells)
};

class Surrogate : public Objective {
 public:
  // Fits targets[i] on cells[i]. InvalidArgument unless the sizes match, at
  // least 2 cells, distinct cells, finite targets. `target_name` names the
  // fitted metric, e.g. "cifar10_test_accuracy".
  static absl::StatusOr<std::unique_ptr<Surrogate>> Train(absl::Span<const Cell> cells,
                                                          absl::Span<const double> targets,
                                                          const SurrogateOptions& options,
                                                          std::string target_name);

  absl::StatusOr<double> Evaluate(const Cell& cell) override { return Predict(cell); }
  // "surrogate(<target_name>)".
  std::string name() const override;

  double Predict(const Cell& cell) const { return predictions_[cell.LexIndex()]; }
  const std::vector<Cell>& training_cells() const { return training_cells_; }

  // Kendall tau-b and R² against `truth` on every cell not trained on.
  // Returns truth's error.
  absl::StatusOr<SurrogateQuality> EvaluateHeldOut(Objective& truth) const;

 private:
  Surrogate(std::string target_name, std::vector<Cell> training_cells,
            std::vector<double> predictions)
      : target_name_(std::move(target_name)),
        training_cells_(std::move(training_cells)),
        predictions_(std::move(predictions)) {}

  std::string target_name_;
  std::vector<Cell> training_cells_;
  std::vector<double> predictions_;  // by lexicographic index
};

// Samples `num_train` distinct cells uniformly (§3.0), queries `source` (not
// owned) on them and fits a surrogate. REQUIRES: 2 <= num_train <= kNumCells
// (else InvalidArgument).
absl::StatusOr<std::unique_ptr<Surrogate>> TrainSurrogate(Objective& source, int num_train,
                                                          const SurrogateOptions& options,
                                                          RandomCursor& rng);

// The same regressor on a caller's feature matrix (e.g. the 191 GRAF features
// of analysis/graph_features.h, which nas/ cannot compute): fits train_y[i] on
// row i of the row-major `train_x` (train_y.size() x num_features) and returns
// one prediction per row of the row-major `predict_x`. Uses every option but
// `features` (ignored: the matrix is given). NaN in a matrix = missing (XGBoost).
// Deterministic for fixed inputs, options and num_threads. InvalidArgument for
// bad options, num_features < 1, fewer than 2 training rows, a matrix whose size
// is not a multiple of num_features (or of train_y.size() rows), or a
// non-finite target; Internal from XGBoost.
absl::StatusOr<std::vector<double>> FitAndPredictRows(absl::Span<const float> train_x,
                                                      absl::Span<const double> train_y,
                                                      int num_features,
                                                      absl::Span<const float> predict_x,
                                                      const SurrogateOptions& options);

// "major.minor.patch" of the linked libxgboost.
std::string XgboostVersion();

}  // namespace aimc::nas::search

#endif  // AIMC_NAS_SEARCH_SURROGATE_H_
