// FormatQpimStagesReport of qpim_stages.h (no LibTorch: report changes recompile in a second).
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "experiments/crossnas/qpim_stages.h"

namespace aimc::experiments::crossnas {
namespace {

std::string Row(const QpimResult& r) {
  return absl::StrFormat("%-44s %8.2f %10.4f %10.4f %10.4f %9.3f", r.qpim, r.accuracy_pct,
                         r.energy_mj, r.latency_ms, r.edp_mj_ms, r.fitness);
}

std::string Secs(absl::Duration d) { return absl::StrFormat("%.1f s", absl::ToDoubleSeconds(d)); }

}  // namespace

std::string FormatQpimStagesReport(const QpimStagesReport& r) {
  std::string out = absl::StrCat(r.stage3_line, "\n", r.stage4_line, "\n", r.store_line, "\n");
  absl::StrAppend(&out, absl::StrFormat("stage 3 on the val split: FP %.2f %%, QAT supernet at 9/9 "
                                        "(software, recalibrated) %.2f %%\n",
                                        r.fp_val_accuracy_pct, r.qat_val_accuracy_pct));
  absl::StrAppend(&out, "stage-4 best FF per cycle: ",
                  absl::StrJoin(r.best_fitness_per_cycle, " ",
                                [](std::string* o, double f) {
                                  absl::StrAppend(o, absl::StrFormat("%.4f", f));
                                }),
                  "\n");
  absl::StrAppend(&out, "stage-4 top-", r.top_k.size(),
                  " (accuracy: PIM simulation on the N_pim val images; cost: full width)\n");
  absl::StrAppend(&out, absl::StrFormat("%-44s %8s %10s %10s %10s %9s\n", "bits X ADC DAC",
                                        "pim_acc_%", "energy_mJ", "lat_ms", "EDP_mJms", "FF"));
  for (const QpimResult& q : r.top_k) absl::StrAppend(&out, Row(q), "\n");
  absl::StrAppend(
      &out,
      absl::StrFormat("final %s %s after the fine-tune, first %d test images: PIM %.2f %%, QAT "
                      "(software) %.2f %%; energy %.4f mJ, latency %.4f ms, EDP %.4f mJ*ms, "
                      "area %.2f mm^2\n",
                      r.genotype, r.best.qpim, r.test_images, r.final_pim_accuracy_pct,
                      r.final_qat_accuracy_pct, r.best.energy_mj, r.best.latency_ms,
                      r.best.edp_mj_ms, r.area_mm2));
  absl::StrAppend(
      &out,
      absl::StrFormat("sanity (spec 9.5 item 7; winner's bits, X 256): ADC 10 b %.2f %% vs QAT "
                      "%.2f %% (gap %.2f); ADC 4 b %.2f %% (drop %.2f); DAC 1 b %.2f %% vs 2 b "
                      "%.2f %%; DAC 2 b vs 1 b energy %.4f vs %.4f mJ, latency %.4f vs %.4f ms\n",
                      r.sanity_adc10_pct, r.final_qat_accuracy_pct,
                      r.sanity_adc10_pct - r.final_qat_accuracy_pct, r.sanity_adc4_pct,
                      r.sanity_adc10_pct - r.sanity_adc4_pct, r.sanity_dac1_pct, r.sanity_adc10_pct,
                      r.sanity_dac2_energy_mj, r.sanity_dac1_energy_mj, r.sanity_dac2_latency_ms,
                      r.sanity_dac1_latency_ms));
  absl::StrAppend(
      &out, absl::StrFormat("time stages 3-4: FP %s (%d epochs now), QAT %s (%d now), "
                            "search %s (%d PIM evaluations now, %d cache hits), fine-tune "
                            "%s (%d now), final %s\n",
                            Secs(r.fp_time), r.fp_epochs_now, Secs(r.qat_time), r.qat_epochs_now,
                            Secs(r.search_time), r.new_pim_evaluations, r.cache_hits,
                            Secs(r.finetune_time), r.finetune_epochs_now, Secs(r.final_time)));
  return out;
}

}  // namespace aimc::experiments::crossnas
