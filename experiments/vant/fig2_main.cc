// bazel run //experiments/vant:fig2 -- [--scale=small|quick|test]
//     [--store_dir=DIR] [--data_dir=DIR] [--seed=0] [--threads=1] [--plot=FILE.png|.svg]
// VANT Fig. 2 at small scale: NT models at the 14 test σ (shared with Table
// 1 through the model store) and a clean-trained model; prints the accuracy
// matrix, the matched upper bound and the checks F2a-F2c; writes the figure.
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "common/status_macros.h"
#include "experiments/vant/cli.h"
#include "experiments/vant/fig2.h"

ABSL_FLAG(std::string, plot, "", "figure file (.png or .svg); empty = none");

namespace {

namespace ev = aimc::experiments::vant;
namespace tv = aimc::training::vant;

absl::Status Run() {
  ASSIGN_OR_RETURN(ev::CliRun cli, ev::RunFromFlags());
  ASSIGN_OR_RETURN(const std::vector<tv::TrainedCurve> nt, ev::NtGridCurves(cli.run, cli.data));
  std::fprintf(stderr, "clean\n");
  ASSIGN_OR_RETURN(const tv::AccuracyCurve clean,
                   ev::ModelCurve(cli.run, cli.data, {.noise = {.sigma_train = 0}}));
  ASSIGN_OR_RETURN(const ev::Fig2Result fig, ev::ComputeFig2(nt, clean));
  std::printf("VANT Fig. 2 (paper: ResNet-18 / CIFAR-10, curves only; ours substituted)\n");
  std::printf("scale: %s\n", ev::DescribeScale(cli.run.scale).c_str());
  std::printf("%s\n", ev::DescribeRun(cli.run).c_str());
  std::printf("%s", ev::FormatFig2(fig).c_str());
  const std::string plot = absl::GetFlag(FLAGS_plot);
  if (!plot.empty()) {
    const std::vector<double> shown = {0.1, 0.5, 0.9, 1.3, 1.7, 2.1, 3.0};
    RETURN_IF_ERROR(aimc::analysis::WriteLinePlot(ev::Fig2Plot(fig, shown, cli.run.scale.name), plot));
    std::printf("figure: %s\n", plot.c_str());
  }
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  return aimc::experiments::vant::RunVantMain(
      argc, argv,
      "VANT Fig. 2: NT accuracy vs sigma_test and the matched upper bound.",
      "fig2", &Run);
}
