// Supp. Fig. 2 of Rasch et al. 2023 at small scale (vant_rasch_spec.md B.4):
// the ours-HWA models with their column-wise output scales compressed to N
// levels per tile, loss of normalised accuracy at 1 d of PCM drift vs the
// floating-point scales, paired (same chips).
//   bazel run //experiments/rasch2023:supp_fig2_scale_compression -- --scale=quick
//   --plot=/tmp/f2.png
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "analysis/plot.h"
#include "common/status_macros.h"
#include "experiments/rasch2023/cli.h"
#include "experiments/rasch2023/supp_tables.h"

ABSL_FLAG(std::string, plot, "", "figure file (.png or .svg); empty = none");

namespace aimc::experiments::rasch2023 {
namespace {

absl::Status Run() {
  ASSIGN_OR_RETURN(const CliRun cli, RunFromFlags());
  ASSIGN_OR_RETURN(crossbar::TileConfig tile, StandardPcmTile());
  // One scale per tile in the mapping, so the per-row conductances keep what
  // the compressed digital scales no longer carry.
  tile.mutable_mapping()->set_output_scale(crossbar::MappingConfig::TILE);
  const std::vector<int> levels = {1, 2, 4, 8, 16, 32};
  std::vector<Fig2Net> nets;
  for (RaschNet net : cli.nets) {
    ASSIGN_OR_RETURN(const TrainedModel fp, FpModel(cli.run, cli.data, net));
    Fig2Net f{RaschNetName(net), fp.fp_error_pct, {}, {}};
    ASSIGN_OR_RETURN(f.reference, HwaTrialErrors(cli.run, cli.data, net, {},
                                                 {"PCM 1 d, FP scales", tile, {86400.0}}));
    for (int n : levels) {
      EvalSetting s{absl::StrCat("PCM 1 d, scales at ", n, " levels"), tile, {86400.0}, n};
      ASSIGN_OR_RETURN(std::vector<DriftErrors> e, HwaTrialErrors(cli.run, cli.data, net, {}, s));
      f.by_level.push_back(std::move(e));
    }
    nets.push_back(std::move(f));
  }
  Report rep = Fig2Report(levels, nets);
  rep.choices = {
      "N in {1, 2, 4, 8, 16, 32} (B.5-12); q_i = a ceil(gamma_i / a), a = max gamma / N "
      "per layer (each layer is one tile here), rows scaled by gamma_i / q_i, tile "
      "mapped with one scale per tile; reference = the learned floating-point scales on "
      "the same chips"};
  PrintReport(cli,
              "Rasch 2023 Supp. Fig. 2: column scales compressed to N levels, dA*^{1d} in pp "
              "(mean ± SEM, paired)",
              rep);
  const std::string plot = absl::GetFlag(FLAGS_plot);
  if (!plot.empty()) {
    analysis::LinePlot p{absl::StrCat("Supp. Fig. 2 (", cli.run.scale.name, " scale)"),
                         "levels N (log2)",
                         "dA* at 1 d [pp]",
                         {}};
    for (const ReportRow& row : rep.rows) {
      analysis::LineSeries s{row.model, {}, {}, false};
      for (size_t j = 0; j < levels.size(); ++j) {
        s.x.push_back(std::log2(levels[j]));
        s.y.push_back(row.cells[j].ours.mean);
      }
      p.series.push_back(std::move(s));
    }
    RETURN_IF_ERROR(analysis::WriteLinePlot(p, plot));
    std::printf("figure: %s\n", plot.c_str());
  }
  return absl::OkStatus();
}

}  // namespace
}  // namespace aimc::experiments::rasch2023

int main(int argc, char** argv) {
  return aimc::experiments::rasch2023::RunRaschMain(
      argc, argv, "Rasch 2023 Supp. Fig. 2 at small scale", "supp_fig2_scale_compression",
      aimc::experiments::rasch2023::Run);
}
