// FormatReport of pipeline.h (no LibTorch: kept apart from pipeline.cc so that
// report changes recompile in a second).
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "experiments/crossnas/pipeline.h"

namespace aimc::experiments::crossnas {
namespace {

// Table 2's CrossNAS rows (crossnas_spec.md §8.2): w, PIM acc %, latency ms, EDP mJ*ms, and
// the energy of Table 3 (mJ).
struct PaperRow {
  double w = 0;
  double accuracy_pct = 0;
  double latency_ms = 0;
  double edp_mj_ms = 0;
  double energy_mj = 0;
};
constexpr PaperRow kPaperRows[] = {{0.99, 91.27, 1.35, 0.28, 0.21},
                                   {0.8, 88.09, 0.577, 0.073, 0.127}};

std::string Row(const ArchResult& r) {
  return absl::StrFormat("%-40s %8.2f %10.4f %10.4f %10.4f %9.3f", r.genotype, r.accuracy_pct,
                         r.energy_mj, r.latency_ms, r.edp_mj_ms, r.fitness);
}

std::string Secs(absl::Duration d) { return absl::StrFormat("%.1f s", absl::ToDoubleSeconds(d)); }

}  // namespace

std::string FormatReport(const PipelineReport& r) {
  std::string out =
      absl::StrCat(r.scale_line, "\n", r.data_line, "\n", r.seed_line, "\n", r.machine_line, "\n",
                   r.store_line, "\n", r.supernet_line, "\n", r.search_line, "\n");
  absl::StrAppend(&out, "best FF per cycle: ",
                  absl::StrJoin(r.best_fitness_per_cycle, " ",
                                [](std::string* o, double f) {
                                  absl::StrAppend(o, absl::StrFormat("%.4f", f));
                                }),
                  "\n");
  absl::StrAppend(&out, "top-", r.top_k.size(),
                  " (accuracy: stage-1 supernet on the held-out val split; cost: full width, "
                  "stage-1 PIM config)\n");
  absl::StrAppend(&out, absl::StrFormat("%-40s %8s %10s %10s %10s %9s\n", "genotype", "acc_%",
                                        "energy_mJ", "lat_ms", "EDP_mJms", "FF"));
  for (const ArchResult& a : r.top_k) absl::StrAppend(&out, Row(a), "\n");
  absl::StrAppend(&out, "best: ", r.best.genotype, " genes ", r.best.genes, ": ",
                  absl::StrFormat("accuracy %.2f %%, energy %.4f mJ, latency %.4f ms, EDP %.4f "
                                  "mJ*ms, FF %.3f",
                                  r.best.accuracy_pct, r.best.energy_mj, r.best.latency_ms,
                                  r.best.edp_mj_ms, r.best.fitness),
                  "\n");
  absl::StrAppend(&out,
                  "paper vs ours (Table 2, CrossNAS rows; paper: PIM accuracy after stages 1-4, "
                  "CIFAR-10 50k, RTX 2080 Ti):\n");
  absl::StrAppend(&out, absl::StrFormat("%-22s %8s %10s %10s %10s\n", "row", "acc_%", "energy_mJ",
                                        "lat_ms", "EDP_mJms"));
  for (const PaperRow& p : kPaperRows) {
    absl::StrAppend(&out, absl::StrFormat("%-22s %8.2f %10.4g %10.4g %10.4g\n",
                                          absl::StrFormat("paper w=%g", p.w), p.accuracy_pct,
                                          p.energy_mj, p.latency_ms, p.edp_mj_ms));
  }
  absl::StrAppend(&out, absl::StrFormat("%-22s %8.2f %10.4g %10.4g %10.4g\n",
                                        absl::StrFormat("ours w=%g stage 2", r.accuracy_weight),
                                        r.best.accuracy_pct, r.best.energy_mj, r.best.latency_ms,
                                        r.best.edp_mj_ms));
  if (r.qpim.has_value()) {
    absl::StrAppend(&out, absl::StrFormat("%-22s %8.2f %10.4g %10.4g %10.4g\n",
                                          absl::StrFormat("ours w=%g stage 4", r.accuracy_weight),
                                          r.qpim->final_pim_accuracy_pct, r.qpim->best.energy_mj,
                                          r.qpim->best.latency_ms, r.qpim->best.edp_mj_ms));
  }
  absl::StrAppend(&out,
                  "note: 'stage 2' is the stage-1 supernet accuracy (inherited weights, BN "
                  "recalibrated) with the full-width cost at the stage-1 PIM config (9/9 bits, "
                  "crossbar 256, ADC 8 b, DAC 2 b); 'stage 4' is the fine-tuned winner's PIM "
                  "accuracy on the test images at tier scale with the full-width cost of its "
                  "bits and PIM config, the paper's kind of row (absolute accuracy is not a "
                  "target at small scale, spec 9.5)\n");
  if (r.qpim.has_value()) absl::StrAppend(&out, FormatQpimStagesReport(*r.qpim));
  // Everything below differs between a run and its resumed rerun.
  absl::StrAppend(
      &out,
      absl::StrFormat("time supernet training: %s (%d epoch(s) trained now%s)\n",
                      Secs(r.supernet_time), r.supernet_epochs_trained_now,
                      r.supernet_resumed ? ", resumed from the store" : ""),
      absl::StrFormat(
          "time search: %s (%d cycle(s) run now, cycle 0 being the initial population; %d "
          "new accuracy evaluations, %d answered by the evaluation cache)\n",
          Secs(r.search_time), r.search_cycles_run_now, r.new_accuracy_evaluations,
          r.disk_cache_hits),
      absl::StrFormat("time data load: %s\n", Secs(r.data_time)),
      absl::StrFormat(
          "time total: %s (search = stage 2 only; total = data + supernet + search + stages "
          "3-4)\n",
          Secs(r.total_time)));
  return out;
}

}  // namespace aimc::experiments::crossnas
