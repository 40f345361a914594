// Fig. 2 (§3.1, App. D): the accuracy distributions of the five static
// metrics and Kendall tau-b between every pair of the 13 metrics.
#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"
#include "analysis/plot.h"
#include "analysis/robustness_classes.h"
#include "common/correlation.h"
#include "common/status_macros.h"
#include "experiments/analognas_bench/paper/results.h"

namespace aimc::experiments::anb_paper {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Short labels of AccuracyMetrics().
std::string Short(const std::string& name) {
  if (name == "baseline_accuracy") return "B";
  if (name == "ptq_accuracy") return "P";
  if (name == "qat_accuracy") return "Q";
  if (name == "noisy_accuracy") return "N";
  if (name == "analog_accuracy") return "A";
  for (int t = 0; t < 4; ++t) {
    if (name == DriftMetric("noisy", t)) return absl::StrCat("N", DriftLabel(t));
    if (name == DriftMetric("analog", t)) return absl::StrCat("A", DriftLabel(t));
  }
  return name;
}

struct PaperPair {
  const char* a;
  const char* b;
  double tau;
};
// Fig. 2b.
constexpr PaperPair kPaperTau[] = {
    {"baseline_accuracy", "ptq_accuracy", .95}, {"baseline_accuracy", "qat_accuracy", .87},
    {"baseline_accuracy", "noisy_accuracy", .33}, {"baseline_accuracy", "analog_accuracy", .66},
    {"ptq_accuracy", "qat_accuracy", .86},        {"ptq_accuracy", "noisy_accuracy", .34},
    {"ptq_accuracy", "analog_accuracy", .65},     {"qat_accuracy", "noisy_accuracy", .34},
    {"qat_accuracy", "analog_accuracy", .63},     {"noisy_accuracy", "analog_accuracy", .43}};

double Tau(const analysis::MetricTable& table, const std::string& a, const std::string& b) {
  if (!Has(table, a) || !Has(table, b)) return kNaN;
  return CorrelationComplete(CorrelationMethod::kKendall, Col(table, a), Col(table, b)).value;
}

analysis::DistributionStats Stats(const analysis::MetricTable& table, const std::string& name) {
  if (!Has(table, name)) return analysis::Describe({});
  return analysis::Describe(Col(table, name));
}

std::string MatrixText(const analysis::MetricTable& table, const ResultOptions& options,
                       std::string& log, absl::Status& plot_status) {
  std::vector<std::vector<double>> columns;
  std::vector<std::string> labels;
  for (const std::string& name : table.names) {
    columns.push_back(std::vector<double>(Col(table, name).begin(), Col(table, name).end()));
    labels.push_back(Short(name));
  }
  const auto matrix = CorrelationMatrix(CorrelationMethod::kKendall, columns);
  std::vector<std::vector<std::string>> rows = {{"tau-b"}};
  for (const std::string& l : labels) rows[0].push_back(l);
  analysis::Heatmap heatmap;
  heatmap.title = absl::StrCat("Kendall tau-b, ", table.num_rows(), " cells");
  heatmap.row_labels = heatmap.column_labels = labels;
  for (size_t a = 0; a < matrix.size(); ++a) {
    rows.push_back({labels[a]});
    heatmap.values.emplace_back();
    for (size_t b = 0; b < matrix.size(); ++b) {
      rows.back().push_back(Fixed(matrix[a][b].value, 2));
      heatmap.values.back().push_back(matrix[a][b].value);
    }
  }
  if (!options.plot.empty() && matrix.size() >= 2) {
    plot_status = analysis::WriteHeatmap(heatmap, options.plot);
    absl::StrAppend(&log, "wrote ", options.plot, " (heatmap; gnuplot script ", options.plot,
                    ".gp)\n");
  }
  return absl::StrCat("Kendall tau-b (pairwise-complete; B baseline, P PTQ, Q QAT, N noisy, "
                      "A analog, N60s.. noisy drift, A60s.. analog drift):\n",
                      FormatTable(rows));
}

}  // namespace

absl::StatusOr<Report> Fig2Kendall(const analysis::MetricTable& table, const Thresholds&,
                                   const ResultOptions& options) {
  Report report;
  absl::Status plot_status;
  report.text = MatrixText(table, options, report.log, plot_status);
  RETURN_IF_ERROR(plot_status);

  std::vector<std::vector<std::string>> rows = {{"pair", "paper tau", "ours tau"}};
  for (const PaperPair& p : kPaperTau) {
    rows.push_back({absl::StrCat(Short(p.a), "-", Short(p.b)), Fixed(p.tau),
                    Fixed(Tau(table, p.a, p.b))});
  }
  absl::StrAppend(&report.text, "\nFig. 2b pairs:\n", FormatTable(rows));

  rows = {{"metric", "n", "mean", "std", "q25", "median", "q75", "paper"}};
  const char* paper[] = {"median 90.41, IQR 87.45-91.82 (§2)", "-", "-",
                         "std 25.47, median 60.70, IQR 33.99-75.39",
                         "mean 81.31, median 85.49, IQR 81.70-87.55"};
  for (int m = 0; m < 5; ++m) {
    const std::string name = AccuracyMetrics()[m];
    const analysis::DistributionStats s = Stats(table, name);
    rows.push_back({name, absl::StrCat(s.n), Fixed(s.mean), Fixed(s.std), Fixed(s.q25),
                    Fixed(s.median), Fixed(s.q75), paper[m]});
  }
  absl::StrAppend(&report.text, "\nFig. 2a distributions (%):\n", FormatTable(rows));

  const auto t = [&](const char* a, const char* b) {
    return Tau(table, absl::StrCat(a, "_accuracy"), absl::StrCat(b, "_accuracy"));
  };
  const double bp = t("baseline", "ptq"), bq = t("baseline", "qat"), bn = t("baseline", "noisy"),
               ba = t("baseline", "analog"), pq = t("ptq", "qat"), pn = t("ptq", "noisy"),
               qn = t("qat", "noisy"), na = t("noisy", "analog");
  const analysis::DistributionStats b = Stats(table, "baseline_accuracy"),
                                    n = Stats(table, "noisy_accuracy"),
                                    a = Stats(table, "analog_accuracy");
  const double b_iqr = b.q75 - b.q25, n_iqr = n.q75 - n.q25, a_iqr = a.q75 - a.q25;
  std::vector<Finding>& f = report.findings;
  f.push_back(Check("PTQ ranks cells like baseline more than noisy does: tau(B,P) > tau(B,N)",
                    Vs(.95, .33), Vs(bp, bn), bp > bn, {bp, bn}));
  f.push_back(Check("QAT ranks cells like baseline more than noisy does: tau(B,Q) > tau(B,N)",
                    Vs(.87, .33), Vs(bq, bn), bq > bn, {bq, bn}));
  f.push_back(Check("noisy is weakly correlated with baseline: tau(B,N) < 0.5", "0.33",
                    Fixed(bn), bn < 0.5, {bn}));
  f.push_back(Check("quantization does not predict noisy: tau(P,N), tau(Q,N) < 0.5",
                    "0.34, 0.34", absl::StrCat(Fixed(pn), ", ", Fixed(qn)), pn < 0.5 && qn < 0.5,
                    {pn, qn}));
  f.push_back(Check("PTQ and QAT agree with each other more than with noisy: tau(P,Q) > tau(P,N)",
                    Vs(.86, .34), Vs(pq, pn), pq > pn, {pq, pn}));
  f.push_back(Check("PTQ tracks baseline at least as well as QAT: tau(B,P) >= tau(B,Q)",
                    Vs(.95, .87), Vs(bp, bq), bp >= bq, {bp, bq}));
  f.back().note = "Fig. 2b; App. D's text swaps the two (QAT .95, PTQ .87)";
  f.push_back(Check("HWT restores the digital ranking: tau(B,A) > tau(B,N)", Vs(.66, .33),
                    Vs(ba, bn), ba > bn, {ba, bn}));
  f.push_back(Check("analog ranks like noisy more than noisy like baseline: tau(N,A) > tau(B,N)",
                    Vs(.43, .33), Vs(na, bn), na > bn, {na, bn}));
  f.push_back(Check("noisy spreads far wider than baseline: IQR(N) > 2 IQR(B)",
                    Vs(75.39 - 33.99, 91.82 - 87.45), Vs(n_iqr, b_iqr), n_iqr > 2 * b_iqr,
                    {n_iqr, b_iqr}));
  f.push_back(Check("analog noise costs accuracy: median(N) < median(B)", Vs(60.70, 90.41),
                    Vs(n.median, b.median), n.median < b.median, {n.median, b.median}));
  f.push_back(Check("HWT recovers accuracy: median(A) > median(N)", Vs(85.49, 60.70),
                    Vs(a.median, n.median), a.median > n.median, {a.median, n.median}));
  f.push_back(Check("HWT narrows the spread: IQR(A) < IQR(N)", Vs(87.55 - 81.70, 75.39 - 33.99),
                    Vs(a_iqr, n_iqr), a_iqr < n_iqr, {a_iqr, n_iqr}));
  f.push_back(Check("analog stays below baseline: median(A) < median(B)", Vs(85.49, 90.41),
                    Vs(a.median, b.median), a.median < b.median, {a.median, b.median}));
  f.push_back(Check("digital accuracy varies little: IQR(B) < 10 % of median(B)",
                    Fixed(100 * (91.82 - 87.45) / 90.41, 1) + " %",
                    Fixed(100 * b_iqr / b.median, 1) + " %", b_iqr < 0.1 * b.median,
                    {b_iqr, b.median}));
  return report;
}

}  // namespace aimc::experiments::anb_paper
