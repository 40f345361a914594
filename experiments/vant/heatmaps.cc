#include "experiments/vant/heatmaps.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/correlation.h"
#include "common/status_macros.h"

namespace aimc::experiments::vant {
namespace {

namespace tv = training::vant;

constexpr std::array<double, 4> kFig5Alphas = {0.05, 0.25, 0.45, 0.65};
constexpr std::array<double, 5> kFig5Thetas = {0.05, 0.15, 0.25, 0.45, 0.65};
constexpr std::array<double, 6> kFig6Sigmas = {0.1, 0.5, 0.9, 1.3, 1.7, 2.1};
constexpr std::array<double, 5> kFig6Thetas = {0.05, 0.25, 0.45, 0.65, 0.85};

bool Near(double a, double b) { return std::abs(a - b) < 1e-9; }

const GridModel* Find(absl::Span<const GridModel> models, double sigma, double alpha, double theta) {
  for (const GridModel& m : models) {
    if (Near(m.sigma_train, sigma) && Near(m.alpha, alpha) && Near(m.theta, theta)) return &m;
  }
  return nullptr;
}

Grid EmptyGrid(std::string row_name, absl::Span<const double> rows, absl::Span<const double> cols) {
  Grid g;
  g.row_name = std::move(row_name);
  g.column_name = "theta";
  g.rows.assign(rows.begin(), rows.end());
  g.columns.assign(cols.begin(), cols.end());
  g.rauc_pct.assign(rows.size(), std::vector<double>(cols.size(), NAN));
  g.preserved_pp = g.rauc_pct;
  return g;
}

// Spearman over all cells of (column value, score).
double ColumnSpearman(const Grid& g, const std::vector<std::vector<double>>& score) {
  std::vector<double> x, y;
  for (size_t r = 0; r < g.rows.size(); ++r) {
    for (size_t c = 0; c < g.columns.size(); ++c) {
      x.push_back(g.columns[c]);
      y.push_back(score[r][c]);
    }
  }
  return Spearman(x, y);
}

std::string FormatGrid(const Grid& g, bool rauc) {
  std::string out = absl::StrFormat("%s (rows %s, columns %s)\n%-8s", rauc ? "rAUC [%]" : "PA [pp]",
                                    g.row_name, g.column_name, "");
  for (double c : g.columns) absl::StrAppendFormat(&out, " %7.2f", c);
  absl::StrAppend(&out, "\n");
  for (size_t r = 0; r < g.rows.size(); ++r) {
    absl::StrAppendFormat(&out, "%-8.2f", g.rows[r]);
    for (double v : (rauc ? g.rauc_pct : g.preserved_pp)[r]) absl::StrAppendFormat(&out, " %7.1f", v);
    absl::StrAppend(&out, "\n");
  }
  return out;
}

}  // namespace

absl::Span<const double> Fig5Alphas() { return kFig5Alphas; }
absl::Span<const double> Fig5Thetas() { return kFig5Thetas; }
absl::Span<const double> Fig6SigmaTrains() { return kFig6Sigmas; }
absl::Span<const double> Fig6Thetas() { return kFig6Thetas; }

absl::StatusOr<Fig5Result> ComputeFig5(absl::Span<const tv::TrainedCurve> nt_grid,
                                       const tv::AccuracyCurve& nt,
                                       absl::Span<const GridModel> models) {
  ASSIGN_OR_RETURN(const tv::AccuracyCurve ub, tv::UpperBound(nt_grid, tv::UpperBoundMode::kMatched));
  Fig5Result r;
  r.grid = EmptyGrid("alpha", kFig5Alphas, kFig5Thetas);
  ASSIGN_OR_RETURN(r.nt_rauc_pct, tv::RelativeAuc(nt, ub));
  ASSIGN_OR_RETURN(const double nt_at, tv::InterpolatedAccuracyAt(nt, kFig5SigmaTrain));
  std::vector<tv::VantSetting> settings;
  for (size_t i = 0; i < kFig5Alphas.size(); ++i) {
    for (size_t j = 0; j < kFig5Thetas.size(); ++j) {
      const GridModel* m = Find(models, kFig5SigmaTrain, kFig5Alphas[i], kFig5Thetas[j]);
      if (m == nullptr) {
        return absl::NotFoundError(absl::StrCat("fig 5: no model at alpha ", kFig5Alphas[i],
                                                ", theta ", kFig5Thetas[j]));
      }
      ASSIGN_OR_RETURN(r.grid.rauc_pct[i][j], tv::RelativeAuc(m->curve, ub));
      ASSIGN_OR_RETURN(const double at, tv::InterpolatedAccuracyAt(m->curve, kFig5SigmaTrain));
      r.grid.preserved_pp[i][j] = at - nt_at;
      settings.push_back({kFig5Alphas[i], kFig5Thetas[j], r.grid.rauc_pct[i][j],
                          r.grid.preserved_pp[i][j]});
    }
  }
  absl::StatusOr<tv::VantSetting> selected = tv::SelectSetting(settings);
  r.selected = selected.ok() ? *selected : tv::VantSetting{NAN, NAN, NAN, NAN};
  int monotone = 0;
  for (size_t i = 0; i < kFig5Alphas.size(); ++i) {
    const auto& row = r.grid.rauc_pct[i];
    monotone += std::is_sorted(row.begin(), row.end());
  }
  const double rho_rauc = ColumnSpearman(r.grid, r.grid.rauc_pct);
  r.checks.push_back({"F5a", "rAUC non-decreasing in theta for >= 3 of 4 alpha rows, Spearman > 0 overall",
                      absl::StrFormat("%d of 4 rows; Spearman %.2f", monotone, rho_rauc),
                      monotone >= 3 && rho_rauc > 0});
  const double rho_pa = ColumnSpearman(r.grid, r.grid.preserved_pp);
  r.checks.push_back({"F5b", "PA decreases with theta (Spearman < 0)",
                      absl::StrFormat("Spearman %.2f", rho_pa), rho_pa < 0});
  r.checks.push_back(
      {"F5c", "the selected theta is small (<= 0.25 at sigma_train 0.4; paper alpha 0.45, theta 0.25)",
       selected.ok() ? absl::StrFormat("alpha %.2f, theta %.2f", r.selected.alpha, r.selected.theta)
                     : std::string(selected.status().message()),
       selected.ok() && r.selected.theta <= 0.25 + 1e-9});
  return r;
}

absl::StatusOr<Fig6Result> ComputeFig6(absl::Span<const tv::TrainedCurve> nt_grid,
                                       absl::Span<const GridModel> models) {
  ASSIGN_OR_RETURN(const tv::AccuracyCurve ub, tv::UpperBound(nt_grid, tv::UpperBoundMode::kMatched));
  Fig6Result r;
  r.grid = EmptyGrid("sigma_train", kFig6Sigmas, kFig6Thetas);
  std::vector<double> fit_sigma, fit_theta;
  int beats = 0, considered = 0;
  for (size_t i = 0; i < kFig6Sigmas.size(); ++i) {
    const double sigma = kFig6Sigmas[i];
    const tv::AccuracyCurve* nt = nullptr;
    for (const tv::TrainedCurve& c : nt_grid) {
      if (Near(c.sigma_train, sigma)) nt = &c.curve;
    }
    if (nt == nullptr) return absl::NotFoundError(absl::StrCat("fig 6: no NT model at sigma ", sigma));
    ASSIGN_OR_RETURN(const double nt_rauc, tv::RelativeAuc(*nt, ub));
    r.nt_rauc_pct.push_back(nt_rauc);
    std::vector<tv::VantSetting> settings;
    for (size_t j = 0; j < kFig6Thetas.size(); ++j) {
      const GridModel* m = Find(models, sigma, kFig6Alpha, kFig6Thetas[j]);
      if (m == nullptr) {
        return absl::NotFoundError(
            absl::StrCat("fig 6: no model at sigma_train ", sigma, ", theta ", kFig6Thetas[j]));
      }
      ASSIGN_OR_RETURN(r.grid.rauc_pct[i][j], tv::RelativeAuc(m->curve, ub));
      ASSIGN_OR_RETURN(r.grid.preserved_pp[i][j], tv::PreservedAccuracy(m->curve, *nt, sigma));
      settings.push_back({kFig6Alpha, kFig6Thetas[j], r.grid.rauc_pct[i][j], r.grid.preserved_pp[i][j]});
    }
    const absl::StatusOr<tv::VantSetting> best = tv::SelectSetting(settings);
    r.theta_star.push_back(best.ok() ? best->theta : NAN);
    r.rauc_at_theta_star.push_back(best.ok() ? best->rauc_pct : NAN);
    if (best.ok()) {
      fit_sigma.push_back(sigma);
      fit_theta.push_back(best->theta);
    }
    if (sigma >= 0.5 - 1e-9) {
      ++considered;
      beats += best.ok() && best->rauc_pct > nt_rauc;
    }
  }
  const absl::StatusOr<double> k = tv::FitThetaSlope(fit_sigma, fit_theta);
  r.k = k.ok() ? *k : NAN;
  const double rho = fit_sigma.size() >= 2 ? Spearman(fit_sigma, fit_theta) : NAN;
  r.checks.push_back({"F6a", "theta* non-decreasing in sigma_train (Spearman >= 0.7)",
                      absl::StrFormat("Spearman %.2f over %d selected", rho,
                                      static_cast<int>(fit_sigma.size())),
                      rho >= 0.7});
  r.checks.push_back({"F6b", "theta* = k sigma_train with k in [0.2, 0.6] (paper 0.4)",
                      absl::StrFormat("k %.3f", r.k), r.k >= 0.2 && r.k <= 0.6});
  r.checks.push_back({"F6c", "rAUC(theta*) > rAUC_NT for sigma_train >= 0.5",
                      absl::StrCat(beats, " of ", considered), considered > 0 && beats == considered});
  return r;
}

std::string FormatFig5(const Fig5Result& r) {
  std::string out = absl::StrCat(FormatGrid(r.grid, true), FormatGrid(r.grid, false));
  absl::StrAppendFormat(&out, "NT(0.4) rAUC %.1f; selected (PA >= -0.5, max rAUC): alpha %.2f theta %.2f, rAUC %.1f, PA %.1f (paper alpha 0.45, theta 0.25)\n",
                        r.nt_rauc_pct, r.selected.alpha, r.selected.theta, r.selected.rauc_pct,
                        r.selected.preserved_pp);
  return absl::StrCat(out, FormatChecks(r.checks));
}

std::string FormatFig6(const Fig6Result& r) {
  std::string out = absl::StrCat(FormatGrid(r.grid, true), FormatGrid(r.grid, false));
  absl::StrAppend(&out, "sigma_train  NT_rAUC  theta*  rAUC(theta*)  paper_theta(Table 1)\n");
  for (size_t i = 0; i < r.grid.rows.size(); ++i) {
    double paper = NAN;
    for (const PaperTable1Column& p : PaperTable1()) {
      if (Near(p.sigma_train, r.grid.rows[i])) paper = p.theta;
    }
    absl::StrAppendFormat(&out, "%-12.1f %7.1f  %6.2f  %12.1f  %6.2f\n", r.grid.rows[i],
                          r.nt_rauc_pct[i], r.theta_star[i], r.rauc_at_theta_star[i], paper);
  }
  absl::StrAppendFormat(&out, "fit theta* = k sigma_train: k %.3f (paper about 0.4)\n", r.k);
  return absl::StrCat(out, FormatChecks(r.checks));
}

analysis::Heatmap GridHeatmap(const Grid& g, bool rauc, const std::string& title,
                              const std::vector<double>& extra_column,
                              const std::string& extra_label) {
  analysis::Heatmap h;
  h.title = title;
  for (double r : g.rows) h.row_labels.push_back(absl::StrFormat("%s %.2f", g.row_name, r));
  for (double c : g.columns) h.column_labels.push_back(absl::StrFormat("%s %.2f", g.column_name, c));
  h.values = rauc ? g.rauc_pct : g.preserved_pp;
  if (extra_column.size() == g.rows.size()) {
    h.column_labels.push_back(extra_label);
    for (size_t r = 0; r < g.rows.size(); ++r) h.values[r].push_back(extra_column[r]);
  }
  double lo = INFINITY, hi = -INFINITY;
  for (const auto& row : h.values) {
    for (double v : row) {
      if (std::isnan(v)) continue;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  h.z_min = std::isfinite(lo) ? lo : 0;
  h.z_max = std::isfinite(hi) && hi > lo ? hi : h.z_min + 1;
  return h;
}

}  // namespace aimc::experiments::vant
