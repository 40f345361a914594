// Figs. 3-4 (§3.2): op percentages of noisy-robust vs non-robust cells, and
// how the share of robust cells changes with the count of each op.
#include <array>

#include "absl/strings/str_cat.h"
#include "analysis/plot.h"
#include "common/status_macros.h"
#include "experiments/analognas_bench/paper/result_util.h"
#include "experiments/analognas_bench/paper/results.h"

namespace aimc::experiments::anb_paper {
namespace {

using internal::RobustSharePercent;
using nas::Op;

// Fig. 3, in op-code order skip, none, 3x3, 1x1, avg pool.
constexpr std::array<double, 5> kPaperRobust = {20.93, 17.5, 32.18, 9.50, 19.88};
constexpr std::array<double, 5> kPaperNonRobust = {16.9, 16.2, 28.1, 26.10, 12.6};

int Code(Op op) { return nas::OpCode(op); }

std::string ShareByCountText(absl::Span<const nas::Cell> cells,
                             const analysis::Classification& c,
                             std::vector<std::vector<double>>& shares) {
  std::vector<std::vector<std::string>> rows = {{"op \\ count"}};
  for (int k = 0; k <= nas::kNumEdges; ++k) rows[0].push_back(absl::StrCat(k));
  shares.clear();
  for (Op op : nas::kAllOps) {
    rows.push_back({std::string(nas::OpName(op))});
    shares.emplace_back();
    for (int k = 0; k <= nas::kNumEdges; ++k) {
      const double s = RobustSharePercent(cells, c, op, [k](int n) { return n == k; });
      rows.back().push_back(Fixed(s, 1));
      shares.back().push_back(s);
    }
  }
  return FormatTable(rows);
}

}  // namespace

absl::StatusOr<Report> Fig34Ops(const analysis::MetricTable& table, const Thresholds& th,
                                const ResultOptions& options) {
  const analysis::Classification c = NoisyRobustness(table, th);
  const auto percent = analysis::OpPercentages(table.cells, c);
  Report report;
  std::vector<std::vector<double>> shares;
  report.text = absl::StrCat(
      internal::ClassCountsText(c), "\nFig. 3: op percentages (% of the class's edges):\n",
      internal::OpPercentText(table.cells, c),
      "paper robust:      skip 20.93, none 17.5, 3x3 32.18, 1x1 9.50, avg 19.88\n"
      "paper non_robust:  skip 16.9, none 16.2, 3x3 28.1, 1x1 26.10, avg 12.6\n",
      "\nFig. 4: % robust among the classified cells with k edges of the op (overall ",
      Fixed(RobustSharePercent(table.cells, c, Op::kSkipConnect, [](int) { return true; }), 1),
      " %):\n", ShareByCountText(table.cells, c, shares));

  const auto& r = percent[0];
  const auto& nr = percent[1];
  auto op_claim = [&](std::string claim, Op op, bool more) {
    const int k = Code(op);
    const bool holds = more ? r[k] > nr[k] : r[k] < nr[k];
    return Check(std::move(claim), Vs(kPaperRobust[k], kPaperNonRobust[k]), Vs(r[k], nr[k]),
                 holds, {r[k], nr[k]}, "an empty class");
  };
  std::vector<Finding>& f = report.findings;
  f.push_back(op_claim("robust cells have fewer 1x1 convs (Fig. 3, % of edges)", Op::kNorConv1x1,
                       false));
  f.push_back(op_claim("robust cells have more 3x3 convs", Op::kNorConv3x3, true));
  f.push_back(op_claim("robust cells have more avg pools", Op::kAvgPool3x3, true));
  f.push_back(op_claim("robust cells have more skip connections", Op::kSkipConnect, true));
  const int z = Code(Op::kNone);
  f.push_back(Check("zeroize shows no clear impact: |robust - non_robust| < 3 points",
                    Vs(kPaperRobust[z], kPaperNonRobust[z]), Vs(r[z], nr[z]),
                    std::abs(r[z] - nr[z]) < 3, {r[z], nr[z]}, "an empty class"));

  auto share = [&](Op op, int lo, int hi) {
    return RobustSharePercent(table.cells, c, op, [=](int n) { return n >= lo && n <= hi; });
  };
  const double c1_0 = share(Op::kNorConv1x1, 0, 0), c1_1 = share(Op::kNorConv1x1, 1, 1),
               c1_2 = share(Op::kNorConv1x1, 2, 6);
  f.push_back(Check("without 1x1 convs more than half of the cells are robust (Fig. 4d)",
                    "> 50 %", Fixed(c1_0, 1) + " %", c1_0 > 50, {c1_0}, "no such cell"));
  f.push_back(Check("robustness declines with the 1x1 count: share(0) > share(1) > share(>=2)",
                    "declining", absl::StrCat(Fixed(c1_0, 1), " > ", Fixed(c1_1, 1), " > ",
                                              Fixed(c1_2, 1), " %"),
                    c1_0 > c1_1 && c1_1 > c1_2, {c1_0, c1_1, c1_2}, "no such cell"));
  const double c3_lo = share(Op::kNorConv3x3, 0, 1), c3_hi = share(Op::kNorConv3x3, 2, 6);
  f.push_back(Check("more 3x3 convs, more robust: share(>=2) > share(<=1) (Fig. 4c)", "rising",
                    Vs(c3_hi, c3_lo, 1), c3_hi > c3_lo, {c3_hi, c3_lo}, "no such cell"));
  for (Op op : {Op::kAvgPool3x3, Op::kSkipConnect}) {
    const double few = share(op, 0, 1), mid = share(op, 2, 3), many = share(op, 4, 6);
    f.push_back(Check(absl::StrCat(nas::OpName(op),
                                   ": 2-3 edges most robust: share(2-3) > share(0-1), share(4-6)"),
                      "optimal range 2-3",
                      absl::StrCat(Fixed(mid, 1), " vs ", Fixed(few, 1), ", ", Fixed(many, 1)),
                      mid > few && mid > many, {few, mid, many}, "no such cell"));
  }

  if (!options.plot.empty()) {
    RETURN_IF_ERROR(internal::WriteOpBars(
        options.plot, absl::StrCat("Fig. 3: op percentages, ", table.num_rows(), " cells"),
        c.class_names, percent));
    absl::StrAppend(&report.log, internal::WroteLine(options.plot, "Fig. 3 bar chart"));
    analysis::BarChart chart;
    chart.title = "Fig. 4: % robust among cells with k edges of the op";
    chart.x_label = "k";
    chart.y_label = "% robust";
    for (int k = 0; k <= nas::kNumEdges; ++k) chart.categories.push_back(absl::StrCat(k));
    for (Op op : nas::kAllOps) chart.series.push_back(std::string(nas::OpName(op)));
    chart.values = shares;
    const std::string path = PanelPath(options.plot, "fig4");
    RETURN_IF_ERROR(analysis::WriteBarChart(chart, path));
    absl::StrAppend(&report.log, internal::WroteLine(path, "Fig. 4 bar chart"));
  }
  return report;
}

}  // namespace aimc::experiments::anb_paper
