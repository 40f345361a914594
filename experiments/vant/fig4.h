// VANT Fig. 4 (vant_rasch_spec.md A.4): VANT's hyper-parameters one at a
// time at σ_train = 1.0 against NT(1.0): (a) α = 0.45 with θ swept, (b)
// θ = 0.45 with α swept; rAUC and PA per setting, the accuracy peak and the
// accuracy at σ_test = 1.0 (linear between the grid's 0.9 and 1.1), and the
// checks F4a-F4c. Plain C++ over the curves of vant_models.h. Thread-safe.
#ifndef AIMC_EXPERIMENTS_VANT_FIG4_H_
#define AIMC_EXPERIMENTS_VANT_FIG4_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "analysis/plot.h"
#include "experiments/vant/table1.h"
#include "training/vant/noise_robustness.h"

namespace aimc::experiments::vant {

inline constexpr double kFig4SigmaTrain = 1.0;

// The spec's sweeps (A.4, a choice: the paper prints no grid values).
absl::Span<const double> Fig4Thetas();  // at α = 0.45
absl::Span<const double> Fig4Alphas();  // at θ = 0.45

struct Fig4Setting {
  double alpha = 0, theta = 0;
  training::vant::AccuracyCurve curve;
};

struct Fig4Row {
  double alpha = 0, theta = 0;  // NT(1.0): both NaN
  double rauc_pct = 0;
  double preserved_pp = 0;  // at σ_test = 1.0
  double peak_sigma = 0;    // the σ_test of the curve's maximum
  double accuracy_at_1_pct = 0;
};

struct Fig4Result {
  Fig4Row nt;
  std::vector<Fig4Row> theta_sweep, alpha_sweep;
  std::vector<Check> checks;  // F4a-F4c
};

// nt_grid: NT models at every test σ (the matched upper bound); nt_1: NT at
// σ_train = 1.0; the sweeps in Fig4Thetas()/Fig4Alphas() order.
absl::StatusOr<Fig4Result> ComputeFig4(absl::Span<const training::vant::TrainedCurve> nt_grid,
                                       const training::vant::AccuracyCurve& nt_1,
                                       absl::Span<const Fig4Setting> theta_sweep,
                                       absl::Span<const Fig4Setting> alpha_sweep);

std::string FormatFig4(const Fig4Result& result);

// Panel (a) or (b): NT(1.0) and the sweep's curves.
analysis::LinePlot Fig4Plot(const training::vant::AccuracyCurve& nt_1,
                            absl::Span<const Fig4Setting> sweep, bool theta_panel,
                            const std::string& scale_name);

}  // namespace aimc::experiments::vant

#endif  // AIMC_EXPERIMENTS_VANT_FIG4_H_
