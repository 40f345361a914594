#include "experiments/vant/fig4.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/correlation.h"
#include "common/status_macros.h"

namespace aimc::experiments::vant {
namespace {

namespace tv = training::vant;

constexpr std::array<double, 5> kThetas = {0.05, 0.25, 0.45, 0.65, 0.85};
constexpr std::array<double, 4> kAlphas = {0.05, 0.25, 0.45, 0.65};

absl::StatusOr<Fig4Row> Score(double alpha, double theta, const tv::AccuracyCurve& curve,
                              const tv::AccuracyCurve& ub, const tv::AccuracyCurve& nt_1) {
  Fig4Row row{.alpha = alpha, .theta = theta};
  ASSIGN_OR_RETURN(row.rauc_pct, tv::RelativeAuc(curve, ub));
  ASSIGN_OR_RETURN(row.accuracy_at_1_pct, tv::InterpolatedAccuracyAt(curve, kFig4SigmaTrain));
  ASSIGN_OR_RETURN(const double nt_at_1, tv::InterpolatedAccuracyAt(nt_1, kFig4SigmaTrain));
  row.preserved_pp = row.accuracy_at_1_pct - nt_at_1;
  const auto& a = curve.accuracy_pct;
  row.peak_sigma = curve.sigma[std::max_element(a.begin(), a.end()) - a.begin()];
  return row;
}

double Spread(const std::vector<Fig4Row>& rows) {
  double lo = INFINITY, hi = -INFINITY;
  for (const Fig4Row& r : rows) {
    lo = std::min(lo, r.rauc_pct);
    hi = std::max(hi, r.rauc_pct);
  }
  return hi - lo;
}

}  // namespace

absl::Span<const double> Fig4Thetas() { return kThetas; }
absl::Span<const double> Fig4Alphas() { return kAlphas; }

absl::StatusOr<Fig4Result> ComputeFig4(absl::Span<const tv::TrainedCurve> nt_grid,
                                       const tv::AccuracyCurve& nt_1,
                                       absl::Span<const Fig4Setting> theta_sweep,
                                       absl::Span<const Fig4Setting> alpha_sweep) {
  if (theta_sweep.size() < 2 || alpha_sweep.size() < 2) {
    return absl::InvalidArgumentError("fig 4: each sweep needs >= 2 settings");
  }
  ASSIGN_OR_RETURN(const tv::AccuracyCurve ub, tv::UpperBound(nt_grid, tv::UpperBoundMode::kMatched));
  Fig4Result r;
  ASSIGN_OR_RETURN(r.nt, Score(NAN, NAN, nt_1, ub, nt_1));
  for (const Fig4Setting& s : theta_sweep) {
    ASSIGN_OR_RETURN(Fig4Row row, Score(s.alpha, s.theta, s.curve, ub, nt_1));
    r.theta_sweep.push_back(row);
  }
  for (const Fig4Setting& s : alpha_sweep) {
    ASSIGN_OR_RETURN(Fig4Row row, Score(s.alpha, s.theta, s.curve, ub, nt_1));
    r.alpha_sweep.push_back(row);
  }
  int above = 0, total = 0;
  double worst = INFINITY;
  for (const auto* sweep : {&r.theta_sweep, &r.alpha_sweep}) {
    for (const Fig4Row& row : *sweep) {
      ++total;
      above += row.rauc_pct >= r.nt.rauc_pct;
      worst = std::min(worst, row.rauc_pct - r.nt.rauc_pct);
    }
  }
  r.checks.push_back({"F4a", "every VANT setting has rAUC >= NT(1.0)'s",
                      absl::StrFormat("%d of %d; smallest margin %.1f pp", above, total, worst),
                      above == total});
  const double spread_theta = Spread(r.theta_sweep), spread_alpha = Spread(r.alpha_sweep);
  r.checks.push_back({"F4b", "the spread of rAUC over theta exceeds the spread over alpha",
                      absl::StrFormat("%.1f vs %.1f pp", spread_theta, spread_alpha),
                      spread_theta > spread_alpha});
  std::vector<double> theta, peak, at1;
  for (const Fig4Row& row : r.theta_sweep) {
    theta.push_back(row.theta);
    peak.push_back(row.peak_sigma);
    at1.push_back(row.accuracy_at_1_pct);
  }
  const double rho_peak = Spearman(theta, peak), rho_at1 = Spearman(theta, at1);
  r.checks.push_back(
      {"F4c", "larger theta moves the accuracy peak to larger sigma (Spearman > 0) and lowers accuracy at sigma_test 1.0 (Spearman < 0)",
       absl::StrFormat("Spearman(theta, peak) %.2f, Spearman(theta, acc at 1.0) %.2f", rho_peak,
                       rho_at1),
       rho_peak > 0 && rho_at1 < 0});
  return r;
}

std::string FormatFig4(const Fig4Result& r) {
  std::string out = absl::StrFormat("%-18s %6s %6s %7s %7s %9s %10s\n", "model", "alpha", "theta",
                                    "rAUC", "PA@1.0", "peak_sig", "acc@1.0");
  auto row = [&out](const std::string& name, const Fig4Row& x) {
    absl::StrAppendFormat(&out, "%-18s %6s %6s %7.1f %7.1f %9.1f %10.1f\n", name,
                          std::isnan(x.alpha) ? "-" : absl::StrFormat("%.2f", x.alpha),
                          std::isnan(x.theta) ? "-" : absl::StrFormat("%.2f", x.theta), x.rauc_pct,
                          x.preserved_pp, x.peak_sigma, x.accuracy_at_1_pct);
  };
  row("NT 1.0", r.nt);
  for (const Fig4Row& x : r.theta_sweep) row("(a) theta sweep", x);
  for (const Fig4Row& x : r.alpha_sweep) row("(b) alpha sweep", x);
  absl::StrAppend(&out, FormatChecks(r.checks));
  return out;
}

analysis::LinePlot Fig4Plot(const tv::AccuracyCurve& nt_1, absl::Span<const Fig4Setting> sweep,
                            bool theta_panel, const std::string& scale_name) {
  analysis::LinePlot plot;
  plot.title = absl::StrCat("VANT Fig. 4", theta_panel ? "a: theta at alpha 0.45" : "b: alpha at theta 0.45",
                            ", sigma_train 1.0 (LeNet-5-N / Fashion-MNIST, scale ", scale_name, ")");
  plot.x_label = "sigma_test";
  plot.y_label = "test accuracy (%)";
  plot.series.push_back({.title = "NT 1.0", .x = nt_1.sigma, .y = nt_1.accuracy_pct, .dashed = true});
  for (const Fig4Setting& s : sweep) {
    plot.series.push_back({.title = theta_panel ? absl::StrFormat("theta %.2f", s.theta)
                                                : absl::StrFormat("alpha %.2f", s.alpha),
                           .x = s.curve.sigma,
                           .y = s.curve.accuracy_pct});
  }
  return plot;
}

}  // namespace aimc::experiments::vant
