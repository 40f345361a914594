#include "experiments/analognas_bench/zero_cost/zero_cost_lib.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "analysis/graph_features.h"
#include "analysis/zero_cost_robustness.h"
#include "common/correlation.h"
#include "common/file.h"
#include "common/random.h"
#include "common/random_cursor.h"
#include "common/report_table.h"
#include "common/status_macros.h"
#include "nas/cell.h"
#include "nas/cell_graph.h"
#include "nas/search/features.h"
#include "nas/search/surrogate.h"

namespace aimc::experiments::zero_cost {
namespace {

// RandomStream entity of the class splits (StreamKey.instance = the seed index).
constexpr uint32_t kSplitEntity = 12;

constexpr absl::string_view kMergeCommand =
    "bazel run //experiments/analognas_bench:merge -- "
    "--shards=experiments/analognas_bench/benchmarks/tiny_stratified1000 --output=";

constexpr absl::string_view kOneHot = "xgboost one-hot (30)";
constexpr absl::string_view kGraf = "xgboost GRAF (191)";
constexpr absl::string_view kSelected = "selected proxy (pool labels)";

struct Target {
  const char* name;
  const char* reference;
  const char* degraded;
};
constexpr Target kTargets[] = {
    {"analog_60s", "analog_accuracy", "analog_drift_60"},
    {"analog_1h", "analog_accuracy", "analog_drift_3600"},
    {"analog_1d", "analog_accuracy", "analog_drift_86400"},
    {"analog_30d", "analog_accuracy", "analog_drift_2592000"},
    {"noisy_60s", "noisy_accuracy", "noisy_drift_60"},
    {"noisy_1h", "noisy_accuracy", "noisy_drift_3600"},
    {"noisy_1d", "noisy_accuracy", "noisy_drift_86400"},
    {"noisy_30d", "noisy_accuracy", "noisy_drift_2592000"},
    {"noise", "baseline_accuracy", "noisy_accuracy"},
};

double Mean(const std::vector<double>& v) {
  if (v.empty()) return NAN;
  return std::accumulate(v.begin(), v.end(), 0.0) / v.size();
}

// Sample sd (n - 1); NaN for fewer than 2 values.
double Sd(const std::vector<double>& v) {
  if (v.size() < 2) return NAN;
  const double m = Mean(v);
  double ss = 0;
  for (double x : v) ss += (x - m) * (x - m);
  return std::sqrt(ss / (v.size() - 1));
}

double Quantile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  const double pos = q * (v.size() - 1);
  const size_t lo = static_cast<size_t>(std::floor(pos));
  const size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (pos - lo) * (v[hi] - v[lo]);
}

std::string MeanSd(const std::vector<double>& v, int decimals) {
  const double m = Mean(v), s = Sd(v);
  if (std::isnan(m)) return "-";
  if (std::isnan(s)) return absl::StrFormat("%.*f", decimals, m);
  return absl::StrFormat("%.*f ± %.*f", decimals, m, decimals, s);
}

std::string Percent(double fraction) { return absl::StrFormat("%g%%", 100 * fraction); }

std::string ProvenanceLines(const nas::Provenance& p) {
  std::vector<std::string> facts;
  if (p.has_dataset()) facts.push_back(absl::StrCat("dataset ", p.dataset()));
  if (p.has_simulator_preset()) facts.push_back(absl::StrCat("preset ", p.simulator_preset()));
  if (p.seeds_size() > 0) facts.push_back(absl::StrCat("seeds ", absl::StrJoin(p.seeds(), ",")));
  if (p.has_seeds_note()) facts.push_back(absl::StrCat("seeds note ", p.seeds_note()));
  if (p.has_date()) facts.push_back(absl::StrCat("date ", p.date()));
  if (p.has_code_version()) facts.push_back(absl::StrCat("code ", p.code_version()));
  if (p.has_source()) facts.push_back(absl::StrCat("source ", p.source()));
  return absl::StrCat("scale: ", p.has_scale() ? p.scale() : "(not recorded)", "\nprovenance: ",
                      facts.empty() ? "(none recorded)" : absl::StrJoin(facts, "; "), "\n");
}

// Columns padded to their widest cell (in code points), two spaces apart.
std::string FormatTable(const std::vector<std::vector<std::string>>& rows) {
  auto width = [](const std::string& s) {
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80 ? 1 : 0;
    return n;
  };
  std::vector<size_t> widths;
  for (const auto& row : rows) {
    if (widths.size() < row.size()) widths.resize(row.size(), 0);
    for (size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], width(row[c]));
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (size_t c = 0; c < row.size(); ++c) {
      absl::StrAppend(&line, row[c]);
      if (c + 1 < row.size()) line.append(widths[c] - width(row[c]) + 2, ' ');
    }
    absl::StrAppend(&out, line, "\n");
  }
  return out;
}

// The evaluation data: one cell per isomorphism class with its drop.
struct ClassData {
  std::vector<nas::Cell> cells;  // lowest lexicographic index of each class
  std::vector<double> drop;      // percentage points
  std::vector<double> reference;
  std::vector<double> degraded_sd;  // per-pass sample sd of `degraded` when stored, else empty
  int covered = 0;                  // cells in the store
  int with_target = 0;              // of which both metrics present
  int disagreeing = 0;              // classes whose members' drops differ
};

absl::StatusOr<ClassData> CollectClasses(const nas::BenchmarkStore& store, const DropTarget& t) {
  ASSIGN_OR_RETURN(const nas::MetricId ref, nas::ResolveMetric(t.reference));
  ASSIGN_OR_RETURN(const nas::MetricId deg, nas::ResolveMetric(t.degraded));
  // Drift metrics store their per-pass sample sd as <name>_std.
  const absl::StatusOr<nas::MetricId> deg_sd = nas::ResolveMetric(absl::StrCat(t.degraded, "_std"));
  ClassData data;
  absl::flat_hash_map<std::string, int> class_of;
  for (const nas::Cell& cell : store.Cells()) {
    ++data.covered;
    const double r = store.Value(cell, ref), d = store.Value(cell, deg);
    if (std::isnan(r) || std::isnan(d)) continue;
    ++data.with_target;
    const auto [it, inserted] =
        class_of.try_emplace(nas::IsomorphismKey(cell), static_cast<int>(data.cells.size()));
    if (inserted) {
      data.cells.push_back(cell);
      data.drop.push_back(r - d);
      data.reference.push_back(r);
      if (deg_sd.ok() && !std::isnan(store.Value(cell, *deg_sd))) {
        data.degraded_sd.push_back(store.Value(cell, *deg_sd));
      }
    } else if (data.drop[it->second] != r - d) {
      ++data.disagreeing;  // counted once per member; a fanned-out benchmark has none
    }
  }
  return data;
}

// Row-major feature rows of every class cell.
struct FeatureRows {
  std::vector<float> one_hot;
  std::vector<float> graf;
  int one_hot_width = 0;
};

FeatureRows ComputeFeatureRows(const std::vector<nas::Cell>& cells) {
  FeatureRows rows;
  const nas::search::FeatureSet one_hot;
  rows.one_hot_width = nas::search::FeatureCount(one_hot);
  rows.one_hot = nas::search::FeatureMatrix(cells, one_hot);
  rows.graf.reserve(cells.size() * analysis::kNumGraphFeatures);
  for (const nas::Cell& cell : cells) {
    for (double v : analysis::ComputeGraphFeatures(cell))
      rows.graf.push_back(static_cast<float>(v));
  }
  return rows;
}

std::vector<float> GatherRows(const std::vector<float>& rows, int width,
                              absl::Span<const int> indices) {
  std::vector<float> out;
  out.reserve(indices.size() * width);
  for (int i : indices) {
    out.insert(out.end(), rows.begin() + static_cast<size_t>(i) * width,
               rows.begin() + static_cast<size_t>(i + 1) * width);
  }
  return out;
}

std::vector<double> Gather(const std::vector<double>& values, absl::Span<const int> indices) {
  std::vector<double> out;
  out.reserve(indices.size());
  for (int i : indices) out.push_back(values[i]);
  return out;
}

// Accumulates one method's per-seed values.
class Rows {
 public:
  explicit Rows(int num_fractions) : num_fractions_(num_fractions) {}

  MethodResult& Get(absl::string_view method, int labels) {
    const auto key = std::make_pair(std::string(method), labels);
    auto it = index_.find(key);
    if (it == index_.end()) {
      it = index_.emplace(key, rows_.size()).first;
      MethodResult r;
      r.method = std::string(method);
      r.labels = labels;
      r.precision.resize(num_fractions_);
      rows_.push_back(std::move(r));
    }
    return rows_[it->second];
  }

  void Add(absl::string_view method, int labels, absl::Span<const double> predicted,
           absl::Span<const double> truth, absl::Span<const double> fractions) {
    MethodResult& r = Get(method, labels);
    r.tau.push_back(KendallTauB(predicted, truth));
    for (size_t f = 0; f < fractions.size(); ++f) {
      r.precision[f].push_back(analysis::TopKPrecision(predicted, truth, fractions[f]));
    }
  }

  std::vector<MethodResult> Take() { return std::move(rows_); }

 private:
  int num_fractions_;
  std::map<std::pair<std::string, int>, size_t> index_;
  std::vector<MethodResult> rows_;
};

std::string ProxyMethod(const analysis::RobustnessProxyInfo& info) {
  return absl::StrCat("proxy ", info.name);
}

// The first N at which `rows` of `method` beat `bar` on `metric` (-1: tau,
// f: precision[f]), as text.
std::string Overtakes(const std::vector<MethodResult>& rows, absl::string_view method,
                      const std::vector<int>& sizes, int metric, double bar,
                      absl::string_view bar_name) {
  int first = -1;
  bool stays = true;
  for (int n : sizes) {
    for (const MethodResult& r : rows) {
      if (r.method != method || r.labels != n) continue;
      const double m = Mean(metric < 0 ? r.tau : r.precision[metric]);
      if (m > bar) {
        if (first < 0) first = n;
      } else if (first >= 0) {
        stays = false;
      }
    }
  }
  if (first < 0) {
    return absl::StrFormat("%s never beats %s (%.3f) up to N = %d", method, bar_name, bar,
                           sizes.back());
  }
  return absl::StrFormat("%s beats %s (%.3f) from N = %d%s", method, bar_name, bar, first,
                         stays ? "" : " (not at every larger N)");
}

}  // namespace

std::string DefaultBenchmarkPath(absl::string_view workspace) {
  if (workspace.empty()) return std::string(kDefaultBenchmark);
  return absl::StrCat(workspace, "/", kDefaultBenchmark);
}

absl::StatusOr<DropTarget> ParseDropTarget(absl::string_view name) {
  std::vector<std::string> names;
  for (const Target& t : kTargets) {
    if (name == t.name) return DropTarget{t.name, t.reference, t.degraded};
    names.push_back(t.name);
  }
  return absl::InvalidArgumentError(absl::StrCat("--target: unknown '", name, "' (expected one of ",
                                                 absl::StrJoin(names, ", "), ")"));
}

absl::Status Validate(const ZeroCostOptions& o) {
  RETURN_IF_ERROR(ParseDropTarget(o.target).status());
  if (o.num_seeds < 1) {
    return absl::InvalidArgumentError(absl::StrCat("--seeds: must be >= 1, got ", o.num_seeds));
  }
  if (!(o.test_fraction > 0 && o.test_fraction < 1)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--test_fraction: must be in (0, 1), got ", o.test_fraction));
  }
  if (o.train_sizes.empty()) return absl::InvalidArgumentError("--train_sizes: empty");
  for (int n : o.train_sizes) {
    if (n < 2) {
      return absl::InvalidArgumentError(absl::StrCat("--train_sizes: each must be >= 2, got ", n));
    }
  }
  if (o.top_fractions.empty()) return absl::InvalidArgumentError("--top_fractions: empty");
  for (double f : o.top_fractions) {
    if (!(f > 0 && f <= 1)) {
      return absl::InvalidArgumentError(
          absl::StrCat("--top_fractions: each must be in (0, 1], got ", f));
    }
  }
  if (o.num_threads < 1) {
    return absl::InvalidArgumentError(absl::StrCat("--threads: must be >= 1, got ", o.num_threads));
  }
  return absl::OkStatus();
}

absl::StatusOr<ZeroCostReport> EvaluateZeroCost(const nas::BenchmarkStore& store,
                                                absl::string_view source,
                                                const ZeroCostOptions& o) {
  RETURN_IF_ERROR(Validate(o));
  ASSIGN_OR_RETURN(const DropTarget target, ParseDropTarget(o.target));
  ASSIGN_OR_RETURN(const ClassData data, CollectClasses(store, target));
  const int num_classes = static_cast<int>(data.cells.size());
  if (num_classes < 4) {
    return absl::InvalidArgumentError(
        absl::StrCat(source, ": ", num_classes, " isomorphism classes with ", target.reference,
                     " and ", target.degraded, "; need >= 4 to split into a pool and a test set"));
  }
  ZeroCostReport report;
  report.num_classes = num_classes;
  report.num_test =
      std::clamp(static_cast<int>(std::lround(o.test_fraction * num_classes)), 2, num_classes - 2);
  report.num_pool = num_classes - report.num_test;
  std::vector<int> capped_from;
  for (int n : o.train_sizes) {
    const int c = std::min(n, report.num_pool);
    if (c < n) capped_from.push_back(n);
    if (std::find(report.train_sizes.begin(), report.train_sizes.end(), c) ==
        report.train_sizes.end()) {
      report.train_sizes.push_back(c);
    }
  }
  std::sort(report.train_sizes.begin(), report.train_sizes.end());

  const FeatureRows features = ComputeFeatureRows(data.cells);
  const absl::Span<const analysis::RobustnessProxyInfo> proxies = analysis::RobustnessProxies();
  std::vector<std::vector<double>> proxy_scores;  // [proxy][class]
  for (const analysis::RobustnessProxyInfo& info : proxies) {
    proxy_scores.push_back(analysis::ProxyScores(info.proxy, data.cells));
  }
  nas::search::SurrogateOptions xgb;
  xgb.num_threads = o.num_threads;

  Rows rows(static_cast<int>(o.top_fractions.size()));
  rows.Get("chance", 0);
  for (const auto& info : proxies) rows.Get(ProxyMethod(info), 0);
  for (absl::string_view method : {kSelected, kOneHot, kGraf}) {  // the table's row order
    for (int n : report.train_sizes) rows.Get(method, n);
  }
  std::map<int, std::map<std::string, int>> chosen;  // N -> proxy -> seeds
  for (int s = 0; s < o.num_seeds; ++s) {
    RandomCursor rng(RandomStream(
        StreamKey{.seed = o.seed, .entity = kSplitEntity, .instance = static_cast<uint32_t>(s)}));
    std::vector<int> order(num_classes);
    std::iota(order.begin(), order.end(), 0);
    rng.Shuffle(absl::MakeSpan(order));
    const absl::Span<const int> test = absl::MakeConstSpan(order).subspan(0, report.num_test);
    const absl::Span<const int> pool = absl::MakeConstSpan(order).subspan(report.num_test);
    const std::vector<double> truth = Gather(data.drop, test);

    MethodResult& chance = rows.Get("chance", 0);
    chance.tau.push_back(0);
    for (size_t f = 0; f < o.top_fractions.size(); ++f) {
      chance.precision[f].push_back(
          static_cast<double>(analysis::TopKCount(report.num_test, o.top_fractions[f])) /
          report.num_test);
    }
    for (size_t p = 0; p < proxies.size(); ++p) {
      rows.Add(ProxyMethod(proxies[p]), 0, Gather(proxy_scores[p], test), truth, o.top_fractions);
    }
    for (int n : report.train_sizes) {
      const absl::Span<const int> labelled = pool.subspan(0, n);
      const std::vector<double> labels = Gather(data.drop, labelled);
      // The proxy with the highest tau on the N labelled pool cells (first on ties).
      size_t best = 0;
      double best_tau = -std::numeric_limits<double>::infinity();
      for (size_t p = 0; p < proxies.size(); ++p) {
        const double tau = KendallTauB(Gather(proxy_scores[p], labelled), labels);
        if (tau > best_tau) {
          best = p;
          best_tau = tau;
        }
      }
      ++chosen[n][proxies[best].name];
      rows.Add(kSelected, n, Gather(proxy_scores[best], test), truth, o.top_fractions);
      for (const bool graf : {false, true}) {
        const std::vector<float>& all = graf ? features.graf : features.one_hot;
        const int width = graf ? analysis::kNumGraphFeatures : features.one_hot_width;
        ASSIGN_OR_RETURN(const std::vector<double> predicted,
                         nas::search::FitAndPredictRows(GatherRows(all, width, labelled), labels,
                                                        width, GatherRows(all, width, test), xgb));
        rows.Add(graf ? kGraf : kOneHot, n, predicted, truth, o.top_fractions);
      }
    }
  }
  for (const auto& [n, counts] : chosen) {
    std::vector<std::string> parts;
    for (const auto& [name, count] : counts) parts.push_back(absl::StrCat(name, " x", count));
    rows.Get(kSelected, n).note = absl::StrCat("chose ", absl::StrJoin(parts, ", "));
  }
  report.rows = rows.Take();

  // ---- header ----
  std::string& h = report.header;
  absl::StrAppend(&h, "data: ", source, "\n", ProvenanceLines(store.provenance()));
  absl::StrAppend(&h, "target: ", target.name, ": drop = ", target.reference, " - ",
                  target.degraded, " (percentage points; lower = more robust)\n");
  absl::StrAppend(
      &h, "cells: ", data.covered, " covered, ", data.with_target, " with both metrics; ",
      num_classes,
      " isomorphism classes, evaluated one cell each (the lowest lexicographic index; the "
      "benchmark fans one record out to every member of a class",
      data.disagreeing == 0 ? ", and here every member agrees"
                            : absl::StrCat("; ", data.disagreeing, " members disagree"),
      ")\n");
  absl::StrAppend(&h, "drop over the classes: mean ", absl::StrFormat("%.2f", Mean(data.drop)),
                  ", sd ", absl::StrFormat("%.2f", Sd(data.drop)),
                  ", min / q25 / median / q75 / max ",
                  absl::StrFormat("%.2f / %.2f / %.2f / %.2f / %.2f", Quantile(data.drop, 0),
                                  Quantile(data.drop, 0.25), Quantile(data.drop, 0.5),
                                  Quantile(data.drop, 0.75), Quantile(data.drop, 1)),
                  "; tau-b(drop, ", target.reference,
                  ") = ", absl::StrFormat("%.3f", KendallTauB(data.drop, data.reference)), "\n");
  if (!data.degraded_sd.empty()) {
    absl::StrAppend(&h, "measurement noise: ", target.degraded,
                    "_std (sample sd over the evaluation passes) has median ",
                    absl::StrFormat("%.2f", Quantile(data.degraded_sd, 0.5)), " over ",
                    data.degraded_sd.size(),
                    " classes; the standard error of the mean is that / sqrt(passes; see the "
                    "scale line)\n");
  }
  std::vector<std::string> ks;
  for (double f : o.top_fractions) {
    ks.push_back(absl::StrCat(Percent(f), " = ", analysis::TopKCount(report.num_test, f)));
  }
  absl::StrAppend(
      &h, "split: per seed the classes are shuffled; ", report.num_test, " held-out test classes (",
      Percent(o.test_fraction), "), ", report.num_pool,
      " pool classes; no class is on both sides. Labelled pool cells N = ",
      absl::StrJoin(report.train_sizes, ", "),
      " are the first N of the pool's shuffled order (nested)",
      capped_from.empty()
          ? ""
          : absl::StrCat("; N = ", absl::StrJoin(capped_from, ", "), " capped at the pool size"),
      "\ntop-k: k of the ", report.num_test, " test cells: ", absl::StrJoin(ks, ", "),
      "; precision = |proxy's k lowest ∩ true k lowest| / k, ties at a cut broken at random "
      "(expected value)\n");
  absl::StrAppend(&h, "seeds: ", o.num_seeds, " splits (RandomStream seed ", o.seed, ", entity ",
                  kSplitEntity, ", instance 0..", o.num_seeds - 1,
                  "); table cells are mean ± sample sd over them\n");
  absl::StrAppend(&h, "machine: ", MachineDescription(o.num_threads), "\n");
  absl::StrAppend(&h, "xgboost ", nas::search::XgboostVersion(),
                  ": surrogate.h's hyper-parameters (reg:squarederror, ", xgb.num_trees,
                  " trees, max_depth ", xgb.max_depth, ", eta ", xgb.eta, ", subsample ",
                  xgb.subsample, ", colsample_bytree ", xgb.colsample_bytree, ", seed ",
                  xgb.xgboost_seed,
                  ", exact), fitted on N pool cells, predicting the test cells\n");
  absl::StrAppend(&h, "proxies (score = predicted drop; signs fixed a priori, no fitting):\n");
  std::vector<std::vector<std::string>> proxy_rows = {{"  proxy", "formula", "source"}};
  for (const auto& info : proxies)
    proxy_rows.push_back({"  " + info.name, info.formula, info.source});
  absl::StrAppend(&h, FormatTable(proxy_rows));

  // ---- table ----
  std::vector<std::vector<std::string>> table = {{"method", "labels N", "tau-b"}};
  for (double f : o.top_fractions) table[0].push_back(absl::StrCat("top-", Percent(f)));
  table[0].push_back("note");
  for (const MethodResult& r : report.rows) {
    std::vector<std::string> line = {r.method, r.labels == 0 ? "0" : absl::StrCat(r.labels),
                                     r.method == "chance" ? "0" : MeanSd(r.tau, 3)};
    for (const auto& p : r.precision) line.push_back(MeanSd(p, 3));
    line.push_back(r.note);
    table.push_back(std::move(line));
  }
  std::string& t = report.text;
  absl::StrAppend(
      &t, "\nheld-out test cells, mean ± sd over ", o.num_seeds,
      " seeds (tau-b: predicted vs true drop; top-k: precision for the k most robust):\n",
      FormatTable(table));

  // ---- summary ----
  const int f10 = [&] {
    for (size_t f = 0; f < o.top_fractions.size(); ++f) {
      if (std::abs(o.top_fractions[f] - 0.10) < 1e-9) return static_cast<int>(f);
    }
    return static_cast<int>(o.top_fractions.size()) / 2;
  }();
  absl::StrAppend(&t, "\nsummary:\n");
  for (const int metric : {-1, f10}) {
    const std::string metric_name =
        metric < 0 ? "tau-b" : absl::StrCat("top-", Percent(o.top_fractions[metric]));
    double bar = -std::numeric_limits<double>::infinity();
    std::string bar_proxy;
    for (const auto& info : proxies) {
      for (const MethodResult& r : report.rows) {
        if (r.method != ProxyMethod(info)) continue;
        const double m = Mean(metric < 0 ? r.tau : r.precision[metric]);
        if (m > bar) {
          bar = m;
          bar_proxy = info.name;
        }
      }
    }
    absl::StrAppend(&t, "  ", metric_name,
                    ": best fixed proxy in hindsight (chosen on the test "
                    "sets, an upper bound for a proxy) ",
                    bar_proxy, " ", absl::StrFormat("%.3f", bar), "\n");
    for (absl::string_view method : {kOneHot, kGraf, kSelected}) {
      absl::StrAppend(&t, "    ",
                      Overtakes(report.rows, method, report.train_sizes, metric, bar,
                                absl::StrCat("the best proxy")),
                      "\n");
    }
    // Against the selected proxy at the same N (both use the same N labels).
    for (absl::string_view method : {kOneHot, kGraf}) {
      std::vector<std::string> wins;
      for (int n : report.train_sizes) {
        double sel = NAN, sur = NAN;
        for (const MethodResult& r : report.rows) {
          if (r.labels != n) continue;
          const double m = Mean(metric < 0 ? r.tau : r.precision[metric]);
          if (r.method == kSelected) sel = m;
          if (r.method == method) sur = m;
        }
        wins.push_back(absl::StrFormat("N=%d %s", n, sur > sel ? "surrogate" : "proxy"));
      }
      absl::StrAppend(&t, "    ", method,
                      " vs the selected proxy with the same N labels: ", absl::StrJoin(wins, ", "),
                      "\n");
    }
  }
  return report;
}

absl::StatusOr<std::string> RunZeroCost(absl::string_view benchmark_path,
                                        absl::string_view default_benchmark,
                                        const ZeroCostOptions& options) {
  const absl::Time start = absl::Now();
  RETURN_IF_ERROR(Validate(options));
  if (!FileExists(benchmark_path)) {
    std::string message = absl::StrCat("--benchmark: no file '", benchmark_path, "'");
    if (benchmark_path == default_benchmark) {
      absl::StrAppend(&message, " (the default; regenerate it from the generation's shards with `",
                      kMergeCommand, benchmark_path, "`, or pass --benchmark=FILE)");
    }
    return absl::NotFoundError(message);
  }
  ASSIGN_OR_RETURN(const nas::BenchmarkStore store, nas::BenchmarkStore::Load(benchmark_path));
  ASSIGN_OR_RETURN(const ZeroCostReport report,
                   EvaluateZeroCost(store, absl::StrCat("benchmark ", benchmark_path), options));
  return absl::StrCat(
      "zero-cost robustness proxies vs the XGBoost surrogate (issue 12)\n", report.header,
      report.text,
      absl::StrFormat("took %.1f s (wall clock)\n", absl::ToDoubleSeconds(absl::Now() - start)));
}

}  // namespace aimc::experiments::zero_cost
