#include "nas/query_lib.h"

#include <cmath>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/status_macros.h"
#include "nas/cell.h"
#include "nas/cell_graph.h"

namespace aimc::nas {
namespace {

std::string Number(double value) { return absl::StrFormat("%.10g", value); }

void Line(std::string* out, absl::string_view name, absl::string_view value) {
  absl::StrAppendFormat(out, "  %-22s %s\n", name, value);
}

// Stored metrics; a drift mean and its `_std` share one line ("mean ± std").
void AppendMetrics(const BenchmarkStore& store, const Cell& cell, std::string* out) {
  absl::Span<const std::string> names = MetricNames();
  int shown = 0;
  for (int i = 0; i < kNumMetrics; ++i) {
    const MetricId id{i};
    if (absl::EndsWith(names[i], "_std")) continue;
    const double value = store.Value(cell, id);
    std::string text = std::isnan(value) ? "-" : Number(value);
    if (i + 1 < kNumMetrics && names[i + 1] == absl::StrCat(names[i], "_std")) {
      const double sd = store.Value(cell, MetricId{i + 1});
      if (!std::isnan(sd)) absl::StrAppend(&text, " ± ", Number(sd));
      if (std::isnan(value) && std::isnan(sd)) continue;
    } else if (std::isnan(value)) {
      continue;
    }
    if (IsDerivedMetric(id)) absl::StrAppend(&text, "  (derived)");
    Line(out, names[i], text);
    ++shown;
  }
  if (shown == 0) Line(out, "(none stored)", "");
}

}  // namespace

std::string FormatProvenance(const Provenance& p) {
  std::string out;
  auto field = [&](absl::string_view name, bool has, const std::string& value) {
    if (has) Line(&out, name, value);
  };
  field("dataset", p.has_dataset(), p.dataset());
  field("scale", p.has_scale(), p.scale());
  field("seeds", p.seeds_size() > 0, absl::StrJoin(p.seeds(), ","));
  field("seeds_note", p.has_seeds_note(), p.seeds_note());
  field("simulator_preset", p.has_simulator_preset(), p.simulator_preset());
  field("date", p.has_date(), p.date());
  field("code_version", p.has_code_version(), p.code_version());
  field("source", p.has_source(), p.source());
  return out;
}

absl::StatusOr<std::string> DescribeArch(const BenchmarkStore& store, absl::string_view arch) {
  ASSIGN_OR_RETURN(const Cell cell, store.FindArch(arch));
  const ArchEntry& entry = *store.Find(cell);
  std::string out = "architecture\n";
  Line(&out, "arch", cell.ToString());
  Line(&out, "tuple", cell.ToTupleString());
  Line(&out, "index", absl::StrCat(cell.LexIndex(), " (lexicographic)"));
  Line(&out, "nb201_index", entry.arch_index >= 0 ? absl::StrCat(entry.arch_index) : "-");
  absl::StrAppend(&out, "graph\n");
  Line(&out, "disconnected", IsDisconnected(cell) ? "yes (output identically zero)" : "no");
  Line(&out, "pruned",
       IsPruned(cell)
           ? "yes (no dead branch)"
           : absl::StrCat("no (pruned form ", PruneZeroBranches(cell).ToTupleString(), ")"));
  Line(&out, "isomorphism_key", IsomorphismKey(cell));
  Line(&out, "params_formula",
       absl::StrCat(ParamCount(cell), " (nas_spec.md 1.5, C=16 N=5 K=10: 73306 + 243040 n3 + ",
                    "28000 n1, n3=", cell.CountOp(Op::kNorConv3x3),
                    " n1=", cell.CountOp(Op::kNorConv1x1), ")"));
  absl::StrAppend(&out, "metrics (accuracy %; drift mean ± std; params, flops counts)\n");
  AppendMetrics(store, cell, &out);
  absl::StrAppend(&out, "benchmark\n");
  Line(&out, "records", absl::StrCat(store.size()));
  absl::StrAppend(&out, FormatProvenance(store.provenance()));
  return out;
}

absl::StatusOr<std::string> QueryMetric(const BenchmarkStore& store, absl::string_view arch,
                                        absl::string_view metric) {
  ASSIGN_OR_RETURN(const MetricId id, ResolveMetric(metric));
  ASSIGN_OR_RETURN(const Cell cell, store.FindArch(arch));
  ASSIGN_OR_RETURN(const double value, store.Metric(cell, id));
  return absl::StrCat(Number(value), "\n");
}

absl::StatusOr<std::string> RunQuery(const QueryOptions& options) {
  ASSIGN_OR_RETURN(const BenchmarkStore store, BenchmarkStore::Load(options.benchmark_path));
  if (options.metric.empty()) return DescribeArch(store, options.arch);
  return QueryMetric(store, options.arch, options.metric);
}

}  // namespace aimc::nas
