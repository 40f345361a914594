// Fig. 8 and §3.4's text: op presence of drift-robust vs non-robust cells at
// 60 s, 1 h, 1 d and 30 d, for the noisy (no HWT) and analog (HWT) branches,
// and Kendall tau-b between each op's count and the drift drop.
#include <cmath>

#include "absl/strings/str_cat.h"
#include "common/correlation.h"
#include "common/status_macros.h"
#include "experiments/analognas_bench/paper/result_util.h"
#include "experiments/analognas_bench/paper/results.h"

namespace aimc::experiments::anb_paper {
namespace {

using nas::Op;
using OpPercent = std::array<double, nas::kNumOps>;

struct BranchOps {
  std::vector<OpPercent> robust, non_robust;  // per time
};

BranchOps Collect(const analysis::MetricTable& table, const Thresholds& th,
                  absl::string_view branch, std::vector<std::vector<std::string>>& rows) {
  BranchOps ops;
  for (int t = 0; t < 4; ++t) {
    const analysis::Classification c = DriftClasses(table, th, branch, t);
    const auto percent = analysis::OpPercentages(table.cells, c);
    const std::vector<int> counts = analysis::ClassCounts(c);
    ops.robust.push_back(percent[0]);
    ops.non_robust.push_back(percent[1]);
    for (int k = 0; k < 2; ++k) {
      rows.push_back({std::string(branch), std::string(DriftLabel(t)), c.class_names[k],
                      absl::StrCat(counts[k])});
      for (double p : percent[k]) rows.back().push_back(Fixed(p));
    }
  }
  return ops;
}

// The claim "robust has more (or less) of `op`" at each time; holds at >= 3 of 4.
Finding PerTime(std::string claim, const BranchOps& b, Op op, bool robust_more,
                std::string paper) {
  const int k = nas::OpCode(op);
  int holds = 0;
  bool nan = false;
  for (int t = 0; t < 4; ++t) {
    const double r = b.robust[t][k], nr = b.non_robust[t][k];
    nan = nan || std::isnan(r) || std::isnan(nr);
    holds += robust_more ? r > nr : r < nr;
  }
  return Check(std::move(claim), std::move(paper),
               absl::StrCat("at ", holds, "/4 times (30d: ", Vs(b.robust[3][k], b.non_robust[3][k]),
                            ")"),
               holds >= 3, {nan ? NAN : 0.0}, "an empty class");
}

double Gap(const BranchOps& b, int t) {
  double sum = 0;
  for (int k = 0; k < nas::kNumOps; ++k) sum += std::abs(b.robust[t][k] - b.non_robust[t][k]);
  return sum;
}

std::string TauText(const analysis::MetricTable& table, const Thresholds& th) {
  const std::vector<bool> subset = DriftSubset(table, th);
  std::vector<std::vector<std::string>> rows = {{"branch", "time"}};
  for (Op op : nas::kAllOps) rows[0].push_back(std::string(nas::OpName(op)));
  for (absl::string_view branch : {"noisy", "analog"}) {
    for (int t = 0; t < 4; ++t) {
      const std::vector<double> drops = DriftDrops(table, branch, t, th.drop_reference);
      rows.push_back({std::string(branch), std::string(DriftLabel(t))});
      for (Op op : nas::kAllOps) {
        std::vector<double> x, y;
        for (int r = 0; r < table.num_rows(); ++r) {
          if (!subset[r] || std::isnan(drops[r])) continue;
          x.push_back(table.cells[r].CountOp(op));
          y.push_back(drops[r]);
        }
        rows.back().push_back(
            Fixed(CorrelationComplete(CorrelationMethod::kKendall, x, y).value, 3));
      }
    }
  }
  return absl::StrCat(
      "\nKendall tau-b between an op's count and the drift drop (drift subset; > 0: more of the "
      "op, larger drop):\n",
      FormatTable(rows));
}

}  // namespace

absl::StatusOr<Report> Fig8DriftByOp(const analysis::MetricTable& table, const Thresholds& th,
                                     const ResultOptions& options) {
  std::vector<std::vector<std::string>> rows = {{"branch", "time", "class", "cells"}};
  for (Op op : nas::kAllOps) rows[0].push_back(std::string(nas::OpName(op)));
  const BranchOps noisy = Collect(table, th, "noisy", rows);
  const BranchOps analog = Collect(table, th, "analog", rows);
  Report report;
  report.text = absl::StrCat("rule (1 d, analog): ", DriftClasses(table, th, "analog", 2).rule,
                             "\nop presence (% of the class's edges; Fig. 8 is the analog "
                             "branch, §3.4 describes the noisy one):\n",
                             FormatTable(rows), TauText(table, th));
  std::vector<Finding>& f = report.findings;
  f.push_back(PerTime("analog drift: robust cells have more skip connections (Fig. 8)", analog,
                      Op::kSkipConnect, true, "robust higher"));
  f.push_back(PerTime("analog drift: robust cells have more 3x3 convs", analog, Op::kNorConv3x3,
                      true, "robust higher"));
  f.push_back(PerTime("analog drift: non-robust cells have more avg pools", analog,
                      Op::kAvgPool3x3, false, "non-robust higher"));
  f.push_back(PerTime("analog drift: non-robust cells have more zeroize", analog, Op::kNone,
                      false, "non-robust higher"));
  const int c1 = nas::OpCode(Op::kNorConv1x1), c3 = nas::OpCode(Op::kNorConv3x3);
  f.push_back(Check("analog drift: 1x1 stays minimal in robust cells (1x1 < 3x3, 30 d)",
                    "minimal", Vs(analog.robust[3][c1], analog.robust[3][c3]),
                    analog.robust[3][c1] < analog.robust[3][c3],
                    {analog.robust[3][c1], analog.robust[3][c3]}, "an empty class"));
  f.push_back(Check("analog drift: the robust/non-robust op gap widens (sum |diff|, 30 d > 60 s)",
                    "widens", Vs(Gap(analog, 3), Gap(analog, 0), 1), Gap(analog, 3) > Gap(analog, 0),
                    {Gap(analog, 3), Gap(analog, 0)}, "an empty class"));
  f.push_back(PerTime("noisy drift: robust cells have more 3x3 convs (§3.4)", noisy,
                      Op::kNorConv3x3, true, "robust higher"));
  f.push_back(PerTime("noisy drift: non-robust cells have more 1x1 convs", noisy, Op::kNorConv1x1,
                      false, "non-robust higher"));
  f.push_back(PerTime("noisy drift: non-robust cells have more zeroize", noisy, Op::kNone, false,
                      "non-robust higher"));
  f.push_back(Check("noisy drift: robust cells use more 3x3 over time (30 d > 60 s)", "rising",
                    Vs(noisy.robust[3][c3], noisy.robust[0][c3]),
                    noisy.robust[3][c3] > noisy.robust[0][c3],
                    {noisy.robust[3][c3], noisy.robust[0][c3]}, "an empty class"));
  f.push_back(Check("noisy drift: robust cells use fewer 1x1 over time (30 d < 60 s)", "falling",
                    Vs(noisy.robust[3][c1], noisy.robust[0][c1]),
                    noisy.robust[3][c1] < noisy.robust[0][c1],
                    {noisy.robust[3][c1], noisy.robust[0][c1]}, "an empty class"));

  if (!options.plot.empty()) {
    for (int k = 0; k < 2; ++k) {
      std::vector<std::string> series;
      std::vector<OpPercent> values;
      for (int t = 0; t < 4; ++t) {
        series.push_back(std::string(DriftLabel(t)));
        values.push_back(k == 0 ? analog.robust[t] : analog.non_robust[t]);
      }
      const std::string path = k == 0 ? options.plot : PanelPath(options.plot, "non_robust");
      RETURN_IF_ERROR(internal::WriteOpBars(
          path,
          absl::StrCat("Fig. 8", k == 0 ? "a" : "b", ": ", k == 0 ? "robust" : "non-robust",
                       " cells under analog drift (HWT)"),
          series, values));
      absl::StrAppend(&report.log, internal::WroteLine(path, "Fig. 8 bar chart"));
    }
  }
  return report;
}

}  // namespace aimc::experiments::anb_paper
