// bazel run //experiments/crossnas:fig5 -- --tier=t0|t1 --data_dir=DIR --store_dir=DIR
// CrossNAS Fig. 5 / Fig. 6 and the §9.5 findings (crossnas_spec.md §8.5-8.6, §9.4-9.5;
// fig5_sweep.h): the search pipeline (stages 1-4) for each w of --ws, resumed from the store
// (the supernet is shared; a finished w costs only its final evaluation), the Table 3
// baselines from the same store, then the sweep table, the CSV, the plot (PNG and SVG), the
// Fig. 6 text and the checks. Rerun to resume; progress on stderr.
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "common/file.h"
#include "common/report_table.h"
#include "common/status_macros.h"
#include "experiments/checks.h"
#include "experiments/crossnas/fig5_sweep.h"
#include "experiments/crossnas/pipeline.h"
#include "experiments/crossnas/table3_baselines.h"

ABSL_FLAG(std::string, tier, "t0", "t0 (smoke) or t1 (small; ~15-30 min per new w, resumable)");
ABSL_FLAG(std::string, ws, "0.99,0.95,0.9,0.85,0.8,0.7", "comma-separated fitness weights w");
ABSL_FLAG(std::string, data, "cifar10",
          "cifar10 (needs --data_dir) or fashion_mnist (the fallback, padded to 1x32x32)");
ABSL_FLAG(std::string, data_dir, "",
          "CIFAR-10 binary directory (e.g. ../shared/data/cifar10_subset)");
ABSL_FLAG(std::string, store_dir, "/tmp/aimc_crossnas_store", "the pipeline's store; resumes");
ABSL_FLAG(std::string, out, "", "output prefix of PREFIX.csv/.png/.svg (default STORE/fig5_TIER)");
ABSL_FLAG(bool, baselines, true, "also run/resume the Table 3 baselines (table3's store files)");
ABSL_FLAG(int, threads, 1, "torch threads");
ABSL_FLAG(uint64_t, seed, 0, "seed of the split, weights, order and searches");

namespace {

namespace cn = aimc::experiments::crossnas;

absl::Status Run() {
  ASSIGN_OR_RETURN(cn::PipelineConfig base, cn::TierPipelineConfig(absl::GetFlag(FLAGS_tier)));
  base.data = absl::GetFlag(FLAGS_data);
  base.data_dir = absl::GetFlag(FLAGS_data_dir);
  base.store_dir = absl::GetFlag(FLAGS_store_dir);
  base.seed = absl::GetFlag(FLAGS_seed);
  base.num_threads = absl::GetFlag(FLAGS_threads);
  base.stages = 4;
  std::vector<double> ws;
  for (absl::string_view t : absl::StrSplit(absl::GetFlag(FLAGS_ws), ',', absl::SkipEmpty())) {
    double w = 0;
    if (!absl::SimpleAtod(t, &w) || !(w >= 0 && w <= 1)) {
      return absl::InvalidArgumentError(absl::StrCat("--ws: '", t, "' is not a w in [0, 1]"));
    }
    ws.push_back(w);
  }
  if (ws.empty()) return absl::InvalidArgumentError("--ws: no w given");
  ASSIGN_OR_RETURN(cn::PipelineData data, cn::LoadPipelineData(base));

  std::vector<cn::SweepPoint> points;
  std::string lines;
  for (double w : ws) {
    cn::PipelineConfig config = base;
    config.accuracy_weight = w;
    if (config.log != nullptr) std::fprintf(config.log, "=== w = %g ===\n", w);
    ASSIGN_OR_RETURN(cn::PipelineReport r, cn::RunArchStagesOnData(config, data));
    if (lines.empty()) {
      lines = absl::StrCat(r.scale_line, "\n", r.data_line, "\n", r.seed_line, "\n", r.machine_line,
                           "\n", r.supernet_line, "\n");
    }
    const cn::QpimStagesReport& q = *r.qpim;
    cn::SweepPoint p{.w = w,
                     .architecture = q.genotype,
                     .qpim = q.best.qpim,
                     .accuracy_pct = q.final_pim_accuracy_pct,
                     .energy_mj = q.best.energy_mj,
                     .latency_ms = q.best.latency_ms,
                     .edp_mj_ms = q.best.edp_mj_ms,
                     .area_mm2 = q.area_mm2,
                     .stage2_accuracy_pct = r.best.accuracy_pct,
                     .qat_accuracy_pct = q.final_qat_accuracy_pct,
                     .adc10_pct = q.sanity_adc10_pct,
                     .adc4_pct = q.sanity_adc4_pct,
                     .dac1_pct = q.sanity_dac1_pct,
                     .dac2_energy_mj = q.sanity_dac2_energy_mj,
                     .dac1_energy_mj = q.sanity_dac1_energy_mj,
                     .dac2_latency_ms = q.sanity_dac2_latency_ms,
                     .dac1_latency_ms = q.sanity_dac1_latency_ms};
    for (const cn::QpimResult& t : q.top_k) p.top_k_qpim.push_back(t.qpim);
    points.push_back(p);
  }
  std::vector<cn::BaselineRow> baselines;
  std::string baseline_text;
  if (absl::GetFlag(FLAGS_baselines)) {
    cn::BaselineConfig bc = base.tier == "t1" ? cn::T1BaselineConfig() : cn::T0BaselineConfig();
    cn::BaselineInput in;
    in.tier = base.tier;
    in.store_dir = base.store_dir;
    in.data_description = data.description;
    in.train = &*data.train;
    in.test = &*data.test;
    in.seed = base.seed;
    in.num_threads = base.num_threads;
    ASSIGN_OR_RETURN(cn::BaselineReport br, cn::RunTable3Baselines(bc, in));
    baselines = br.rows;
    baseline_text = cn::FormatBaselineReport(br);
  }

  std::printf("%s", lines.c_str());
  std::printf(
      "sweep (accuracy: final PIM accuracy on the test images at tier scale; cost: full "
      "width at the winner's bits and PIM config):\n");
  std::printf("%-5s %-44s %-34s %7s %9s %9s %9s %9s %7s\n", "w", "architecture", "bits;X;ADC;DAC",
              "PIM_%", "E_mJ", "L_ms", "EDP", "area_mm2", "st2_%");
  for (const cn::SweepPoint& p : points) {
    std::printf("%-5g %-44s %-34s %7.2f %9.4f %9.4f %9.4f %9.2f %7.2f\n", p.w,
                p.architecture.c_str(), p.qpim.c_str(), p.accuracy_pct, p.energy_mj, p.latency_ms,
                p.edp_mj_ms, p.area_mm2, p.stage2_accuracy_pct);
  }
  std::printf(
      "paper (Table 2): w 0.99 91.27 %% EDP 0.28; w 0.8 88.09 %% EDP 0.073 (CIFAR-10 50k)\n");
  if (!baseline_text.empty())
    std::printf("Table 3 baselines, same split and store:\n%s", baseline_text.c_str());
  std::printf("%s", cn::Fig6Text(points).c_str());
  std::printf("%s", aimc::experiments::FormatChecks(cn::SweepChecks(points, baselines)).c_str());
  std::string out = absl::GetFlag(FLAGS_out);
  if (out.empty()) out = absl::StrCat(base.store_dir, "/fig5_", base.tier);
  ASSIGN_OR_RETURN(const std::string csv, cn::SweepCsv(points));
  RETURN_IF_ERROR(aimc::WriteFileAtomically(out + ".csv", csv));
  const std::string note =
      absl::StrFormat("tier %s, %s, seed %d", base.tier, data.train->name(), base.seed);
  for (const char* ext : {".png", ".svg"}) {
    RETURN_IF_ERROR(cn::WriteFig5Plot(points, baselines, out + ext, note));
  }
  std::printf("wrote %s.csv, %s.png, %s.svg\n", out.c_str(), out.c_str(), out.c_str());
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  return aimc::experiments::RunExperimentMain(
      argc, argv,
      "CrossNAS Fig. 5 w sweep (stages 1-4 per w), Fig. 6 text, spec 9.5 checks, CSV + plot.\n"
      "  fig5 --tier=t0|t1 --data_dir=DIR --store_dir=DIR [--ws=0.99,0.8] [--out=PREFIX]",
      "fig5", "(rerun the same command to resume from the store)", Run);
}
