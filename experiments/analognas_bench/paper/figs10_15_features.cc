// Figs. 10-15 (App. F): the 20 graph features most correlated with each
// robustness, next to the paper's top-20 lists and its stated signs.
// Robustness scores (our choice; the paper names neither the coefficient nor
// the variable, nas_spec §2.6), higher = more robust:
//   Fig. 10 noisy:  -(baseline - noisy), rows of the §3.2 subset;
//   Fig. 11 HWT:    analog - noisy (the gain of HWT), all rows;
//   Figs. 12-15:    -(drift drop) of the noisy / analog branch at 1 d / 30 d,
//                   rows of the §3.4 drift subset.
#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "analysis/feature_correlations_lib.h"
#include "analysis/graph_features.h"
#include "analysis/plot.h"
#include "common/status_macros.h"
#include "experiments/analognas_bench/paper/result_util.h"
#include "experiments/analognas_bench/paper/results.h"

namespace aimc::experiments::anb_paper {
namespace {

// The paper's top-20 lists as printed (Figs. 10-11 write zeroize for none).
constexpr const char* kPaperTop20[6] = {
    // Fig. 10
    "op_count_(nor_conv_1x1) node_degree_(nor_conv_1x1)_avg_in "
    "node_degree_(skip_connect,zeroize,nor_conv_3x3,avg_pool_3x3)_avg_in "
    "node_degree_(zeroize,nor_conv_1x1)_avg_in "
    "node_degree_(skip_connect,nor_conv_3x3,avg_pool_3x3)_avg_in "
    "node_degree_(nor_conv_1x1)_out_degree "
    "node_degree_(skip_connect,zeroize,nor_conv_3x3,avg_pool_3x3)_out_degree "
    "max_op_on_path_(nor_conv_3x3,nor_conv_1x1) "
    "node_degree_(skip_connect,nor_conv_3x3,avg_pool_3x3)_out_degree "
    "node_degree_(zeroize,nor_conv_1x1)_out_degree "
    "node_degree_(skip_connect,zeroize,avg_pool_3x3)_avg_in "
    "node_degree_(nor_conv_3x3,nor_conv_1x1)_avg_in node_degree_(nor_conv_1x1)_in_degree "
    "node_degree_(skip_connect,zeroize,nor_conv_3x3,avg_pool_3x3)_in_degree "
    "max_op_on_path_(skip_connect,zeroize,nor_conv_3x3,avg_pool_3x3) "
    "node_degree_(skip_connect,avg_pool_3x3)_avg_in "
    "node_degree_(zeroize,nor_conv_3x3,nor_conv_1x1)_avg_in min_path_len_(nor_conv_1x1) "
    "max_op_on_path_(skip_connect,nor_conv_3x3,avg_pool_3x3) "
    "node_degree_(zeroize,nor_conv_1x1)_in_degree",
    // Fig. 11
    "min_path_len_(skip_connect,nor_conv_3x3,nor_conv_1x1) "
    "max_op_on_path_(skip_connect,nor_conv_3x3,nor_conv_1x1) "
    "node_degree_(nor_conv_3x3,nor_conv_1x1)_avg_in "
    "node_degree_(skip_connect,zeroize,avg_pool_3x3)_avg_in "
    "node_degree_(skip_connect,zeroize,avg_pool_3x3)_in_degree "
    "node_degree_(nor_conv_3x3,nor_conv_1x1)_in_degree "
    "min_path_len_(nor_conv_3x3,nor_conv_1x1) "
    "node_degree_(skip_connect,nor_conv_3x3,nor_conv_1x1)_in_degree "
    "node_degree_(zeroize,avg_pool_3x3)_in_degree "
    "node_degree_(skip_connect,nor_conv_3x3,nor_conv_1x1)_avg_in "
    "node_degree_(zeroize,avg_pool_3x3)_avg_in "
    "node_degree_(nor_conv_3x3,nor_conv_1x1)_out_degree "
    "node_degree_(skip_connect,zeroize,avg_pool_3x3)_out_degree "
    "max_op_on_path_(nor_conv_3x3,nor_conv_1x1) "
    "node_degree_(zeroize,avg_pool_3x3)_out_degree "
    "node_degree_(skip_connect,nor_conv_3x3,nor_conv_1x1)_out_degree "
    "node_degree_(avg_pool_3x3)_in_degree "
    "node_degree_(skip_connect,zeroize,nor_conv_3x3,nor_conv_1x1)_in_degree "
    "min_path_len_(skip_connect,nor_conv_3x3,nor_conv_1x1,avg_pool_3x3) "
    "node_degree_(skip_connect,zeroize,nor_conv_1x1,avg_pool_3x3)_avg_in",
    // Fig. 12
    "node_degree_(none,nor_conv_1x1,avg_pool_3x3)_avg_in "
    "node_degree_(skip_connect,nor_conv_3x3)_avg_in "
    "node_degree_(skip_connect,nor_conv_3x3)_in_degree "
    "node_degree_(none,nor_conv_1x1,avg_pool_3x3)_in_degree "
    "node_degree_(none,nor_conv_1x1,avg_pool_3x3)_out_degree "
    "node_degree_(skip_connect,nor_conv_3x3)_out_degree "
    "node_degree_(nor_conv_1x1,avg_pool_3x3)_avg_in "
    "node_degree_(skip_connect,none,nor_conv_3x3)_avg_in "
    "node_degree_(none,nor_conv_1x1)_avg_in "
    "node_degree_(skip_connect,nor_conv_3x3,avg_pool_3x3)_avg_in "
    "node_degree_(skip_connect)_in_degree "
    "node_degree_(none,nor_conv_3x3,nor_conv_1x1,avg_pool_3x3)_in_degree "
    "max_op_on_path_(skip_connect,nor_conv_3x3) "
    "node_degree_(skip_connect,none,nor_conv_1x1,avg_pool_3x3)_out_degree "
    "node_degree_(nor_conv_3x3)_out_degree "
    "node_degree_(skip_connect,nor_conv_3x3,avg_pool_3x3)_in_degree "
    "node_degree_(none,nor_conv_1x1)_in_degree "
    "node_degree_(nor_conv_1x1,avg_pool_3x3)_out_degree "
    "node_degree_(skip_connect,none,nor_conv_3x3)_out_degree op_count_(nor_conv_1x1)",
    // Fig. 13
    "node_degree_(skip_connect,nor_conv_3x3)_avg_in "
    "node_degree_(none,nor_conv_1x1,avg_pool_3x3)_avg_in "
    "node_degree_(skip_connect)_in_degree "
    "node_degree_(none,nor_conv_3x3,nor_conv_1x1,avg_pool_3x3)_in_degree "
    "node_degree_(none,nor_conv_1x1)_avg_in "
    "node_degree_(skip_connect,nor_conv_3x3,avg_pool_3x3)_avg_in "
    "node_degree_(skip_connect,nor_conv_3x3)_in_degree "
    "node_degree_(none,nor_conv_1x1,avg_pool_3x3)_in_degree "
    "node_degree_(skip_connect,nor_conv_3x3)_out_degree "
    "node_degree_(none,nor_conv_1x1,avg_pool_3x3)_out_degree "
    "min_path_len_(none,nor_conv_3x3,nor_conv_1x1,avg_pool_3x3) op_count_(skip_connect) "
    "node_degree_(skip_connect)_avg_in "
    "node_degree_(none,nor_conv_3x3,nor_conv_1x1,avg_pool_3x3)_avg_in "
    "max_op_on_path_(skip_connect,nor_conv_3x3) "
    "max_op_on_path_(none,nor_conv_3x3,nor_conv_1x1,avg_pool_3x3) "
    "max_op_on_path_(skip_connect,nor_conv_3x3,avg_pool_3x3) "
    "node_degree_(nor_conv_1x1,avg_pool_3x3)_avg_in "
    "node_degree_(skip_connect,none,nor_conv_3x3)_avg_in "
    "node_degree_(none,nor_conv_1x1)_out_degree",
    // Fig. 14
    "min_path_len_(skip_connect,nor_conv_3x3) "
    "min_path_len_(skip_connect,nor_conv_3x3,nor_conv_1x1) "
    "max_op_on_path_(skip_connect,nor_conv_3x3) "
    "max_op_on_path_(skip_connect,nor_conv_3x3,nor_conv_1x1) "
    "node_degree_(none,nor_conv_1x1,avg_pool_3x3)_avg_in "
    "node_degree_(skip_connect,nor_conv_3x3)_avg_in "
    "node_degree_(none,nor_conv_1x1,avg_pool_3x3)_in_degree "
    "node_degree_(skip_connect,nor_conv_3x3)_in_degree "
    "node_degree_(skip_connect,nor_conv_3x3)_out_degree "
    "node_degree_(none,nor_conv_1x1,avg_pool_3x3)_out_degree "
    "node_degree_(none,avg_pool_3x3)_avg_in "
    "node_degree_(skip_connect,nor_conv_3x3,nor_conv_1x1)_avg_in "
    "node_degree_(skip_connect,nor_conv_3x3,nor_conv_1x1)_out_degree "
    "node_degree_(none,avg_pool_3x3)_out_degree min_path_len_(nor_conv_3x3,nor_conv_1x1) "
    "node_degree_(skip_connect,none,nor_conv_1x1,avg_pool_3x3)_avg_in "
    "op_count_(nor_conv_3x3) node_degree_(nor_conv_3x3)_avg_in "
    "node_degree_(none,avg_pool_3x3)_in_degree "
    "node_degree_(skip_connect,nor_conv_3x3,nor_conv_1x1)_in_degree",
    // Fig. 15
    "min_path_len_(skip_connect,nor_conv_3x3) "
    "min_path_len_(skip_connect,nor_conv_3x3,nor_conv_1x1) "
    "max_op_on_path_(skip_connect,nor_conv_3x3) "
    "max_op_on_path_(skip_connect,nor_conv_3x3,nor_conv_1x1) "
    "node_degree_(none,nor_conv_1x1,avg_pool_3x3)_avg_in "
    "node_degree_(skip_connect,nor_conv_3x3)_avg_in "
    "node_degree_(skip_connect,nor_conv_3x3)_in_degree "
    "node_degree_(none,nor_conv_1x1,avg_pool_3x3)_in_degree "
    "node_degree_(skip_connect,nor_conv_3x3)_out_degree "
    "node_degree_(none,nor_conv_1x1,avg_pool_3x3)_out_degree "
    "node_degree_(none,avg_pool_3x3)_avg_in "
    "node_degree_(skip_connect,nor_conv_3x3,nor_conv_1x1)_avg_in "
    "node_degree_(skip_connect,nor_conv_3x3,nor_conv_1x1)_out_degree "
    "node_degree_(none,avg_pool_3x3)_out_degree min_path_len_(nor_conv_3x3,nor_conv_1x1) "
    "node_degree_(skip_connect,none,nor_conv_1x1,avg_pool_3x3)_avg_in "
    "op_count_(nor_conv_3x3) node_degree_(nor_conv_3x3)_avg_in "
    "min_path_len_(nor_conv_3x3) node_degree_(none,avg_pool_3x3)_in_degree",
};

struct Sign {
  const char* feature;
  int sign;  // +1: more of it, more robust
  const char* why;
};

struct Figure {
  int number;
  const char* title;
  std::vector<Sign> signs;
  // "node_degree" / "path": the feature family the text says dominates; "".
  const char* family;
};

const std::vector<Figure>& Figures() {
  static const auto* figures = new std::vector<Figure>{
      {10, "noisy robustness", {
           {"op_count_(nor_conv_1x1)", -1, "heavy 1x1 use, less robust"},
           {"node_degree_(skip_connect,nor_conv_3x3,avg_pool_3x3)_avg_in", +1,
            "skip, 3x3, avg pool: more resilient"}}, ""},
      {11, "HWT gain (analog - noisy)", {
           {"node_degree_(nor_conv_3x3,nor_conv_1x1)_avg_in", +1,
            "degree driven by convs: adapts better"},
           {"node_degree_(none,avg_pool_3x3)_avg_in", -1,
            "pooling and zeroize: reduced improvement"}}, ""},
      {12, "noisy drift 1 d", {
           {"node_degree_(skip_connect,nor_conv_3x3)_avg_in", +1, "skip/3x3 degree: robust"},
           {"node_degree_(none,nor_conv_1x1,avg_pool_3x3)_avg_in", -1,
            "1x1/none/pool degree: non-robust"}}, "node_degree"},
      {13, "noisy drift 30 d", {
           {"node_degree_(skip_connect,nor_conv_3x3)_avg_in", +1, "skip/3x3 degree: robust"},
           {"node_degree_(none,nor_conv_1x1,avg_pool_3x3)_avg_in", -1,
            "1x1/none/pool degree: non-robust"}}, "node_degree"},
      {14, "analog drift 1 d", {
           {"max_op_on_path_(skip_connect,nor_conv_3x3)", +1, "long 3x3/skip paths: robust"},
           {"min_path_len_(skip_connect,nor_conv_3x3)", +1,
            "short 3x3/skip min path: non-robust"}}, "path"},
      {15, "analog drift 30 d", {
           {"max_op_on_path_(skip_connect,nor_conv_3x3)", +1, "long 3x3/skip paths: robust"},
           {"min_path_len_(skip_connect,nor_conv_3x3)", +1,
            "short 3x3/skip min path: non-robust"}}, "path"},
  };
  return *figures;
}

// The robustness score of Figure `number` per row (NaN outside its rows).
std::vector<double> Score(const analysis::MetricTable& table, const Thresholds& th, int number) {
  std::vector<double> score(table.num_rows(), NAN);
  if (number == 10 || number == 11) {
    const absl::Span<const double> baseline = Col(table, "baseline_accuracy");
    const absl::Span<const double> noisy = Col(table, "noisy_accuracy");
    const absl::Span<const double> analog = Col(table, "analog_accuracy");
    for (int r = 0; r < table.num_rows(); ++r) {
      if (number == 11) {
        score[r] = analog[r] - noisy[r];
      } else if (baseline[r] >= th.subset_baseline.ours) {
        score[r] = noisy[r] - baseline[r];
      }
    }
    return score;
  }
  const int t = number % 2 == 0 ? 2 : 3;  // 12, 14: 1 d; 13, 15: 30 d
  const std::vector<bool> subset = DriftSubset(table, th);
  const std::vector<double> drops =
      DriftDrops(table, number <= 13 ? "noisy" : "analog", t, th.drop_reference);
  for (int r = 0; r < table.num_rows(); ++r) {
    if (subset[r]) score[r] = -drops[r];
  }
  return score;
}

std::vector<int> PaperList(int number) {
  std::vector<int> features;
  for (absl::string_view name : absl::StrSplit(kPaperTop20[number - 10], ' ')) {
    const absl::StatusOr<int> f = analysis::FindGraphFeature(name);
    AIMC_CHECK(f.ok());
    features.push_back(*f);
  }
  return features;
}

const std::string& Name(int feature) { return analysis::GraphFeatureInfos()[feature].name; }

bool IsPathFeature(int feature) {
  const analysis::GraphFeatureKind k = analysis::GraphFeatureInfos()[feature].kind;
  return k == analysis::GraphFeatureKind::kMinPathLen ||
         k == analysis::GraphFeatureKind::kMaxOpOnPath;
}

absl::Status OneFigure(const analysis::MetricTable& table, const Thresholds& th,
                       const ResultOptions& options, const Figure& fig, Report& report) {
  const std::vector<double> score = Score(table, th, fig.number);
  const std::vector<analysis::FeatureCorrelation> by_feature =
      analysis::CorrelateFeatures(table.cells, score, options.method);
  std::vector<analysis::FeatureCorrelation> ranked = by_feature;
  analysis::RankByMagnitude(ranked);
  std::vector<int> rank(analysis::kNumGraphFeatures, 0), top;
  for (size_t i = 0, listed = 0; i < ranked.size(); ++i) {
    if (analysis::GraphFeatureInfos()[ranked[i].feature].kind ==
        analysis::GraphFeatureKind::kAvgOut) {
      continue;  // = avg_in on NB201; the paper lists none
    }
    rank[ranked[i].feature] = static_cast<int>(++listed);
    if (top.size() < 20) top.push_back(ranked[i].feature);
  }
  const std::vector<int> paper = PaperList(fig.number);
  std::vector<int> paper_rank(analysis::kNumGraphFeatures, 0);
  for (size_t i = 0; i < paper.size(); ++i) paper_rank[paper[i]] = static_cast<int>(i + 1);
  const absl::string_view method = CorrelationMethodName(options.method);
  std::vector<std::vector<std::string>> rows = {
      {"rank", "feature", std::string(method), "paper rank"}};
  int overlap = 0, node_degree = 0, path_top5 = 0;
  for (size_t i = 0; i < top.size(); ++i) {
    const int f = top[i];
    rows.push_back({absl::StrCat(i + 1), Name(f), Fixed(by_feature[f].correlation.value, 3),
                    paper_rank[f] ? absl::StrCat(paper_rank[f]) : "-"});
    overlap += paper_rank[f] > 0;
    node_degree += absl::StartsWith(Name(f), "node_degree");
    path_top5 += i < 5 && IsPathFeature(f);
  }
  const int n = by_feature.empty() ? 0 : by_feature[0].correlation.n;
  absl::StrAppend(&report.text, "\nFig. ", fig.number, ": ", fig.title, " (", n,
                  " rows; score higher = more robust):\n", FormatTable(rows));
  std::vector<std::string> missed;
  for (int f : paper) {
    if (std::find(top.begin(), top.end(), f) == top.end()) {
      missed.push_back(absl::StrCat(Name(f), " (", rank[f], ", ",
                                    Fixed(by_feature[f].correlation.value, 3), ")"));
    }
  }
  absl::StrAppend(&report.text, "paper's top 20 not in ours (our rank, value): ",
                  missed.empty() ? "none" : absl::StrJoin(missed, "; "), "\n");

  int paper_node_degree = 0, paper_path_top5 = 0;
  for (size_t i = 0; i < paper.size(); ++i) {
    paper_node_degree += absl::StartsWith(Name(paper[i]), "node_degree");
    paper_path_top5 += i < 5 && IsPathFeature(paper[i]);
  }
  const std::string prefix = absl::StrCat("Fig. ", fig.number, ": ");
  report.findings.push_back(Check(
      absl::StrCat(prefix, "our top 20 shares >= 5 with the paper's (chance 2.5)"), "20 listed",
      absl::StrCat(overlap, " of 20"), overlap >= 5, {n >= 3 ? 0.0 : NAN}, "< 3 rows"));
  for (const Sign& s : fig.signs) {
    const absl::StatusOr<int> f = analysis::FindGraphFeature(s.feature);
    AIMC_CHECK(f.ok());
    const double v = by_feature[*f].correlation.value;
    report.findings.push_back(Check(absl::StrCat(prefix, s.why, ": ", s.feature,
                                                 s.sign > 0 ? " > 0" : " < 0"),
                                    s.sign > 0 ? "positive" : "negative", Fixed(v, 3),
                                    v * s.sign > 0, {v}, "constant feature or < 3 rows"));
  }
  if (absl::string_view(fig.family) == "node_degree") {
    report.findings.push_back(Check(absl::StrCat(prefix, "node_degree dominates: >= 10 of top 20"),
                                    absl::StrCat(paper_node_degree, " of 20"),
                                    absl::StrCat(node_degree, " of 20"), node_degree >= 10));
  } else if (absl::string_view(fig.family) == "path") {
    report.findings.push_back(Check(absl::StrCat(prefix, "path features lead: >= 2 of top 5"),
                                    absl::StrCat(paper_path_top5, " of 5"), absl::StrCat(path_top5, " of 5"), path_top5 >= 2));
  }
  if (options.plot.empty()) return absl::OkStatus();
  analysis::BarChart chart;
  chart.title = absl::StrCat("Fig. ", fig.number, ": top 20 graph features, ", fig.title);
  chart.y_label = absl::StrCat(method, " correlation");
  chart.series = {std::string(method)};
  chart.values.resize(1);
  for (int f : top) {
    chart.categories.push_back(Name(f));
    chart.values[0].push_back(by_feature[f].correlation.value);
  }
  const std::string path =
      fig.number == 10 ? options.plot : PanelPath(options.plot, absl::StrCat("fig", fig.number));
  RETURN_IF_ERROR(analysis::WriteBarChart(chart, path));
  absl::StrAppend(&report.log, internal::WroteLine(path, absl::StrCat("Fig. ", fig.number)));
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Report> Figs10To15Features(const analysis::MetricTable& table,
                                          const Thresholds& th, const ResultOptions& options) {
  Report report;
  report.text = absl::StrCat(
      "method: ", CorrelationMethodName(options.method),
      " (the paper's is unspecified); node_degree avg_out (= avg_in on NB201) not ranked\n");
  for (const Figure& fig : Figures()) RETURN_IF_ERROR(OneFigure(table, th, options, fig, report));
  return report;
}

}  // namespace aimc::experiments::anb_paper
