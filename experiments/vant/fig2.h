// VANT Fig. 2 (vant_rasch_spec.md A.4): accuracy vs σ_test of NT models
// trained at each σ of the test grid, the matched-noise upper bound and a
// clean-trained model; the matrix acc[σ_train][σ_test] and the checks
// F2a-F2c. Plain C++ over the curves of vant_models.h. Thread-safe.
#ifndef AIMC_EXPERIMENTS_VANT_FIG2_H_
#define AIMC_EXPERIMENTS_VANT_FIG2_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "analysis/plot.h"
#include "experiments/vant/table1.h"
#include "training/vant/noise_robustness.h"

namespace aimc::experiments::vant {

struct Fig2Result {
  std::vector<training::vant::TrainedCurve> nt;  // as given
  training::vant::AccuracyCurve clean;
  training::vant::AccuracyCurve upper_bound;     // matched
  std::vector<Check> checks;                     // F2a-F2c
};

// nt: NT models at every σ of the curves' grid; clean: a model trained
// without noise on the same grid. NotFound/InvalidArgument as UpperBound.
absl::StatusOr<Fig2Result> ComputeFig2(absl::Span<const training::vant::TrainedCurve> nt,
                                       const training::vant::AccuracyCurve& clean,
                                       double chance_pct = 10);

// The matrix (one row per NT model, the UB and clean rows), then the CHECK
// lines.
std::string FormatFig2(const Fig2Result& result);

// The figure: a line per NT model whose σ_train is in `shown` (all if
// empty), the clean model, and the upper bound dashed.
analysis::LinePlot Fig2Plot(const Fig2Result& result, absl::Span<const double> shown,
                            const std::string& scale_name);

}  // namespace aimc::experiments::vant

#endif  // AIMC_EXPERIMENTS_VANT_FIG2_H_
