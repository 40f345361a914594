// Supp. B.1 of Rasch et al. 2023 at small scale (vant_rasch_spec.md B.4): the
// ours-HWA models with static learned input ranges vs noise management
// (per-vector abs-max) plus bound management (iterative, per vector) at 1 s.
//   bazel run //experiments/rasch2023:supp_b1_dynamic_scaling -- --scale=quick
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
  ASSIGN_OR_RETURN(const crossbar::TileConfig off, StandardPcmTile());
  crossbar::TileConfig on = off;
  on.mutable_forward()->set_noise_management(crossbar::IoConfig::ABS_MAX);
  on.mutable_forward()->set_bound_management(crossbar::IoConfig::ITERATIVE);
  std::vector<B1Net> nets;
  for (RaschNet net : cli.nets) {
    ASSIGN_OR_RETURN(const TrainedModel fp, FpModel(cli.run, cli.data, net));
    B1Net b{RaschNetName(net), fp.fp_error_pct, {}, {}};
    ASSIGN_OR_RETURN(b.off, HwaTrialErrors(cli.run, cli.data, net, {}, {"PCM 1 s", off, {1.0}}));
    ASSIGN_OR_RETURN(b.on,
                     HwaTrialErrors(cli.run, cli.data, net, {}, {"PCM 1 s, NM+BM", on, {1.0}}));
    nets.push_back(std::move(b));
  }
  Report rep = B1Report(nets);
  rep.choices = {
      "NM = abs-max per input vector, BM = iterative halving per vector (AIMC §6 step "
      "7), both on top of the learned input ranges; same chips for both"};
  PrintReport(cli,
              "Rasch 2023 Supp. B.1: static input ranges vs dynamic "
              "scaling, A*^{1s} in % (mean ± SEM)",
              rep);
  return absl::OkStatus();
}

}  // namespace
}  // namespace aimc::experiments::rasch2023

int main(int argc, char** argv) {
  return aimc::experiments::rasch2023::RunRaschMain(
      argc, argv, "Rasch 2023 Supp. B.1 at small scale", "supp_b1_dynamic_scaling",
      aimc::experiments::rasch2023::Run);
}
