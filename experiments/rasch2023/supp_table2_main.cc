// Supp. Table 2 of Rasch et al. 2023 at small scale (vant_rasch_spec.md B.4):
// FP-mapped vs HWA-trained (ours, [5]-style, three no-weight-noise
// ablations) R20 / L5 under the standard PCM model at 1 s, 1 h, 1 d, 1 y.
//   bazel run //experiments/rasch2023:supp_table2_hwa -- --scale=quick
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
  const EvalSetting setting{"standard PCM", pcm, PaperTimesS()};
  std::vector<Table2Net> nets;
  for (RaschNet net : cli.nets) {
    Table2Net t{RaschNetName(net), {}};
    ASSIGN_OR_RETURN(const TrainedModel fp, FpModel(cli.run, cli.data, net));
    ASSIGN_OR_RETURN(DriftErrors fp_errors, EvaluateOnTile(cli.run, cli.data, fp, setting));
    t.rows[kT2Fp] = {fp_errors};
    const HwaVariant variants[] = {HwaVariant::kJoshiStyle, HwaVariant::kOurs,
                                   HwaVariant::kOnlyOutputNoise, HwaVariant::kOnlyShortTermNoise,
                                   HwaVariant::kNoNoise};
    const int rows[] = {kT2Joshi, kT2Ours, kT2OnlyOut, kT2OnlyShort, kT2NoNoise};
    for (int i = 0; i < 5; ++i) {
      ASSIGN_OR_RETURN(t.rows[rows[i]],
                       HwaTrialErrors(cli.run, cli.data, net, {.variant = variants[i]}, setting));
    }
    nets.push_back(std::move(t));
  }
  Report rep = Table2Report(nets);
  rep.choices = {
      "ablations = HWA without injected weight noise keeping only the output noise / "
      "only PCM_READ / neither (B.4); [5]-style = ADD_NORMAL 3.8 % of max|W|, tile scale, "
      "Gaussian clip 2.5 sd, no remap (their weights are unavailable); FP row = column-wise direct "
      "mapping, input ranges by the 3-sd data rule; IR drop off in training, on in evaluation; "
      "every inference trial a freshly programmed chip; 1 y = 365 d"};
  PrintReport(cli,
              "Rasch 2023 Supp. Table 2: HWA validation, test error % "
              "(mean ± SEM over training x inference trials)",
              rep);
  return absl::OkStatus();
}

}  // namespace
}  // namespace aimc::experiments::rasch2023

int main(int argc, char** argv) {
  return aimc::experiments::rasch2023::RunRaschMain(
      argc, argv, "Rasch 2023 Supp. Table 2 at small scale", "supp_table2_hwa",
      aimc::experiments::rasch2023::Run);
}
