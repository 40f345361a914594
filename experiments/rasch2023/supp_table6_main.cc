// Supp. Table 6 of Rasch et al. 2023 at small scale (vant_rasch_spec.md B.4):
// the FP models mapped directly with one scale per tile vs one per column,
// standard PCM model at 1 s, 1 h, 1 d, 1 y.
//   bazel run //experiments/rasch2023:supp_table6_tilewise -- --scale=quick
#include <cstdio>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "common/status_macros.h"
#include "experiments/rasch2023/cli.h"
#include "experiments/rasch2023/supp_tables.h"

namespace aimc::experiments::rasch2023 {
namespace {

absl::Status Run() {
  ASSIGN_OR_RETURN(const CliRun cli, RunFromFlags());
  ASSIGN_OR_RETURN(const crossbar::TileConfig column, StandardPcmTile());
  crossbar::TileConfig tile = column;
  tile.mutable_mapping()->set_output_scale(crossbar::MappingConfig::TILE);
  std::vector<Table6Net> nets;
  for (RaschNet net : cli.nets) {
    ASSIGN_OR_RETURN(const TrainedModel fp, FpModel(cli.run, cli.data, net));
    Table6Net t{RaschNetName(net), fp.fp_error_pct, {}, {}};
    ASSIGN_OR_RETURN(t.tile,
                     EvaluateOnTile(cli.run, cli.data, fp,
                                    {"standard PCM, tile-wise scale", tile, PaperTimesS()}));
    ASSIGN_OR_RETURN(
        t.column, EvaluateOnTile(cli.run, cli.data, fp, {"standard PCM", column, PaperTimesS()}));
    nets.push_back(std::move(t));
  }
  Report rep = Table6Report(nets);
  std::string fp_errors = "FP errors:";
  for (const Table6Net& n : nets)
    absl::StrAppendFormat(&fp_errors, " %s %.2f %%", n.net, n.fp_error_pct);
  rep.choices = {
      "no retraining; tile-wise gamma = max|W| per 512x512 tile, column-wise gamma_i = "
      "max|w_i| per output; input ranges by the 3-sd data rule (not learned); every "
      "inference trial a fresh chip",
      fp_errors};
  PrintReport(cli,
              "Rasch 2023 Supp. Table 6: FP models mapped directly, test error % (mean ± SEM "
              "over inference trials)",
              rep);
  return absl::OkStatus();
}

}  // namespace
}  // namespace aimc::experiments::rasch2023

int main(int argc, char** argv) {
  return aimc::experiments::rasch2023::RunRaschMain(
      argc, argv, "Rasch 2023 Supp. Table 6 at small scale", "supp_table6_tilewise",
      aimc::experiments::rasch2023::Run);
}
