#include "nas/search/surrogate.h"

#include <cmath>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "common/validation.h"
#include "common/correlation.h"
#include "nas/search/internal/draws.h"
#include "xgboost/c_api.h"

namespace aimc::nas::search {
namespace {

absl::Status XgbError(absl::string_view call) {
  return absl::InternalError(absl::StrCat("xgboost ", call, ": ", XGBGetLastError()));
}

#define XGB_RETURN_IF_ERROR(call)                 \
  do {                                            \
    if ((call) != 0) return XgbError(#call);      \
  } while (false)

// Owns a DMatrixHandle or BoosterHandle.
class DMatrix {
 public:
  ~DMatrix() {
    if (handle_ != nullptr) XGDMatrixFree(handle_);
  }
  DMatrixHandle* out() { return &handle_; }
  DMatrixHandle get() const { return handle_; }

 private:
  DMatrixHandle handle_ = nullptr;
};

class Booster {
 public:
  ~Booster() {
    if (handle_ != nullptr) XGBoosterFree(handle_);
  }
  BoosterHandle* out() { return &handle_; }
  BoosterHandle get() const { return handle_; }

 private:
  BoosterHandle handle_ = nullptr;
};

absl::Status CheckUnit(absl::string_view field, double value) {
  if (value > 0 && value <= 1) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(field, ": must be in (0, 1], got ", value));
}

absl::Status CheckAtLeastOne(absl::string_view field, int value) {
  if (value >= 1) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(field, ": must be >= 1, got ", value));
}

// Fits the booster on `n` rows of `x` (row-major, d columns) and predicts the
// `m` rows of `px`. Inputs are checked by the callers.
absl::StatusOr<std::vector<double>> FitAndPredictMatrix(const float* x, size_t n, int d,
                                                        absl::Span<const double> targets,
                                                        const float* px, size_t m,
                                                        const SurrogateOptions& o) {
  std::vector<float> y(targets.begin(), targets.end());
  DMatrix train;
  XGB_RETURN_IF_ERROR(XGDMatrixCreateFromMat(x, n, d, NAN, train.out()));
  XGB_RETURN_IF_ERROR(XGDMatrixSetFloatInfo(train.get(), "label", y.data(), y.size()));
  Booster booster;
  const DMatrixHandle dmats[] = {train.get()};
  XGB_RETURN_IF_ERROR(XGBoosterCreate(dmats, 1, booster.out()));
  const std::vector<std::pair<std::string, std::string>> params = {
      {"objective", "reg:squarederror"},
      {"max_depth", absl::StrCat(o.max_depth)},
      {"eta", absl::StrCat(o.eta)},
      {"subsample", absl::StrCat(o.subsample)},
      {"colsample_bytree", absl::StrCat(o.colsample_bytree)},
      {"seed", absl::StrCat(o.xgboost_seed)},
      {"nthread", absl::StrCat(o.num_threads)},
      {"tree_method", "exact"},
      {"verbosity", "0"},
  };
  for (const auto& [name, value] : params) {
    XGB_RETURN_IF_ERROR(XGBoosterSetParam(booster.get(), name.c_str(), value.c_str()));
  }
  for (int iter = 0; iter < o.num_trees; ++iter) {
    XGB_RETURN_IF_ERROR(XGBoosterUpdateOneIter(booster.get(), iter, train.get()));
  }
  DMatrix everything;
  XGB_RETURN_IF_ERROR(XGDMatrixCreateFromMat(px, m, d, NAN, everything.out()));
  bst_ulong out_len = 0;
  const float* out = nullptr;
  XGB_RETURN_IF_ERROR(
      XGBoosterPredict(booster.get(), everything.get(), 0, 0, 0, &out_len, &out));
  if (out_len != m) {
    return absl::InternalError(
        absl::StrCat("xgboost predicted ", out_len, " values for ", m, " rows"));
  }
  return std::vector<double>(out, out + m);
}

// Fits the booster and predicts every cell.
absl::StatusOr<std::vector<double>> FitAndPredictAll(absl::Span<const Cell> cells,
                                                     absl::Span<const double> targets,
                                                     const SurrogateOptions& o) {
  const int d = FeatureCount(o.features);
  const std::vector<float> x = FeatureMatrix(cells, o.features);
  const std::vector<float> all = FeatureMatrix(AllCells(), o.features);
  return FitAndPredictMatrix(x.data(), cells.size(), d, targets, all.data(), kNumCells, o);
}

}  // namespace

absl::Status Validate(const SurrogateOptions& o) {
  RETURN_IF_ERROR(WithPrefix("surrogate.", Validate(o.features)));
  RETURN_IF_ERROR(CheckAtLeastOne("surrogate.num_trees", o.num_trees));
  RETURN_IF_ERROR(CheckAtLeastOne("surrogate.max_depth", o.max_depth));
  RETURN_IF_ERROR(CheckUnit("surrogate.eta", o.eta));
  RETURN_IF_ERROR(CheckUnit("surrogate.subsample", o.subsample));
  RETURN_IF_ERROR(CheckUnit("surrogate.colsample_bytree", o.colsample_bytree));
  return CheckAtLeastOne("surrogate.num_threads", o.num_threads);
}

absl::StatusOr<std::unique_ptr<Surrogate>> Surrogate::Train(absl::Span<const Cell> cells,
                                                            absl::Span<const double> targets,
                                                            const SurrogateOptions& options,
                                                            std::string target_name) {
  RETURN_IF_ERROR(Validate(options));
  if (cells.size() != targets.size() || cells.size() < 2) {
    return absl::InvalidArgumentError(
        absl::StrCat("surrogate: need >= 2 cells and one target each, got ", cells.size(),
                     " cells and ", targets.size(), " targets"));
  }
  absl::flat_hash_set<Cell> distinct;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (!distinct.insert(cells[i]).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("surrogate: cell ", cells[i].ToTupleString(), " given twice"));
    }
    if (!std::isfinite(targets[i])) {
      return absl::InvalidArgumentError(absl::StrCat("surrogate: target ", targets[i],
                                                     " of cell ", cells[i].ToTupleString()));
    }
  }
  ASSIGN_OR_RETURN(std::vector<double> predictions, FitAndPredictAll(cells, targets, options));
  return std::unique_ptr<Surrogate>(
      new Surrogate(std::move(target_name), std::vector<Cell>(cells.begin(), cells.end()),
                    std::move(predictions)));
}

std::string Surrogate::name() const { return absl::StrCat("surrogate(", target_name_, ")"); }

absl::StatusOr<SurrogateQuality> Surrogate::EvaluateHeldOut(Objective& truth) const {
  std::vector<bool> trained(kNumCells, false);
  for (const Cell& cell : training_cells_) trained[cell.LexIndex()] = true;
  std::vector<double> actual, predicted;
  for (const Cell& cell : AllCells()) {
    if (trained[cell.LexIndex()]) continue;
    ASSIGN_OR_RETURN(const double value, truth.Evaluate(cell));
    actual.push_back(value);
    predicted.push_back(Predict(cell));
  }
  return SurrogateQuality{.kendall_tau_b = KendallTauB(predicted, actual),
                          .r2 = RSquared(actual, predicted),
                          .num_cells = static_cast<int>(actual.size())};
}

absl::StatusOr<std::unique_ptr<Surrogate>> TrainSurrogate(Objective& source, int num_train,
                                                          const SurrogateOptions& options,
                                                          RandomCursor& rng) {
  if (num_train < 2 || num_train > kNumCells) {
    return absl::InvalidArgumentError(absl::StrCat("surrogate num_train: must be 2..",
                                                   kNumCells, ", got ", num_train));
  }
  const std::vector<Cell> cells = internal::SampleDistinctCells(num_train, rng);
  std::vector<double> targets;
  targets.reserve(cells.size());
  for (const Cell& cell : cells) {
    ASSIGN_OR_RETURN(const double value, source.Evaluate(cell));
    targets.push_back(value);
  }
  return Surrogate::Train(cells, targets, options, source.name());
}

absl::StatusOr<std::vector<double>> FitAndPredictRows(absl::Span<const float> train_x,
                                                      absl::Span<const double> train_y,
                                                      int num_features,
                                                      absl::Span<const float> predict_x,
                                                      const SurrogateOptions& options) {
  RETURN_IF_ERROR(Validate(options));
  if (num_features < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("surrogate rows: num_features must be >= 1, got ", num_features));
  }
  const size_t d = static_cast<size_t>(num_features);
  if (train_y.size() < 2 || train_x.size() != train_y.size() * d) {
    return absl::InvalidArgumentError(absl::StrCat(
        "surrogate rows: need >= 2 training rows of ", d, " features and one target each, got ",
        train_x.size(), " values and ", train_y.size(), " targets"));
  }
  if (predict_x.size() % d != 0) {
    return absl::InvalidArgumentError(absl::StrCat("surrogate rows: ", predict_x.size(),
                                                   " values to predict is not a multiple of ",
                                                   d, " features"));
  }
  for (size_t i = 0; i < train_y.size(); ++i) {
    if (!std::isfinite(train_y[i])) {
      return absl::InvalidArgumentError(
          absl::StrCat("surrogate rows: target ", train_y[i], " of row ", i));
    }
  }
  const size_t m = predict_x.size() / d;
  if (m == 0) return std::vector<double>();
  return FitAndPredictMatrix(train_x.data(), train_y.size(), num_features, train_y,
                             predict_x.data(), m, options);
}

std::string XgboostVersion() {
  int major = 0, minor = 0, patch = 0;
  XGBoostVersion(&major, &minor, &patch);
  return absl::StrCat(major, ".", minor, ".", patch);
}

}  // namespace aimc::nas::search
