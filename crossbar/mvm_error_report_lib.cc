#include "crossbar/mvm_error_report_lib.h"


#include "Eigen/Core"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/random.h"
#include "common/status_macros.h"
#include "crossbar/config.h"
#include "crossbar/gemm.h"
#include "crossbar/layer.h"
#include "device_models/compensation.h"

namespace aimc::crossbar {
namespace {

constexpr uint32_t kEntityWeights = 0xFFFF0001u;
constexpr uint32_t kEntityInputs = 0xFFFF0002u;

absl::Status ValidateOptions(const MvmErrorReportOptions& o) {
  if (o.rows < 1 || o.cols < 1 || o.batch < 1) {
    return absl::InvalidArgumentError(absl::StrCat("--rows/--cols/--batch: must be >= 1, got ",
                                                   o.rows, ", ", o.cols, ", ", o.batch));
  }
  if (o.instances < 1) {
    return absl::InvalidArgumentError(absl::StrCat("--instances: must be >= 1, got ", o.instances));
  }
  if (o.num_threads < 1) {
    return absl::InvalidArgumentError(absl::StrCat("--threads: must be >= 1, got ", o.num_threads));
  }
  for (double t : o.times_s) {
    if (!(t >= 0) || !std::isfinite(t)) {
      return absl::InvalidArgumentError(absl::StrCat("--times: must be finite and >= 0, got ", t));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<TileConfig> ResolveConfig(const MvmErrorReportOptions& o) {
  ASSIGN_OR_RETURN(TileConfig config, LoadTileConfig(o.preset));
  RETURN_IF_ERROR(ApplyPimOverrides(o.crossbar_size, o.adc_bits, o.dac_bits, &config));
  if (!o.drift.empty()) {
    if (!config.device().has_pcm()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--drift=", o.drift, ": drift modes apply to PCM devices; preset '", o.preset,
          "' has none"));
    }
    if (o.drift == "pair") {
      config.mutable_device()->mutable_pcm()->set_drift_mode(device_models::DRIFT_MODE_PAIR);
    } else if (o.drift == "reference") {
      config.mutable_device()->mutable_pcm()->set_drift_mode(device_models::DRIFT_MODE_REFERENCE);
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("--drift: unknown mode '", o.drift, "' (expected pair or reference)"));
    }
  }
  return config;
}

// Adds rel_err and slope of y against the exact product y0.
void AddErrors(const Eigen::MatrixXf& y, const Eigen::MatrixXf& y0, const std::string& stage,
               std::optional<double> t, ReportTable* table) {
  const double norm0 = y0.cast<double>().squaredNorm();
  table->Add(stage, t, "rel_err",
             std::sqrt((y - y0).cast<double>().squaredNorm() / norm0));
  table->Add(stage, t, "slope", y.cast<double>().cwiseProduct(y0.cast<double>()).sum() / norm0);
}

double MeanAlpha(const AnalogLayer& layer) {
  double sum = 0;
  int n = 0;
  for (int r = 0; r < layer.tile_rows(); ++r) {
    for (int c = 0; c < layer.tile_cols(); ++c) {
      sum += layer.tile(r, c).alpha().mean();
      ++n;
    }
  }
  return sum / n;
}

}  // namespace

absl::StatusOr<MvmErrorReport> RunMvmErrorReport(const MvmErrorReportOptions& o) {
  RETURN_IF_ERROR(ValidateOptions(o));
  ASSIGN_OR_RETURN(const TileConfig config, ResolveConfig(o));
  MvmErrorReport report;
  report.options = o;
  report.preset = o.preset;
  report.drift_mode = config.device().has_pcm() &&
                              config.device().pcm().drift_mode() ==
                                  device_models::DRIFT_MODE_REFERENCE
                          ? "reference"
                          : "pair";
  ASSIGN_OR_RETURN(const auto compensation,
                   device_models::DriftCompensation::Create(config.compensation()));
  report.compensation = compensation.name();
  if (!config.has_device()) report.notes.push_back("no device model: programming is exact");

  Eigen::MatrixXf w(o.rows, o.cols), x(o.cols, o.batch);
  RandomStream(StreamKey{.seed = o.seed, .entity = kEntityWeights})
      .FillNormal(0, absl::MakeSpan(w.data(), w.size()));
  w /= w.cwiseAbs().maxCoeff();
  RandomStream(StreamKey{.seed = o.seed, .entity = kEntityInputs})
      .FillNormal(0, absl::MakeSpan(x.data(), x.size()));
  Eigen::MatrixXf y0(o.rows, o.batch), y;
  Gemm(w, x, y0, o.num_threads);

  for (int inst = 0; inst < o.instances; ++inst) {
    // Instance k: its own layer streams (layer id k) and programming instance k.
    ASSIGN_OR_RETURN(AnalogLayer layer,
                     AnalogLayer::Create(config, w, Eigen::VectorXf(), o.seed, inst));
    layer.Forward(x, &y, o.num_threads);
    AddErrors(y, y0, "unprogrammed", std::nullopt, &report.table);
    RETURN_IF_ERROR(layer.Program(inst, o.num_threads));
    for (size_t k = 0; k < o.times_s.size(); ++k) {
      RETURN_IF_ERROR(layer.Drift(o.times_s[k], static_cast<uint32_t>(k), o.num_threads));
      layer.Forward(x, &y, o.num_threads);
      AddErrors(y, y0, "drifted", o.times_s[k], &report.table);
      report.table.Add("drifted", o.times_s[k], "alpha", MeanAlpha(layer));
    }
  }
  return report;
}

std::string FormatMvmReportCsv(const MvmErrorReport& r) {
  return "preset,drift_mode,compensation,stage,time_s,quantity,mean,sd,instances\n" +
         r.table.Csv({r.preset, r.drift_mode, r.compensation});
}

std::string FormatMvmReportText(const MvmErrorReport& r) {
  const MvmErrorReportOptions& o = r.options;
  std::string out = absl::StrFormat(
      "mvm-error report: preset %s, drift %s, compensation %s\n"
      "W: %d x %d standard normal scaled to max|W| = 1; X: %d standard-normal vectors; seed %d, "
      "%d instance(s); %s\n",
      r.preset, r.drift_mode, r.compensation, o.rows, o.cols, o.batch, o.seed, o.instances,
      MachineDescription(o.num_threads));
  for (const std::string& note : r.notes) absl::StrAppend(&out, "note: ", note, "\n");
  absl::StrAppend(&out, "\n", r.table.Text());
  return out;
}

}  // namespace aimc::crossbar
