// Supp. Table 4 of Rasch et al. 2023 at small scale (vant_rasch_spec.md B.4):
// the PCM-HWA-trained models (Supp. Table 2's ours) evaluated under PCM and
// under the ReRAM model at 1 s and 1 d, no fine-tuning.
//   bazel run //experiments/rasch2023:supp_table4_reram -- --scale=quick
#include <cstdio>
#include <vector>

#include "absl/status/status.h"
#include "common/status_macros.h"
#include "experiments/rasch2023/cli.h"
#include "experiments/rasch2023/supp_tables.h"

namespace aimc::experiments::rasch2023 {
namespace {

absl::Status Run() {
  ASSIGN_OR_RETURN(const CliRun cli, RunFromFlags());
  ASSIGN_OR_RETURN(const crossbar::TileConfig pcm, StandardPcmTile());
  ASSIGN_OR_RETURN(const crossbar::TileConfig reram, ReramTile());
  const std::vector<double> times = {1.0, 86400.0};
  std::vector<Table4Net> nets;
  for (RaschNet net : cli.nets) {
    ASSIGN_OR_RETURN(const TrainedModel fp, FpModel(cli.run, cli.data, net));
    Table4Net t{RaschNetName(net), fp.fp_error_pct, {}, {}};
    ASSIGN_OR_RETURN(t.pcm,
                     HwaTrialErrors(cli.run, cli.data, net, {}, {"PCM 1 s/1 d", pcm, times}));
    ASSIGN_OR_RETURN(t.reram,
                     HwaTrialErrors(cli.run, cli.data, net, {}, {"ReRAM 1 s/1 d", reram, times}));
    nets.push_back(std::move(t));
  }
  Report rep = Table4Report(nets);
  rep.choices = {
      "ReRAM = standard IO, ReRAM devices (g_max 40 uS, Wan et al. polynomials at 1 s "
      "and 1 d, 1 % read noise, no drift, no compensation); the very ours-HWA models of Supp. "
      "Table 2; every inference trial a fresh chip"};
  PrintReport(cli,
              "Rasch 2023 Supp. Table 4: PCM-trained HWA models on "
              "ReRAM, test error % (mean ± SEM)",
              rep);
  return absl::OkStatus();
}

}  // namespace
}  // namespace aimc::experiments::rasch2023

int main(int argc, char** argv) {
  return aimc::experiments::rasch2023::RunRaschMain(
      argc, argv, "Rasch 2023 Supp. Table 4 at small scale", "supp_table4_reram",
      aimc::experiments::rasch2023::Run);
}
