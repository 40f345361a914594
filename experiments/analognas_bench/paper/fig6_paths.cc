// Fig. 6 (§3.2): the most frequent op sequences along the 1-, 2- and 3-edge
// input->output paths of noisy-robust vs non-robust cells.
#include <cmath>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "analysis/plot.h"
#include "common/status_macros.h"
#include "experiments/analognas_bench/paper/result_util.h"
#include "experiments/analognas_bench/paper/results.h"

namespace aimc::experiments::anb_paper {
namespace {

using Path = std::vector<int>;  // op codes, input side first

// Fig. 6's robust lists (codes, as the figure's labels read).
const std::vector<Path> kPaperRobust2 = {{4, 2}, {2, 4}, {2, 2}, {0, 2}, {2, 0}};
const std::vector<Path> kPaperRobust3 = {{2, 2, 0}, {0, 2, 0}, {2, 0, 4}, {2, 4, 2}, {2, 2, 2},
                                         {2, 4, 0}, {2, 0, 2}, {4, 2, 2}, {2, 0, 0}, {2, 2, 4}};
// §3.2's named sequences: robust, then non-robust.
const std::vector<Path> kNamedRobust = {{2, 0}, {2, 4}, {2, 2, 4}, {2, 0, 2}};
const std::vector<Path> kNamedNonRobust = {{2, 3}, {3, 2, 3}, {2, 3, 3}};

std::string Codes(const Path& p) {
  return absl::StrCat("(", absl::StrJoin(p, ","), p.size() == 1 ? ",)" : ")");
}

// percent[class][path] over every path of the path's length.
using Frequencies = std::vector<std::map<Path, double>>;

Frequencies AllFrequencies(const analysis::MetricTable& table, const analysis::Classification& c,
                           std::vector<std::vector<std::vector<Path>>>& ranked) {
  Frequencies freq(c.class_names.size());
  ranked.assign(c.class_names.size(), std::vector<std::vector<Path>>(4));
  for (int length = 1; length <= 3; ++length) {
    const auto paths = analysis::TopPaths(table.cells, c, length, 125);
    for (size_t k = 0; k < paths.size(); ++k) {
      for (const analysis::PathFrequency& p : paths[k]) {
        Path codes;
        for (nas::Op op : p.ops) codes.push_back(nas::OpCode(op));
        freq[k][codes] = p.percent;
        ranked[k][length].push_back(codes);
      }
    }
  }
  return freq;
}

double Get(const std::map<Path, double>& m, const Path& p) {
  const auto it = m.find(p);
  return it == m.end() ? 0 : it->second;
}

int Overlap(const std::vector<Path>& paper, const std::vector<Path>& ours, size_t top) {
  int n = 0;
  for (const Path& p : paper) {
    for (size_t i = 0; i < ours.size() && i < top; ++i) n += ours[i] == p;
  }
  return n;
}

}  // namespace

absl::StatusOr<Report> Fig6Paths(const analysis::MetricTable& table, const Thresholds& th,
                                 const ResultOptions& options) {
  const analysis::Classification c = NoisyRobustness(table, th);
  std::vector<std::vector<std::vector<Path>>> ranked;
  const Frequencies freq = AllFrequencies(table, c, ranked);
  Report report;
  report.text = internal::ClassCountsText(c);
  std::vector<std::vector<std::string>> rows = {{"class", "length", "top paths (% of the class's "
                                                                     "paths of that length)"}};
  for (size_t k = 0; k < c.class_names.size(); ++k) {
    for (int length = 1; length <= 3; ++length) {
      std::vector<std::string> items;
      const std::vector<Path>& list = ranked[k][length];
      for (size_t i = 0; i < list.size() && i < (length == 3 ? 10u : 5u); ++i) {
        items.push_back(absl::StrCat(Codes(list[i]), " ", Fixed(Get(freq[k], list[i]), 1)));
      }
      rows.push_back({c.class_names[k], absl::StrCat(length), absl::StrJoin(items, "  ")});
    }
  }
  absl::StrAppend(&report.text,
                  "\nFig. 6 (codes: 0 skip, 1 none, 2 3x3, 3 1x1, 4 avg pool; paths [t2]; [t0,t4], "
                  "[t1,t5]; [t0,t3,t5]):\n",
                  FormatTable(rows),
                  "paper robust, length 1: (3,) (1,) (0,) (4,) (2,); length 2: (4,2) (2,4) (2,2) "
                  "(0,2) (2,0); length 3: (2,2,0) (0,2,0) (2,0,4) (2,4,2) (2,2,2) (2,4,0) (2,0,2) "
                  "(4,2,2) (2,0,0) (2,2,4) (the figure's label order)\n");

  std::vector<Finding>& f = report.findings;
  const bool two = freq.size() == 2;
  auto compare = [&](const Path& p, bool robust_side) {
    const double r = two ? Get(freq[0], p) : NAN, nr = two ? Get(freq[1], p) : NAN;
    return Check(absl::StrCat(Codes(p), " is more frequent in ",
                              robust_side ? "robust" : "non-robust", " cells (§3.2)"),
                 robust_side ? "robust pattern" : "non-robust pattern",
                 absl::StrCat(Vs(r, nr, 1), " %"), robust_side ? r > nr : nr > r, {r, nr});
  };
  for (const Path& p : kNamedRobust) f.push_back(compare(p, true));
  for (const Path& p : kNamedNonRobust) f.push_back(compare(p, false));
  const int o2 = Overlap(kPaperRobust2, ranked[0][2], 5);
  const int o3 = Overlap(kPaperRobust3, ranked[0][3], 10);
  f.push_back(Check("our robust top-5 2-edge paths share >= 3 with Fig. 6b", "5 listed",
                    absl::StrCat(o2, " of 5"), o2 >= 3));
  f.push_back(Check("our robust top-10 3-edge paths share >= 5 with Fig. 6c", "10 listed",
                    absl::StrCat(o3, " of 10"), o3 >= 5));

  if (!options.plot.empty() && two) {
    analysis::BarChart chart;
    chart.title = "Fig. 6: the paper's named paths, % of each class's paths of that length";
    chart.y_label = "% of paths";
    chart.series = c.class_names;
    chart.values.resize(2);
    for (const auto* list : {&kNamedRobust, &kNamedNonRobust}) {
      for (const Path& p : *list) {
        chart.categories.push_back(Codes(p));
        for (int k = 0; k < 2; ++k) chart.values[k].push_back(Get(freq[k], p));
      }
    }
    RETURN_IF_ERROR(analysis::WriteBarChart(chart, options.plot));
    absl::StrAppend(&report.log, internal::WroteLine(options.plot, "Fig. 6 bar chart"));
  }
  return report;
}

}  // namespace aimc::experiments::anb_paper
