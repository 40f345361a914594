// bazel run //experiments/vant:fig4 -- [--scale=small|quick|test]
//     [--store_dir=DIR] [--data_dir=DIR] [--seed=0] [--threads=1] [--plot=FILE.png|.svg]
// VANT Fig. 4 at small scale: VANT at σ_train = 1.0 with θ swept (α = 0.45)
// and α swept (θ = 0.45) against NT(1.0); rAUC against the matched upper
// bound (the 14 NT models of the store), PA, peak and accuracy at σ 1.0, the
// checks F4a-F4c; panel (a) to FILE, panel (b) to FILE with "_b" before the
// extension.
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "common/status_macros.h"
#include "experiments/vant/cli.h"
#include "experiments/vant/fig4.h"

ABSL_FLAG(std::string, plot, "", "figure file (.png or .svg) of panel (a); empty = none");

namespace {

namespace ev = aimc::experiments::vant;
namespace tv = aimc::training::vant;

std::string PanelB(const std::string& path) {
  const size_t dot = path.rfind('.');
  return dot == std::string::npos ? path + "_b" : path.substr(0, dot) + "_b" + path.substr(dot);
}

absl::Status Run() {
  ASSIGN_OR_RETURN(ev::CliRun cli, ev::RunFromFlags());
  const int total = static_cast<int>(1 + ev::Fig4Thetas().size() + ev::Fig4Alphas().size());
  int done = 0;
  ASSIGN_OR_RETURN(const std::vector<tv::TrainedCurve> nt, ev::NtGridCurves(cli.run, cli.data));
  std::fprintf(stderr, "[%d/%d] NT sigma_train 1.0\n", ++done, total);
  ASSIGN_OR_RETURN(const tv::AccuracyCurve nt_1,
                   ev::ModelCurve(cli.run, cli.data, {.noise = {.sigma_train = ev::kFig4SigmaTrain}}));
  auto vant = [&](double alpha, double theta) -> absl::StatusOr<ev::Fig4Setting> {
    std::fprintf(stderr, "[%d/%d] VANT alpha %.2f theta %.2f\n", ++done, total, alpha, theta);
    ASSIGN_OR_RETURN(tv::AccuracyCurve c,
                     ev::ModelCurve(cli.run, cli.data,
                                    {.per_image = true,
                                     .noise = {.sigma_train = ev::kFig4SigmaTrain,
                                               .alpha = alpha,
                                               .theta = theta}}));
    return ev::Fig4Setting{alpha, theta, std::move(c)};
  };
  std::vector<ev::Fig4Setting> thetas, alphas;
  for (double theta : ev::Fig4Thetas()) {
    ASSIGN_OR_RETURN(ev::Fig4Setting s, vant(0.45, theta));
    thetas.push_back(std::move(s));
  }
  for (double alpha : ev::Fig4Alphas()) {
    ASSIGN_OR_RETURN(ev::Fig4Setting s, vant(alpha, 0.45));
    alphas.push_back(std::move(s));
  }
  ASSIGN_OR_RETURN(const ev::Fig4Result fig, ev::ComputeFig4(nt, nt_1, thetas, alphas));
  std::printf("VANT Fig. 4 (paper: ResNet-18 / CIFAR-10, curves only; ours substituted)\n");
  std::printf("scale: %s\n", ev::DescribeScale(cli.run.scale).c_str());
  std::printf("%s\n", ev::DescribeRun(cli.run).c_str());
  std::printf("choices: sigma_train 1.0; sweeps theta {0.05..0.85} at alpha 0.45, alpha {0.05..0.65} "
              "at theta 0.45 (A.4); PA and accuracy at sigma_test 1.0 linear between 0.9 and 1.1\n");
  std::printf("%s", ev::FormatFig4(fig).c_str());
  const std::string plot = absl::GetFlag(FLAGS_plot);
  if (!plot.empty()) {
    RETURN_IF_ERROR(aimc::analysis::WriteLinePlot(
        ev::Fig4Plot(nt_1, thetas, /*theta_panel=*/true, cli.run.scale.name), plot));
    RETURN_IF_ERROR(aimc::analysis::WriteLinePlot(
        ev::Fig4Plot(nt_1, alphas, /*theta_panel=*/false, cli.run.scale.name), PanelB(plot)));
    std::printf("figures: %s, %s\n", plot.c_str(), PanelB(plot).c_str());
  }
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  return aimc::experiments::vant::RunVantMain(
      argc, argv,
      "VANT Fig. 4: theta and alpha one at a time vs NT at sigma 1.0.",
      "fig4", &Run);
}
