#include "device_models/weight_error_report_lib.h"

#include <cmath>
#include <limits>
#include <optional>

#include "Eigen/Core"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "common/random.h"
#include "common/status_macros.h"
#include "device_models/compensation.h"
#include "device_models/config.h"
#include "device_models/device_model.h"
#include "device_models/pair_array.h"

namespace aimc::device_models {
namespace {

// Stream entities of this report (the instance index is the programming instance).
constexpr uint32_t kEntityWeights = 1;
constexpr uint32_t kEntityProgramming = 2;

struct MeanStd {
  double mean = 0, std = 0;
};

// Population mean and std of the selected entries.
template <typename Select>
MeanStd Moments(const Eigen::ArrayXXf& values, Select select) {
  double sum = 0, sum2 = 0;
  int64_t n = 0;
  for (Eigen::Index i = 0; i < values.size(); ++i) {
    if (!select(i)) continue;
    sum += values(i);
    sum2 += double{values(i)} * values(i);
    ++n;
  }
  if (n == 0) return {std::numeric_limits<double>::quiet_NaN(),
                      std::numeric_limits<double>::quiet_NaN()};
  const double mean = sum / n;
  return {mean, std::sqrt(std::max(0.0, sum2 / n - mean * mean))};
}

MeanStd AllMoments(const Eigen::ArrayXXf& values) {
  return Moments(values, [](Eigen::Index) { return true; });
}

absl::StatusOr<DeviceModelConfig> ResolveModel(const WeightErrorReportOptions& o) {
  const std::string name = o.model == "pcm"     ? "rasch2023_pcm"
                           : o.model == "reram" ? "rasch2023_reram"
                                                : o.model;
  ASSIGN_OR_RETURN(DeviceModelConfig config, LoadDeviceModelConfig(name));
  if (!o.drift.empty()) {
    if (!config.has_pcm()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--drift=", o.drift, ": drift modes apply to PCM only"));
    }
    if (o.drift == "pair") {
      config.mutable_pcm()->set_drift_mode(DRIFT_MODE_PAIR);
    } else if (o.drift == "reference") {
      config.mutable_pcm()->set_drift_mode(DRIFT_MODE_REFERENCE);
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("--drift: unknown mode '", o.drift, "' (expected pair or reference)"));
    }
  }
  return config;
}

absl::Status ValidateOptions(const WeightErrorReportOptions& o) {
  if (o.rows < 1 || o.cols < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("--rows/--cols: must be >= 1, got ", o.rows, " x ", o.cols));
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

void AddProgrammedStats(const PairArray& a, float max_abs, ReportTable* out) {
  const Eigen::ArrayXXf err_plus = a.g_prog_plus_us() - a.g_target_plus_us();
  const Eigen::ArrayXXf err_minus = a.g_prog_minus_us() - a.g_target_minus_us();
  Eigen::ArrayXXf err(err_plus.rows(), 2 * err_plus.cols());
  err << err_plus, err_minus;
  Eigen::ArrayXXf target(err.rows(), err.cols());
  target << a.g_target_plus_us(), a.g_target_minus_us();
  const MeanStd all = AllMoments(err);
  const MeanStd nonzero = Moments(err, [&](Eigen::Index i) { return target(i) != 0; });
  const MeanStd zero = Moments(err, [&](Eigen::Index i) { return target(i) == 0; });
  const MeanStd w = AllMoments((a.programmed_weights() - a.target_weights()).array() / max_abs);
  const std::string s = "programmed";
  out->Add(s, std::nullopt, "g_err_mean_all_uS", all.mean);
  out->Add(s, std::nullopt, "g_err_std_all_uS", all.std);
  out->Add(s, std::nullopt, "g_err_mean_nonzero_uS", nonzero.mean);
  out->Add(s, std::nullopt, "g_err_std_nonzero_uS", nonzero.std);
  out->Add(s, std::nullopt, "g_err_mean_zero_uS", zero.mean);
  out->Add(s, std::nullopt, "g_err_std_zero_uS", zero.std);
  out->Add(s, std::nullopt, "w_err_mean_rel", w.mean);
  out->Add(s, std::nullopt, "w_err_std_rel", w.std);
}

}  // namespace

absl::StatusOr<std::vector<double>> ParseTimes(absl::string_view text) {
  std::vector<double> times;
  for (absl::string_view part : absl::StrSplit(text, ',', absl::SkipWhitespace())) {
    double t;
    if (!absl::SimpleAtod(part, &t) || !std::isfinite(t) || t < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("--times: '", part, "' is not a time in seconds >= 0 (e.g. 1,3600,86400)"));
    }
    times.push_back(t);
  }
  return times;
}

absl::StatusOr<WeightErrorReport> RunWeightErrorReport(const WeightErrorReportOptions& o) {
  RETURN_IF_ERROR(ValidateOptions(o));
  ASSIGN_OR_RETURN(const DeviceModelConfig config, ResolveModel(o));
  ASSIGN_OR_RETURN(const DeviceModel model, CreateDeviceModel(config));
  DriftCompensationConfig comp_config;
  const std::string comp_name =
      !o.compensation.empty() ? o.compensation : (Drifts(model) ? "exact" : "none");
  ASSIGN_OR_RETURN(const auto method, ParseCompensationMethod(comp_name));
  if (method == DriftCompensationConfig::GLOBAL || method == DriftCompensationConfig::PER_COLUMN) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--compensation=", comp_name,
        ": needs the tile's noisy forward readout; use //crossbar:mvm_error_report, or here "
        "exact, aihwkit_exact_reference or none"));
  }
  comp_config.set_method(method);
  ASSIGN_OR_RETURN(DriftCompensation compensation, DriftCompensation::Create(comp_config));

  WeightErrorReport report;
  report.options = o;
  report.model = ModelName(model);
  report.drift_mode = config.has_pcm() && config.pcm().drift_mode() == DRIFT_MODE_REFERENCE
                          ? "reference"
                          : "pair";
  report.compensation = compensation.name();
  if (const auto* reram = std::get_if<ReramModel>(&model)) {
    for (double t : o.times_s) {
      report.notes.push_back(
          absl::StrFormat("ReRAM sigma at t = %.10g s: %s", t, reram->FitNote(t)));
    }
  }

  Eigen::MatrixXf w(o.rows, o.cols);
  RandomStream(StreamKey{.seed = o.seed, .entity = kEntityWeights})
      .FillNormal(0, absl::MakeSpan(w.data(), w.size()));
  const float max_abs = w.cwiseAbs().maxCoeff();

  Eigen::MatrixXf w_t;
  for (int inst = 0; inst < o.instances; ++inst) {
    const StreamKey key{.seed = o.seed,
                        .entity = kEntityProgramming,
                        .instance = static_cast<uint32_t>(inst)};
    ASSIGN_OR_RETURN(const PairArray array, PairArray::Program(model, w, key, o.num_threads));
    AddProgrammedStats(array, max_abs, &report.table);
    if (compensation.calibration_readout() == DriftCompensation::Readout::kTargetWeights) {
      compensation.Calibrate(array.target_weights());
    } else {
      compensation.Calibrate(array.programmed_weights());
    }
    for (size_t k = 0; k < o.times_s.size(); ++k) {
      array.Read(o.times_s[k], static_cast<uint32_t>(k), o.num_threads, &w_t);
      const float alpha = compensation.Alpha(w_t)[0];
      const MeanStd err = AllMoments((alpha * w_t - w).array() / max_abs);
      report.table.Add("drifted", o.times_s[k], "alpha", alpha);
      report.table.Add("drifted", o.times_s[k], "w_err_mean_rel", err.mean);
      report.table.Add("drifted", o.times_s[k], "w_err_std_rel", err.std);
    }
  }
  report.rows = report.table.Rows();
  return report;
}

std::string FormatReportCsv(const WeightErrorReport& r) {
  return "model,drift_mode,compensation,stage,time_s,quantity,mean,sd,instances\n" +
         r.table.Csv({r.model, r.drift_mode, r.compensation});
}

std::string FormatReportText(const WeightErrorReport& r) {
  const WeightErrorReportOptions& o = r.options;
  std::string out = absl::StrFormat(
      "weight-error report: model %s, drift %s, compensation %s\n"
      "W: %d x %d standard normal, one tile-wise scale s = g_max / max|W|; seed %d, "
      "%d programming instance(s); %s\n",
      r.model, r.drift_mode, r.compensation, o.rows, o.cols, o.seed, o.instances,
      MachineDescription(o.num_threads));
  for (const std::string& note : r.notes) absl::StrAppend(&out, "note: ", note, "\n");
  absl::StrAppend(&out, "\n", r.table.Text());
  return out;
}

}  // namespace aimc::device_models
