// bazel run //experiments/vant:fig5 (or :fig6) -- [--scale=small|quick|test]
//     [--store_dir=DIR] [--data_dir=DIR] [--seed=0] [--threads=1] [--plot=FILE.png|.svg]
// VANT Fig. 5 (α x θ at σ_train 0.4) or Fig. 6 (σ_train x θ at α 0.45): the
// rAUC and PA heatmaps, the selection rule's cell(s), the checks; rAUC to
// FILE, PA to FILE with "_pa" before the extension. The figure is compiled
// in (VANT_FIGURE, BUILD).
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "experiments/vant/cli.h"
#include "experiments/vant/heatmaps.h"

#ifndef VANT_FIGURE
#error "VANT_FIGURE must be 5 or 6"
#endif

ABSL_FLAG(std::string, plot, "", "figure file (.png or .svg) of the rAUC heatmap; empty = none");

namespace {

namespace ev = aimc::experiments::vant;
namespace tv = aimc::training::vant;

std::string WithSuffix(const std::string& path, const std::string& suffix) {
  const size_t dot = path.rfind('.');
  return dot == std::string::npos ? path + suffix : path.substr(0, dot) + suffix + path.substr(dot);
}

absl::Status Run() {
  ASSIGN_OR_RETURN(ev::CliRun cli, ev::RunFromFlags());
  ASSIGN_OR_RETURN(const std::vector<tv::TrainedCurve> nt, ev::NtGridCurves(cli.run, cli.data));
  std::vector<ev::GridModel> models;
  auto vant = [&](double sigma, double alpha, double theta) -> absl::Status {
    std::fprintf(stderr, "VANT sigma_train %.1f alpha %.2f theta %.2f\n", sigma, alpha, theta);
    ASSIGN_OR_RETURN(tv::AccuracyCurve c,
                     ev::ModelCurve(cli.run, cli.data,
                                    {.per_image = true,
                                     .noise = {.sigma_train = sigma, .alpha = alpha, .theta = theta}}));
    models.push_back({sigma, alpha, theta, std::move(c)});
    return absl::OkStatus();
  };
  std::string text;
  aimc::analysis::Heatmap rauc_map, pa_map;
#if VANT_FIGURE == 5
  std::fprintf(stderr, "NT sigma_train %.1f\n", ev::kFig5SigmaTrain);
  ASSIGN_OR_RETURN(const tv::AccuracyCurve nt_04,
                   ev::ModelCurve(cli.run, cli.data, {.noise = {.sigma_train = ev::kFig5SigmaTrain}}));
  for (double a : ev::Fig5Alphas()) {
    for (double t : ev::Fig5Thetas()) RETURN_IF_ERROR(vant(ev::kFig5SigmaTrain, a, t));
  }
  ASSIGN_OR_RETURN(const ev::Fig5Result fig, ev::ComputeFig5(nt, nt_04, models));
  text = absl::StrCat("VANT Fig. 5: rAUC and PA over (alpha, theta) at sigma_train 0.4 (paper: "
                      "ResNet-18 / CIFAR-10, no cell values printed; ours substituted)\n",
                      "choices: grid alpha {0.05, 0.25, 0.45, 0.65} x theta {0.05, 0.15, 0.25, 0.45, "
                      "0.65} (A.4); PA at sigma_test 0.4 linear between 0.3 and 0.5\n");
  absl::StrAppend(&text, ev::FormatFig5(fig));
  rauc_map = ev::GridHeatmap(fig.grid, true, "VANT Fig. 5: rAUC (%), sigma_train 0.4");
  pa_map = ev::GridHeatmap(fig.grid, false, "VANT Fig. 5: preserved accuracy (pp), sigma_train 0.4");
#else
  for (double s : ev::Fig6SigmaTrains()) {
    for (double t : ev::Fig6Thetas()) RETURN_IF_ERROR(vant(s, ev::kFig6Alpha, t));
  }
  ASSIGN_OR_RETURN(const ev::Fig6Result fig, ev::ComputeFig6(nt, models));
  text = absl::StrCat("VANT Fig. 6: rAUC and PA over (sigma_train, theta) at alpha 0.45 (paper: "
                      "ResNet-18 / CIFAR-10; ours substituted)\n",
                      "choices: grid sigma_train {0.1, 0.5, ..., 2.1} x theta {0.05, 0.25, ..., 0.85} "
                      "(A.4); selection PA >= -0.5 pp, max rAUC; NT shown as the last column\n");
  absl::StrAppend(&text, ev::FormatFig6(fig));
  rauc_map = ev::GridHeatmap(fig.grid, true, "VANT Fig. 6: rAUC (%), alpha 0.45", fig.nt_rauc_pct, "NT");
  pa_map = ev::GridHeatmap(fig.grid, false, "VANT Fig. 6: preserved accuracy (pp), alpha 0.45");
#endif
  std::printf("scale: %s\n%s\n%s", ev::DescribeScale(cli.run.scale).c_str(),
              ev::DescribeRun(cli.run).c_str(), text.c_str());
  const std::string plot = absl::GetFlag(FLAGS_plot);
  if (!plot.empty()) {
    RETURN_IF_ERROR(aimc::analysis::WriteHeatmap(rauc_map, plot));
    RETURN_IF_ERROR(aimc::analysis::WriteHeatmap(pa_map, WithSuffix(plot, "_pa")));
    std::printf("figures: %s, %s\n", plot.c_str(), WithSuffix(plot, "_pa").c_str());
  }
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  return aimc::experiments::vant::RunVantMain(
      argc, argv,
      "VANT Figs. 5/6: rAUC and PA heatmaps over VANT's settings.",
      VANT_FIGURE == 5 ? "fig5" : "fig6", &Run);
}
