// The weight-error report (CSV layout: ../shared/docs/report_formats.md).
//
// The programmed-stage statistics are checked against analytic values computed
// here from the same W (the report's W is number 0.. of the stream (seed,
// entity 1), as in weight_error_report_lib.cc): every device's programming error
// err = max(0, g_T + sigma_p xi) - g_T (aimc_model.md §2) has closed-form
// moments (partial moments of the normal), so the expected pooled mean and std
// over the devices of one instance are exact, and so are their standard errors
// (SE). The report averages 3 instances: SE / sqrt(3). Tolerance 5 SE (a fresh
// seed fails one check with probability 5.7e-7).
#include "device_models/weight_error_report_lib.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "Eigen/Core"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "common/random.h"
#include "common/testing/statistics.h"
#include "gtest/gtest.h"

namespace aimc::device_models {
namespace {

using namespace ::aimc::test_util;  // NOLINT: reference statistics

constexpr double kSe = 5;  // tolerance in standard errors
const std::vector<double> kTimes = {1, 3600, 86400, 2592000};

double SigmaP(double x) { return 0.26348 + 1.9650 * x - 1.1731 * x * x; }  // §2, g_max 25

// Raw moments E[e^k], k = 0..4, of the programming error e = max(0, m + s Z) - m
// = max(-m, s Z) of a device with target m (§2): truncated-normal moments of
// Z above c = -m/s, plus the point mass at -m.
std::array<double, 5> ErrorMoments(double m, double s) {
  const double c = -m / s, tail = 1 - Phi(c), pdf = Pdf(c), below = Phi(c);
  const double z[5] = {tail, pdf, c * pdf + tail, (c * c + 2) * pdf,
                       (c * c * c + 3 * c) * pdf + 3 * tail};
  std::array<double, 5> e;
  for (int k = 0; k < 5; ++k) e[k] = std::pow(s, k) * z[k] + std::pow(-m, k) * below;
  return e;
}


// Expected pooled mean and std over a set of devices, and their SEs for one
// instance, from the per-device moments.
struct Pooled {
  double n = 0, m1 = 0, m2 = 0, var_m1 = 0, var_m2 = 0;
  void Add(const std::array<double, 5>& e) {
    n += 1;
    m1 += e[1];
    m2 += e[2];
    var_m1 += e[2] - e[1] * e[1];
    var_m2 += e[4] - e[2] * e[2];
  }
  double mean() const { return m1 / n; }
  double sd() const { return std::sqrt(m2 / n - mean() * mean()); }
  double se_mean() const { return std::sqrt(var_m1) / n; }
  // sd = sqrt(M2 - M1^2): its variance is dominated by M2's (delta method).
  double se_sd() const { return std::sqrt(var_m2) / n / (2 * sd()); }
};

Eigen::MatrixXf ReportWeights(uint64_t seed, int rows, int cols) {
  Eigen::MatrixXf w(rows, cols);
  RandomStream(StreamKey{.seed = seed, .entity = 1})
      .FillNormal(0, absl::MakeSpan(w.data(), w.size()));
  return w;
}

WeightErrorReportOptions SmallRun() {
  WeightErrorReportOptions o;
  o.rows = 128;
  o.cols = 128;
  o.seed = 7;
  o.instances = 3;
  o.times_s = kTimes;
  return o;
}

// (stage, time or -1, quantity) -> row.
std::map<std::tuple<std::string, double, std::string>, ReportRow> Index(
    const WeightErrorReport& r) {
  std::map<std::tuple<std::string, double, std::string>, ReportRow> out;
  for (const ReportRow& row : r.rows) {
    out[{row.stage, row.time_s.value_or(-1), row.quantity}] = row;
  }
  return out;
}

TEST(WeightErrorReportTest, ProgrammedStatsMatchAnalyticValues) {
  const WeightErrorReportOptions o = SmallRun();
  const WeightErrorReport report = RunWeightErrorReport(o).value();
  EXPECT_EQ(report.model, "pcm");
  EXPECT_EQ(report.drift_mode, "pair");
  EXPECT_EQ(report.compensation, "exact");
  auto rows = Index(report);
  const auto get = [&](const std::string& q) {
    const auto it = rows.find({"programmed", -1.0, q});
    EXPECT_NE(it, rows.end()) << q;
    EXPECT_EQ(it->second.instances, 3) << q;
    return it->second.mean;
  };

  // Analytic values from the same W: one nonzero-target device (x = |w| /
  // max|W|) and one zero-target device per weight.
  const Eigen::MatrixXf w = ReportWeights(o.seed, o.rows, o.cols);
  const double max_abs = w.cwiseAbs().maxCoeff();
  Pooled nonzero, zero, weight;
  double sum_sigma2 = 0;
  const std::array<double, 5> ez = ErrorMoments(0, SigmaP(0));
  for (Eigen::Index i = 0; i < w.size(); ++i) {
    const double x = std::abs(w(i)) / max_abs;
    ASSERT_GT(x, 0);
    const std::array<double, 5> e = ErrorMoments(25 * x, SigmaP(x));
    nonzero.Add(e);
    zero.Add(ez);
    sum_sigma2 += SigmaP(x) * SigmaP(x);
    // Weight error (err_nz - err_z) sign(w) / 25 in units of max|W|: its first
    // two moments (the 4th only enters the SE, approximated as 3 sigma^4).
    const double s = w(i) > 0 ? 1 : -1;
    const double m1 = s * (e[1] - ez[1]) / 25;
    const double m2 = (e[2] - 2 * e[1] * ez[1] + ez[2]) / 625;
    weight.Add({0, m1, m2, 0, 3 * m2 * m2});
  }
  const double root3 = std::sqrt(3.0);
  // Zero targets: rectified Gaussian, mean sigma_p(0) / sqrt(2 pi) = 0.1051.
  EXPECT_NEAR(zero.mean(), 0.1051, 1e-4);
  EXPECT_NEAR(get("g_err_mean_zero_uS"), zero.mean(), kSe * zero.se_mean() / root3);
  EXPECT_NEAR(get("g_err_std_zero_uS"), zero.sd(), kSe * zero.se_sd() / root3);
  // Nonzero targets: mean ~ 0 (a small positive clamp bias near x = 0), std
  // ~ rms sigma_p over the targets.
  EXPECT_NEAR(get("g_err_mean_nonzero_uS"), nonzero.mean(), kSe * nonzero.se_mean() / root3);
  EXPECT_NEAR(get("g_err_std_nonzero_uS"), nonzero.sd(), kSe * nonzero.se_sd() / root3);
  const double rms_sigma = std::sqrt(sum_sigma2 / w.size());
  // The clamp of targets within a few sigma of 0 makes the expected std 0.2 %
  // smaller than the rms sigma_p (0.6237 vs 0.6250 uS for this W), well inside
  // the SE of the reported std (0.0024 uS, 0.4 %): the rms matches to 5 SE too.
  EXPECT_NEAR(nonzero.sd(), rms_sigma, 0.005 * rms_sigma);
  EXPECT_NEAR(get("g_err_std_nonzero_uS"), rms_sigma, kSe * nonzero.se_sd() / root3);
  // All devices: the two sets have equal sizes, so the mean is their average.
  EXPECT_NEAR(get("g_err_mean_all_uS"),
              (get("g_err_mean_zero_uS") + get("g_err_mean_nonzero_uS")) / 2, 1e-6);
  Pooled all = nonzero;
  all.n += zero.n;
  all.m1 += zero.m1;
  all.m2 += zero.m2;
  all.var_m1 += zero.var_m1;
  all.var_m2 += zero.var_m2;
  EXPECT_NEAR(get("g_err_std_all_uS"), all.sd(), kSe * all.se_sd() / root3);
  // Weights: (programmed - target) / max|W|.
  EXPECT_NEAR(get("w_err_mean_rel"), weight.mean(), kSe * weight.se_mean() / root3);
  EXPECT_NEAR(get("w_err_std_rel"), weight.sd(), kSe * weight.se_sd() / root3);
}

// EXACT compensation: alpha grows with time (~1.8 at 30 days) and the
// compensated error grows too; the drifted rows come per time in order.
TEST(WeightErrorReportTest, AlphaIncreasesWithTime) {
  const WeightErrorReport report = RunWeightErrorReport(SmallRun()).value();
  auto rows = Index(report);
  double previous_alpha = 1, previous_err = 0;
  for (double t : kTimes) {
    const double alpha = rows.at({"drifted", t, "alpha"}).mean;
    const double err = rows.at({"drifted", t, "w_err_std_rel"}).mean;
    EXPECT_GT(alpha, previous_alpha) << t;
    EXPECT_GT(err, previous_err) << t;
    EXPECT_NEAR(rows.at({"drifted", t, "w_err_mean_rel"}).mean, 0, 0.005) << t;
    previous_alpha = alpha;
    previous_err = err;
  }
  EXPECT_GT(previous_alpha, 1.7);
  EXPECT_LT(previous_alpha, 1.9);
  EXPECT_GT(rows.at({"drifted", 1.0, "w_err_std_rel"}).mean,
            rows.at({"programmed", -1.0, "w_err_std_rel"}).mean);  // read noise adds
}

// report_formats.md: the header, then 8 programmed rows (time_s empty) and 3
// rows per time, 9 columns each, 8 significant digits, sd empty for one
// instance.
TEST(WeightErrorReportTest, CsvLayout) {
  const WeightErrorReport report = RunWeightErrorReport(SmallRun()).value();
  const std::string csv = FormatReportCsv(report);
  const std::vector<std::string> lines = absl::StrSplit(csv, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 1 + 8 + 3 * kTimes.size());
  EXPECT_EQ(lines[0], "model,drift_mode,compensation,stage,time_s,quantity,mean,sd,instances");
  EXPECT_EQ(csv.back(), '\n');
  const std::vector<std::string> programmed = {
      "g_err_mean_all_uS",  "g_err_std_all_uS",  "g_err_mean_nonzero_uS", "g_err_std_nonzero_uS",
      "g_err_mean_zero_uS", "g_err_std_zero_uS", "w_err_mean_rel",        "w_err_std_rel"};
  const std::vector<std::string> drifted = {"alpha", "w_err_mean_rel", "w_err_std_rel"};
  for (size_t i = 1; i < lines.size(); ++i) {
    const std::vector<std::string> f = absl::StrSplit(lines[i], ',');
    ASSERT_EQ(f.size(), 9u) << lines[i];
    EXPECT_EQ(f[0], "pcm");
    EXPECT_EQ(f[1], "pair");
    EXPECT_EQ(f[2], "exact");
    EXPECT_EQ(f[8], "3");
    const ReportRow& row = report.rows[i - 1];
    double mean, sd;
    ASSERT_TRUE(absl::SimpleAtod(f[6], &mean)) << lines[i];
    ASSERT_TRUE(absl::SimpleAtod(f[7], &sd)) << lines[i];
    EXPECT_NEAR(mean, row.mean, 1e-7 * std::abs(row.mean)) << lines[i];
    EXPECT_NEAR(sd, row.sd, 1e-7 * row.sd) << lines[i];
    if (i <= 8) {
      EXPECT_EQ(f[3], "programmed");
      EXPECT_EQ(f[4], "");
      EXPECT_EQ(f[5], programmed[i - 1]);
    } else {
      const size_t k = (i - 9) / 3;
      EXPECT_EQ(f[3], "drifted");
      double t;
      ASSERT_TRUE(absl::SimpleAtod(f[4], &t));
      EXPECT_EQ(t, kTimes[k]);
      EXPECT_EQ(f[5], drifted[(i - 9) % 3]);
    }
  }
  WeightErrorReportOptions one = SmallRun();
  one.instances = 1;
  one.times_s = {3600};
  const std::string csv1 = FormatReportCsv(RunWeightErrorReport(one).value());
  const std::vector<std::string> lines1 = absl::StrSplit(csv1, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines1.size(), 1u + 8 + 3);
  for (size_t i = 1; i < lines1.size(); ++i) {
    const std::vector<std::string> f = absl::StrSplit(lines1[i], ',');
    ASSERT_EQ(f.size(), 9u);
    EXPECT_EQ(f[7], "") << lines1[i];
    EXPECT_EQ(f[8], "1");
  }
}

TEST(WeightErrorReportTest, ParseTimes) {
  EXPECT_EQ(ParseTimes("1,3600,86400").value(), (std::vector<double>{1, 3600, 86400}));
  EXPECT_EQ(ParseTimes("0,1.5,2.592e6").value(), (std::vector<double>{0, 1.5, 2592000}));
  EXPECT_TRUE(ParseTimes("").value().empty());
  for (const char* bad : {"1,abc", "-1", "1,,x", "nan", "inf", "1;2"}) {
    const absl::Status s = ParseTimes(bad).status();
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_NE(s.message().find("--times"), absl::string_view::npos) << s;
  }
  EXPECT_NE(ParseTimes("1,abc").status().message().find("'abc'"), absl::string_view::npos);
  EXPECT_NE(ParseTimes("-1").status().message().find("'-1'"), absl::string_view::npos);
}

TEST(WeightErrorReportTest, BadOptions) {
  const auto expect = [](WeightErrorReportOptions o, absl::StatusCode code,
                         const std::string& part) {
    const absl::Status s = RunWeightErrorReport(o).status();
    EXPECT_EQ(s.code(), code) << s;
    EXPECT_NE(s.message().find(part), absl::string_view::npos) << part << " in " << s;
  };
  WeightErrorReportOptions o = SmallRun();
  o.model = "reram";
  o.drift = "reference";
  expect(o, absl::StatusCode::kInvalidArgument, "PCM only");
  o = SmallRun();
  o.drift = "sideways";
  expect(o, absl::StatusCode::kInvalidArgument, "sideways");
  o = SmallRun();
  o.compensation = "global";
  expect(o, absl::StatusCode::kInvalidArgument, "global");
  o = SmallRun();
  o.compensation = "bogus";
  expect(o, absl::StatusCode::kInvalidArgument, "bogus");
  o = SmallRun();
  o.model = "no_such_preset";
  expect(o, absl::StatusCode::kNotFound, "no_such_preset");
  o = SmallRun();
  o.rows = 0;
  expect(o, absl::StatusCode::kInvalidArgument, "--rows");
  o = SmallRun();
  o.instances = 0;
  expect(o, absl::StatusCode::kInvalidArgument, "--instances");
  o = SmallRun();
  o.times_s = {1, -5};
  expect(o, absl::StatusCode::kInvalidArgument, "--times");
  o = SmallRun();
  o.num_threads = 0;
  expect(o, absl::StatusCode::kInvalidArgument, "--threads");
}

// Reference drift mode runs: the same programming instances (identical
// programmed rows), its own drift (alpha still grows to ~1.8 at 30 days).
TEST(WeightErrorReportTest, ReferenceDriftModeRuns) {
  WeightErrorReportOptions o = SmallRun();
  o.drift = "reference";
  const WeightErrorReport ref = RunWeightErrorReport(o).value();
  EXPECT_EQ(ref.drift_mode, "reference");
  const WeightErrorReport pair = RunWeightErrorReport(SmallRun()).value();
  ASSERT_EQ(ref.rows.size(), pair.rows.size());
  for (size_t i = 0; i < 8; ++i) {
    EXPECT_EQ(ref.rows[i].quantity, pair.rows[i].quantity);
    EXPECT_EQ(ref.rows[i].mean, pair.rows[i].mean) << ref.rows[i].quantity;
  }
  auto rows = Index(ref);
  double previous = 1;
  for (double t : kTimes) {
    const double alpha = rows.at({"drifted", t, "alpha"}).mean;
    EXPECT_GT(alpha, previous) << t;
    EXPECT_NE(alpha, Index(pair).at({"drifted", t, "alpha"}).mean) << t;
    previous = alpha;
  }
  EXPECT_GT(previous, 1.7);
  EXPECT_LT(previous, 1.9);
  o.model = "rasch2023_pcm_reference_drift";
  o.drift = "";
  EXPECT_EQ(RunWeightErrorReport(o)->drift_mode, "reference");
}

// ReRAM: no drift, so no compensation (alpha 1), and a note per time on how
// sigma was obtained.
TEST(WeightErrorReportTest, ReramRunHasNotesAndNoCompensation) {
  WeightErrorReportOptions o = SmallRun();
  o.model = "reram";
  o.instances = 2;
  const WeightErrorReport r = RunWeightErrorReport(o).value();
  EXPECT_EQ(r.model, "reram");
  EXPECT_EQ(r.compensation, "none");
  ASSERT_EQ(r.notes.size(), kTimes.size());
  EXPECT_EQ(r.notes[0], "ReRAM sigma at t = 1 s: the fit at 1 s");
  EXPECT_EQ(r.notes[1],
            "ReRAM sigma at t = 3600 s: interpolated in log t between the fits at 1 s and 86400 s");
  // (StrCat prints 2592000 as 2.592e+06: only the note's text is checked.)
  EXPECT_EQ(r.notes[3].rfind("ReRAM sigma at t = ", 0), 0u) << r.notes[3];
  EXPECT_TRUE(absl::EndsWith(r.notes[3], " s: the fit at 86400 s (held beyond the last fit)"))
      << r.notes[3];
  for (double t : kTimes) EXPECT_EQ(Index(r).at({"drifted", t, "alpha"}).mean, 1.0) << t;
  const std::string text = FormatReportText(r);
  EXPECT_NE(text.find("note: ReRAM sigma at t = 86400 s: the fit at 86400 s"), std::string::npos)
      << text;
  EXPECT_NE(text.find("model reram"), std::string::npos) << text;
}

TEST(WeightErrorReportTest, ThreadCountChangesNoNumber) {
  WeightErrorReportOptions o = SmallRun();
  o.rows = 96;
  o.cols = 160;  // 15,360 elements: several chunks of 2048
  const std::string one = FormatReportCsv(RunWeightErrorReport(o).value());
  o.num_threads = 2;
  EXPECT_EQ(FormatReportCsv(RunWeightErrorReport(o).value()), one);
}

}  // namespace
}  // namespace aimc::device_models
