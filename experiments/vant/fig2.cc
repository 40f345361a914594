#include "experiments/vant/fig2.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status_macros.h"

namespace aimc::experiments::vant {
namespace {

namespace tv = training::vant;

size_t IndexOf(const std::vector<double>& grid, double sigma) {
  size_t best = 0;
  for (size_t i = 0; i < grid.size(); ++i) {
    if (std::abs(grid[i] - sigma) < std::abs(grid[best] - sigma)) best = i;
  }
  return best;
}

}  // namespace

absl::StatusOr<Fig2Result> ComputeFig2(absl::Span<const tv::TrainedCurve> nt,
                                       const tv::AccuracyCurve& clean, double chance_pct) {
  Fig2Result r;
  ASSIGN_OR_RETURN(r.upper_bound, tv::UpperBound(nt, tv::UpperBoundMode::kMatched));
  RETURN_IF_ERROR(tv::Validate(clean));
  if (clean.sigma != r.upper_bound.sigma) {
    return absl::InvalidArgumentError("fig 2: the clean model has another grid");
  }
  r.nt.assign(nt.begin(), nt.end());
  r.clean = clean;
  const std::vector<double>& grid = r.upper_bound.sigma;

  // F2a: each curve's best σ_test is within one grid step of its σ_train.
  int near = 0;
  for (const tv::TrainedCurve& m : nt) {
    const auto& a = m.curve.accuracy_pct;
    const size_t peak = std::max_element(a.begin(), a.end()) - a.begin();
    const size_t own = IndexOf(grid, m.sigma_train);
    near += (peak + 1 >= own && peak <= own + 1);
  }
  const double near_frac = static_cast<double>(near) / nt.size();
  r.checks.push_back({"F2a", "each NT curve peaks within one grid step of its sigma_train for >= 80 % of models",
                      absl::StrFormat("%d of %d (%.0f %%)", near, static_cast<int>(nt.size()),
                                      100 * near_frac),
                      near_frac >= 0.8});
  // F2b: the matched model is within 1 pp of the best model at each σ_test.
  int close = 0;
  for (size_t k = 0; k < grid.size(); ++k) {
    double best = 0;
    for (const tv::TrainedCurve& m : nt) best = std::max(best, m.curve.accuracy_pct[k]);
    close += best - r.upper_bound.accuracy_pct[k] <= 1.0;
  }
  const double close_frac = static_cast<double>(close) / grid.size();
  r.checks.push_back({"F2b", "the matched model is within 1 pp of the best model at >= 80 % of sigma_test",
                      absl::StrFormat("%d of %d (%.0f %%)", close, static_cast<int>(grid.size()),
                                      100 * close_frac),
                      close_frac >= 0.8});
  // F2c: by σ = 0.9 the clean model has lost more than half its margin over chance.
  const size_t at01 = IndexOf(grid, 0.1), at09 = IndexOf(grid, 0.9);
  const double margin01 = clean.accuracy_pct[at01] - chance_pct;
  const double margin09 = clean.accuracy_pct[at09] - chance_pct;
  r.checks.push_back(
      {"F2c", "clean-trained accuracy collapses toward chance well before sigma 1: by 0.9 it keeps < half its margin over chance at 0.1",
       absl::StrFormat("%.1f %% at 0.1, %.1f %% at 0.9 (chance %.0f %%)", clean.accuracy_pct[at01],
                       clean.accuracy_pct[at09], chance_pct),
       margin09 < 0.5 * margin01});
  return r;
}

std::string FormatFig2(const Fig2Result& r) {
  std::string out = absl::StrFormat("%-12s", "sigma_test:");
  for (double s : r.upper_bound.sigma) absl::StrAppendFormat(&out, " %5.1f", s);
  absl::StrAppend(&out, "\n");
  auto row = [&out](const std::string& label, const tv::AccuracyCurve& c) {
    absl::StrAppendFormat(&out, "%-12s", label);
    for (double a : c.accuracy_pct) absl::StrAppendFormat(&out, " %5.1f", a);
    absl::StrAppend(&out, "\n");
  };
  for (const tv::TrainedCurve& m : r.nt) row(absl::StrFormat("NT %.1f", m.sigma_train), m.curve);
  row("UB (matched)", r.upper_bound);
  row("clean", r.clean);
  absl::StrAppend(&out, FormatChecks(r.checks));
  return out;
}

analysis::LinePlot Fig2Plot(const Fig2Result& r, absl::Span<const double> shown,
                            const std::string& scale_name) {
  analysis::LinePlot plot;
  plot.title = absl::StrCat("VANT Fig. 2: NT models vs sigma_test (LeNet-5-N / Fashion-MNIST, scale ",
                            scale_name, ")");
  plot.x_label = "sigma_test";
  plot.y_label = "test accuracy (%)";
  for (const tv::TrainedCurve& m : r.nt) {
    const bool show =
        shown.empty() || std::any_of(shown.begin(), shown.end(),
                                     [&](double s) { return std::abs(s - m.sigma_train) < 1e-9; });
    if (!show) continue;
    plot.series.push_back({.title = absl::StrFormat("NT %.1f", m.sigma_train),
                           .x = m.curve.sigma,
                           .y = m.curve.accuracy_pct});
  }
  plot.series.push_back({.title = "clean", .x = r.clean.sigma, .y = r.clean.accuracy_pct});
  plot.series.push_back({.title = "upper bound (matched)",
                         .x = r.upper_bound.sigma,
                         .y = r.upper_bound.accuracy_pct,
                         .dashed = true});
  return plot;
}

}  // namespace aimc::experiments::vant
