// VANT Figs. 5 and 6 (vant_rasch_spec.md A.4): rAUC and PA over a grid of
// VANT settings and the selection rule on it. Fig. 5: α x θ at σ_train 0.4
// (PA at σ_test 0.4, linear between the grid's 0.3 and 0.5); Fig. 6:
// σ_train x θ at α 0.45 with NT as the bottom row, θ*(σ_train) by the rule
// and its slope k through the origin. Checks F5a-F5c, F6a-F6c. Plain C++
// over the curves of vant_models.h. Thread-safe.
#ifndef AIMC_EXPERIMENTS_VANT_HEATMAPS_H_
#define AIMC_EXPERIMENTS_VANT_HEATMAPS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "analysis/plot.h"
#include "experiments/vant/table1.h"
#include "training/vant/noise_robustness.h"

namespace aimc::experiments::vant {

inline constexpr double kFig5SigmaTrain = 0.4;
inline constexpr double kFig6Alpha = 0.45;
absl::Span<const double> Fig5Alphas();       // 0.05, 0.25, 0.45, 0.65
absl::Span<const double> Fig5Thetas();       // 0.05, 0.15, 0.25, 0.45, 0.65
absl::Span<const double> Fig6SigmaTrains();  // 0.1, 0.5, 0.9, 1.3, 1.7, 2.1
absl::Span<const double> Fig6Thetas();       // 0.05, 0.25, 0.45, 0.65, 0.85

// One trained VANT model of a grid.
struct GridModel {
  double sigma_train = 0, alpha = 0, theta = 0;
  training::vant::AccuracyCurve curve;
};

// rows x columns of scores; rows[i] is the i-th row value (α or σ_train).
struct Grid {
  std::string row_name, column_name;
  std::vector<double> rows, columns;
  std::vector<std::vector<double>> rauc_pct, preserved_pp;
};

struct Fig5Result {
  Grid grid;  // rows α, columns θ
  double nt_rauc_pct = 0;
  training::vant::VantSetting selected;
  std::vector<Check> checks;
};

struct Fig6Result {
  Grid grid;                            // rows σ_train, columns θ
  std::vector<double> nt_rauc_pct;      // per σ_train (the NT row)
  std::vector<double> theta_star;       // per σ_train (NaN: none passes the rule)
  std::vector<double> rauc_at_theta_star;
  double k = 0;                         // θ* = k σ_train
  std::vector<Check> checks;
};

// nt_grid: NT at every test σ (the matched upper bound); nt: NT at
// kFig5SigmaTrain; models: every (α, θ) of the Fig. 5 grid at σ 0.4.
absl::StatusOr<Fig5Result> ComputeFig5(absl::Span<const training::vant::TrainedCurve> nt_grid,
                                       const training::vant::AccuracyCurve& nt,
                                       absl::Span<const GridModel> models);

// models: every (σ_train, θ) of the Fig. 6 grid at α 0.45; the NT row comes
// from nt_grid (each Fig6SigmaTrains() σ is on the test grid).
absl::StatusOr<Fig6Result> ComputeFig6(absl::Span<const training::vant::TrainedCurve> nt_grid,
                                       absl::Span<const GridModel> models);

std::string FormatFig5(const Fig5Result& result);
std::string FormatFig6(const Fig6Result& result);

// The rAUC (or PA) heatmap of a grid; an extra column (one value per row,
// e.g. Fig. 6's NT rAUC) is appended when given.
analysis::Heatmap GridHeatmap(const Grid& grid, bool rauc, const std::string& title,
                              const std::vector<double>& extra_column = {},
                              const std::string& extra_label = "");

}  // namespace aimc::experiments::vant

#endif  // AIMC_EXPERIMENTS_VANT_HEATMAPS_H_
