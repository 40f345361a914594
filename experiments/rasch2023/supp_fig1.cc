#include "experiments/rasch2023/supp_fig1.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "Eigen/Cholesky"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "common/random.h"
#include "common/status_macros.h"
#include "crossbar/config.h"
#include "crossbar/tile.h"
#include "device_models/pcm.h"
#include "device_models/reram.h"

namespace aimc::experiments::rasch2023 {
namespace {

constexpr char kTarget[] = "supp_fig1_reram";
constexpr uint32_t kEntityWeights = 0x5F1B0001u;
constexpr uint32_t kEntityInputs = 0x5F1B0002u;
constexpr uint32_t kEntityTile = 0x5F1B0003u;
constexpr double kOneSecond = 1;
constexpr double kOneDay = 86400;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string G(double v) { return absl::StrFormat("%.6g", v); }

std::vector<std::string> Fig1Choices(const Fig1BOptions& o) {
  return {
      "A: sigma in % of each device's g_max (the presets': PCM 25 uS, ReRAM 40 uS); the ReRAM "
      "1 d fit with spec B.1's digits (-50.773, 47.095; the paper prints -50.7, 47.09)",
      absl::StrCat("B: one ", o.size, " x ", o.size,
                   " tile per device, programmed once (instance 0), read once at t = ",
                   G(o.t_inference_s), " s (PCM: drift + global compensation; ReRAM: sigma at t ",
                   "from its fits, no compensation)"),
      absl::StrCat("B: static input range r = ", G(o.input_range),
                   " (inputs are uniform in [-1, 1]; the preset's init 3.0 is a training start)"),
      "B: W_hat from the normal equations (LDLT, double); error and bins in units of max|W|; "
      "F1B averages the sd over bins with >= 2 weights",
  };
}

void AddDeviceRows(const DeviceError& d, const std::string& column,
                   std::vector<CsvRow>* rows) {
  for (const ErrorBin& b : d.bins) {
    const std::string row = absl::StrFormat("bin[%.2f,%.2f)", b.lo, b.hi);
    const std::string note = absl::StrCat(b.count, " weights");
    rows->push_back({.target = kTarget, .model = d.preset, .row = row, .column = column,
                     .quantity = "w_err_mean_rel", .ours = G(b.mean), .instances = "1",
                     .note = note});
    rows->push_back({.target = kTarget, .model = d.preset, .row = row, .column = column,
                     .quantity = "w_err_sd_rel", .ours = G(b.sd), .instances = "1",
                     .note = note});
  }
  rows->push_back({.target = kTarget, .model = d.preset, .row = "all", .column = column,
                   .quantity = "mean_bin_sd_rel", .ours = G(d.mean_bin_sd), .instances = "1"});
  rows->push_back({.target = kTarget, .model = d.preset, .row = "all", .column = column,
                   .quantity = "w_err_sd_rel", .ours = G(d.overall_sd), .instances = "1"});
}

}  // namespace

std::vector<double> UnitGrid(int steps) {
  std::vector<double> x;
  for (int i = 0; i <= steps; ++i) x.push_back(static_cast<double>(i) / steps);
  return x;
}

absl::StatusOr<SigmaCurves> ComputeSigmaCurves(const std::vector<double>& x,
                                               absl::string_view pcm_preset,
                                               absl::string_view reram_preset) {
  ASSIGN_OR_RETURN(const crossbar::TileConfig pcm_config, crossbar::LoadTileConfig(pcm_preset));
  ASSIGN_OR_RETURN(const crossbar::TileConfig reram_config,
                   crossbar::LoadTileConfig(reram_preset));
  if (!pcm_config.device().has_pcm()) {
    return absl::InvalidArgumentError(
        absl::StrCat("preset '", pcm_preset, "': device must be pcm"));
  }
  if (!reram_config.device().has_reram()) {
    return absl::InvalidArgumentError(
        absl::StrCat("preset '", reram_preset, "': device must be reram"));
  }
  ASSIGN_OR_RETURN(const device_models::PcmModel pcm,
                   device_models::PcmModel::Create(pcm_config.device().pcm()));
  ASSIGN_OR_RETURN(const device_models::ReramModel reram,
                   device_models::ReramModel::Create(reram_config.device().reram()));
  SigmaCurves c;
  c.pcm_g_max_us = pcm.g_max_us();
  c.reram_g_max_us = reram.g_max_us();
  for (double xi : x) {
    if (!(xi >= 0 && xi <= 1)) {
      return absl::InvalidArgumentError(absl::StrCat("x: must be in [0, 1], got ", xi));
    }
    c.x.push_back(xi);
    const float g_pcm = static_cast<float>(xi * c.pcm_g_max_us);
    const float g_reram = static_cast<float>(xi * c.reram_g_max_us);
    c.pcm_prog_pct.push_back(100.0 * pcm.ProgrammingStdUs(g_pcm) / c.pcm_g_max_us);
    c.reram_1s_pct.push_back(100.0 * reram.SigmaUs(g_reram, kOneSecond) / c.reram_g_max_us);
    c.reram_1d_pct.push_back(100.0 * reram.SigmaUs(g_reram, kOneDay) / c.reram_g_max_us);
  }
  return c;
}

absl::Status Validate(const Fig1BOptions& o) {
  if (o.size < 1 || o.size > 512) {
    return absl::InvalidArgumentError(absl::StrCat("--size: must be 1..512 (one tile), got ",
                                                   o.size));
  }
  if (o.vectors < o.size) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--vectors: must be >= the size ", o.size, " (least squares needs a full-rank X), got ",
        o.vectors));
  }
  if (o.num_bins < 1 || o.num_bins > 1000) {
    return absl::InvalidArgumentError(absl::StrCat("--bins: must be 1..1000, got ", o.num_bins));
  }
  if (!(o.t_inference_s >= 0) || !std::isfinite(o.t_inference_s)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--t_inference_s: must be finite and >= 0, got ", o.t_inference_s));
  }
  if (!(o.input_range > 0) || !std::isfinite(o.input_range)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--input_range: must be finite and > 0, got ", o.input_range));
  }
  if (o.num_threads < 1) {
    return absl::InvalidArgumentError(absl::StrCat("--threads: must be >= 1, got ",
                                                   o.num_threads));
  }
  return absl::OkStatus();
}

absl::StatusOr<Eigen::MatrixXd> EstimateLinearOperator(const Eigen::MatrixXf& x,
                                                       const Eigen::MatrixXf& y) {
  if (x.cols() != y.cols() || x.rows() < 1 || y.rows() < 1) {
    return absl::InvalidArgumentError(absl::StrCat("least squares: X is ", x.rows(), " x ",
                                                   x.cols(), ", Y is ", y.rows(), " x ",
                                                   y.cols(), " (need the same number of columns)"));
  }
  if (x.cols() < x.rows()) {
    return absl::InvalidArgumentError(absl::StrCat("least squares: ", x.cols(),
                                                   " vectors for ", x.rows(), " inputs"));
  }
  const Eigen::MatrixXd xd = x.cast<double>();
  Eigen::MatrixXd gram = Eigen::MatrixXd::Zero(x.rows(), x.rows());
  gram.selfadjointView<Eigen::Lower>().rankUpdate(xd);
  const Eigen::MatrixXd rhs = xd * y.cast<double>().transpose();  // in x out
  const Eigen::LDLT<Eigen::MatrixXd> ldlt(gram);
  if (ldlt.info() != Eigen::Success || !ldlt.isPositive() ||
      ldlt.vectorD().minCoeff() <= 1e-12 * ldlt.vectorD().maxCoeff()) {
    return absl::InvalidArgumentError("least squares: X X^T is singular");
  }
  return Eigen::MatrixXd(ldlt.solve(rhs).transpose());
}

std::vector<ErrorBin> BinErrors(const Eigen::MatrixXf& w, const Eigen::MatrixXd& w_hat,
                                int num_bins) {
  const double w_max = w.cwiseAbs().maxCoeff();
  std::vector<ErrorBin> bins(num_bins);
  std::vector<double> sum(num_bins, 0), sum_sq(num_bins, 0);
  for (int64_t k = 0; k < w.size(); ++k) {
    const double rel = w.data()[k] / w_max;
    const double err = (w_hat.data()[k] - w.data()[k]) / w_max;
    const int b = std::clamp(static_cast<int>(std::floor((rel + 1) / 2 * num_bins)), 0,
                             num_bins - 1);
    ++bins[b].count;
    sum[b] += err;
    sum_sq[b] += err * err;
  }
  for (int b = 0; b < num_bins; ++b) {
    ErrorBin& e = bins[b];
    e.lo = -1 + 2.0 * b / num_bins;
    e.hi = -1 + 2.0 * (b + 1) / num_bins;
    const double n = static_cast<double>(e.count);
    e.mean = e.count > 0 ? sum[b] / n : kNaN;
    e.sd = e.count > 1 ? std::sqrt(std::max(0.0, (sum_sq[b] - n * e.mean * e.mean) / (n - 1)))
                       : kNaN;
  }
  return bins;
}

double MeanBinSd(const std::vector<ErrorBin>& bins) {
  double sum = 0;
  int n = 0;
  for (const ErrorBin& b : bins) {
    if (b.count < 2) continue;
    sum += b.sd;
    ++n;
  }
  return n > 0 ? sum / n : kNaN;
}

void MakeWeightsAndInputs(const Fig1BOptions& o, Eigen::MatrixXf* w, Eigen::MatrixXf* x) {
  w->resize(o.size, o.size);
  RandomStream(StreamKey{.seed = o.seed, .entity = kEntityWeights})
      .FillNormal(0, absl::MakeSpan(w->data(), w->size()));
  x->resize(o.size, o.vectors);
  RandomStream(StreamKey{.seed = o.seed, .entity = kEntityInputs})
      .FillUniform(0, absl::MakeSpan(x->data(), x->size()));
  x->array() = 2 * x->array() - 1;
}

absl::StatusOr<DeviceError> MeasureDeviceError(const crossbar::TileConfig& config,
                                               absl::string_view preset,
                                               const Eigen::MatrixXf& w,
                                               const Eigen::MatrixXf& x,
                                               const Fig1BOptions& o) {
  const absl::Time start = absl::Now();
  ASSIGN_OR_RETURN(crossbar::Tile tile,
                   crossbar::Tile::Create(config, w, {.seed = o.seed, .entity = kEntityTile}));
  RETURN_IF_ERROR(tile.Program(/*instance=*/0, o.num_threads));
  RETURN_IF_ERROR(tile.Drift(o.t_inference_s, /*read_index=*/0, o.num_threads));
  tile.set_input_range(static_cast<float>(o.input_range));
  Eigen::MatrixXf y;
  tile.Forward(x, &y, o.num_threads);
  ASSIGN_OR_RETURN(const Eigen::MatrixXd w_hat, EstimateLinearOperator(x, y));
  DeviceError d;
  d.preset = std::string(preset);
  d.bins = BinErrors(w, w_hat, o.num_bins);
  d.mean_bin_sd = MeanBinSd(d.bins);
  const std::vector<ErrorBin> all = BinErrors(w, w_hat, 1);
  d.overall_mean = all[0].mean;
  d.overall_sd = all[0].sd;
  d.alpha = tile.alpha().mean();
  d.seconds = absl::ToDoubleSeconds(absl::Now() - start);
  return d;
}

absl::StatusOr<Fig1BResult> ComputeFig1B(const Fig1BOptions& o) {
  RETURN_IF_ERROR(Validate(o));
  ASSIGN_OR_RETURN(const crossbar::TileConfig pcm, crossbar::LoadTileConfig(o.pcm_preset));
  ASSIGN_OR_RETURN(const crossbar::TileConfig reram, crossbar::LoadTileConfig(o.reram_preset));
  Eigen::MatrixXf w, x;
  MakeWeightsAndInputs(o, &w, &x);
  Fig1BResult r;
  r.options = o;
  ASSIGN_OR_RETURN(r.pcm, MeasureDeviceError(pcm, o.pcm_preset, w, x, o));
  ASSIGN_OR_RETURN(r.reram, MeasureDeviceError(reram, o.reram_preset, w, x, o));
  r.f1b = {.id = "F1B",
           .criterion = "mean over bins of sd_ReRAM > sd_PCM",
           .measured = absl::StrFormat("ReRAM %.5f vs PCM %.5f (x %.2f)", r.reram.mean_bin_sd,
                                       r.pcm.mean_bin_sd, r.reram.mean_bin_sd / r.pcm.mean_bin_sd),
           .pass = r.reram.mean_bin_sd > r.pcm.mean_bin_sd};
  return r;
}

std::string FormatFig1Text(const SigmaCurves& a, const Fig1BResult& b, const RunInfo& info) {
  const Fig1BOptions& o = b.options;
  std::string out = "Rasch et al. 2023 Supp. Fig. 1 A-B: ReRAM vs PCM programming error\n";
  for (const std::string& c : Fig1Choices(o)) absl::StrAppend(&out, "choice: ", c, "\n");
  absl::StrAppend(&out, "A: sigma(x) / g_max in % (x = g_target / g_max)\n");
  absl::StrAppend(&out, absl::StrFormat("%6s %14s %14s %14s\n", "x", "PCM prog", "ReRAM 1 s",
                                        "ReRAM 1 d"));
  for (size_t i = 0; i < a.x.size(); ++i) {
    absl::StrAppend(&out, absl::StrFormat("%6.2f %14.3f %14.3f %14.3f\n", a.x[i],
                                          a.pcm_prog_pct[i], a.reram_1s_pct[i],
                                          a.reram_1d_pct[i]));
  }
  absl::StrAppend(&out, absl::StrFormat(
      "B: effective weight error (W_hat - W) / max|W| at t = %g s, per bin of W / max|W|\n",
      o.t_inference_s));
  absl::StrAppend(&out, absl::StrFormat("%-14s %8s %11s %11s %11s %11s\n", "bin", "weights",
                                        "PCM mean", "PCM sd", "ReRAM mean", "ReRAM sd"));
  for (size_t i = 0; i < b.pcm.bins.size(); ++i) {
    const ErrorBin& p = b.pcm.bins[i];
    const ErrorBin& r = b.reram.bins[i];
    absl::StrAppend(&out, absl::StrFormat("[%+.2f,%+.2f) %8d %11.5f %11.5f %11.5f %11.5f\n", p.lo,
                                          p.hi, p.count, p.mean, p.sd, r.mean, r.sd));
  }
  absl::StrAppend(&out, absl::StrFormat("%-14s %8d %11.5f %11.5f %11.5f %11.5f\n", "all",
                                        b.options.size * b.options.size, b.pcm.overall_mean,
                                        b.pcm.overall_sd, b.reram.overall_mean,
                                        b.reram.overall_sd));
  absl::StrAppend(&out, absl::StrFormat("%-14s %8s %11s %11.5f %11s %11.5f\n", "mean bin sd", "",
                                        "", b.pcm.mean_bin_sd, "", b.reram.mean_bin_sd));
  absl::StrAppend(&out, absl::StrFormat("drift compensation alpha: PCM %.4f, ReRAM %.4f\n",
                                        b.pcm.alpha, b.reram.alpha));
  absl::StrAppend(&out, absl::StrFormat(
      "scale: W %d x %d standard normal, N = %d input vectors uniform [-1, 1], %d bins; seed %d\n",
      o.size, o.size, o.vectors, o.num_bins, o.seed));
  absl::StrAppend(&out, absl::StrFormat(
      "machine: %u hardware threads, %d thread(s) used\n", info.hardware_threads, o.num_threads));
  absl::StrAppend(&out, absl::StrFormat("wall time: %.1f s (PCM %.1f s, ReRAM %.1f s)\n",
                                        info.wall_time_s, b.pcm.seconds, b.reram.seconds));
  absl::StrAppend(&out, FormatChecks({b.f1b}));
  return out;
}

std::string FormatFig1Csv(const SigmaCurves& a, const Fig1BResult& b, const RunInfo& info) {
  const std::string model = absl::StrCat(b.options.pcm_preset, "|", b.options.reram_preset);
  std::vector<CsvRow> rows = ChoiceRows(kTarget, model, Fig1Choices(b.options));
  // The paper prints curves only: `paper` stays empty.
  for (size_t i = 0; i < a.x.size(); ++i) {
    const std::string row = absl::StrFormat("x=%.2f", a.x[i]);
    rows.push_back({.target = kTarget, .model = b.options.pcm_preset, .row = row,
                    .column = "A", .quantity = "sigma_prog_pct_of_gmax",
                    .ours = G(a.pcm_prog_pct[i]), .instances = "1", .note = "PCM programming"});
    rows.push_back({.target = kTarget, .model = b.options.reram_preset, .row = row,
                    .column = "A", .quantity = "sigma_1s_pct_of_gmax",
                    .ours = G(a.reram_1s_pct[i]), .instances = "1", .note = "ReRAM 1 s fit"});
    rows.push_back({.target = kTarget, .model = b.options.reram_preset, .row = row,
                    .column = "A", .quantity = "sigma_1d_pct_of_gmax",
                    .ours = G(a.reram_1d_pct[i]), .instances = "1", .note = "ReRAM 1 d fit"});
  }
  AddDeviceRows(b.pcm, "B_pcm", &rows);
  AddDeviceRows(b.reram, "B_reram", &rows);
  rows.push_back({.target = kTarget, .model = model, .row = "run", .quantity = "wall_time_s",
                  .ours = G(info.wall_time_s), .instances = "1",
                  .note = absl::StrCat(info.hardware_threads, " hardware threads, ",
                                       b.options.num_threads, " used; N = ", b.options.vectors,
                                       " vectors")});
  std::vector<CsvRow> checks = CheckRows(kTarget, model, {b.f1b});
  rows.insert(rows.end(), checks.begin(), checks.end());
  return FormatCsv(rows);
}

analysis::LinePlot Fig1APlot(const SigmaCurves& a) {
  analysis::LinePlot plot;
  plot.title = "Supp. Fig. 1 A: programming error vs target conductance";
  plot.x_label = "g_target / g_max";
  plot.y_label = "sigma / g_max (%)";
  const std::pair<const char*, const std::vector<double>*> curves[] = {
      {"PCM programming", &a.pcm_prog_pct},
      {"ReRAM 1 s", &a.reram_1s_pct},
      {"ReRAM 1 d", &a.reram_1d_pct}};
  for (const auto& [title, y] : curves) {
    analysis::LineSeries series;
    series.title = title;
    series.x = a.x;
    series.y = *y;
    plot.series.push_back(std::move(series));
  }
  return plot;
}

analysis::LinePlot Fig1BPlot(const Fig1BResult& b) {
  analysis::LinePlot plot;
  plot.title = absl::StrFormat("Supp. Fig. 1 B: effective weight error at t = %g s",
                               b.options.t_inference_s);
  plot.x_label = "W / max|W| (bin centre)";
  plot.y_label = "(W_hat - W) / max|W|";
  auto add = [&plot](const DeviceError& d, const std::string& name) {
    analysis::LineSeries sd, mean;
    sd.title = name + " sd";
    mean.title = name + " mean";
    mean.dashed = true;
    for (const ErrorBin& e : d.bins) {
      const double centre = (e.lo + e.hi) / 2;
      sd.x.push_back(centre);
      sd.y.push_back(e.sd);
      mean.x.push_back(centre);
      mean.y.push_back(e.mean);
    }
    plot.series.push_back(std::move(sd));
    plot.series.push_back(std::move(mean));
  };
  add(b.pcm, "PCM");
  add(b.reram, "ReRAM");
  return plot;
}

}  // namespace aimc::experiments::rasch2023
