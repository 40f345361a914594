// Supp. Table 5 and Supp. Fig. 1 C-F of Rasch et al. 2023 at small scale
// (vant_rasch_spec.md B.4): HWA training with injected noise of type C
// (constant), P (PCM programming) or R (ReRAM programming) over a range of
// strengths, each model evaluated at 1 d on ReRAM and on PCM; the best
// strength per type and evaluation gives the Table 5 row.
//   bazel run //experiments/rasch2023:supp_table5_injection -- --scale=quick --nets=l5
//     --plot=/tmp/fig1cf.png   (one command line)
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "analysis/plot.h"
#include "common/status_macros.h"
#include "experiments/rasch2023/cli.h"
#include "experiments/rasch2023/supp_tables.h"

ABSL_FLAG(std::string, strengths, "",
          "comma-separated injection strengths; default 1,2,3,4,5 (scale small), 1,3,5 (else)");
ABSL_FLAG(std::string, plot, "", "Fig. 1 C-F figure file (.png or .svg); empty = none");

namespace aimc::experiments::rasch2023 {
namespace {

absl::StatusOr<std::vector<double>> Strengths(const std::string& scale) {
  std::string text = absl::GetFlag(FLAGS_strengths);
  if (text.empty()) text = scale == "small" ? "1,2,3,4,5" : "1,3,5";
  std::vector<double> s;
  for (absl::string_view f : absl::StrSplit(text, ',', absl::SkipEmpty())) {
    double v;
    if (!absl::SimpleAtod(f, &v) || !(v > 0) || v > 100) {
      return absl::InvalidArgumentError(
          absl::StrCat("--strengths: \"", f, "\" is not a number in (0, 100]"));
    }
    s.push_back(v);
  }
  if (s.empty()) return absl::InvalidArgumentError("--strengths: empty");
  return s;
}

absl::Status Run() {
  ASSIGN_OR_RETURN(const CliRun cli, RunFromFlags());
  ASSIGN_OR_RETURN(const std::vector<double> strengths, Strengths(cli.run.scale.name));
  ASSIGN_OR_RETURN(const crossbar::TileConfig pcm, StandardPcmTile());
  ASSIGN_OR_RETURN(const crossbar::TileConfig reram, ReramTile());
  const EvalSetting settings[kT5Evals] = {{"ReRAM 1 d", reram, {86400.0}},
                                          {"PCM 1 d", pcm, {86400.0}}};
  const HwaInjection types[kT5Types] = {HwaInjection::kC, HwaInjection::kP, HwaInjection::kR};
  std::vector<Table5Net> nets;
  for (RaschNet net : cli.nets) {
    ASSIGN_OR_RETURN(const TrainedModel fp, FpModel(cli.run, cli.data, net));
    Table5Net t{RaschNetName(net), fp.fp_error_pct, strengths, {}};
    for (int k = 0; k < kT5Types; ++k) {
      for (double s : strengths) {
        const HwaSpec spec{.noise_scale = s, .injection = types[k]};
        for (int e = 0; e < kT5Evals; ++e) {
          ASSIGN_OR_RETURN(std::vector<DriftErrors> errors,
                           HwaTrialErrors(cli.run, cli.data, net, spec, settings[e]));
          t.errors[k][e].push_back(std::move(errors));
        }
      }
    }
    nets.push_back(std::move(t));
  }
  Report curves = Fig1CurvesReport(nets);
  curves.choices = {
      "all three resampled per batch relative to the tile's max|W|, weights clipped to +-max|W|, "
      "zero weights untouched, sign kept; P = s x PCM programming sigma / 25 uS (no 1/f term); R "
      "= s x ReRAM 1 s sigma / 40 uS; C = s x 3.42 % (P's mean); otherwise the ours-HWA recipe",
      "selection per (type, evaluation) by lowest mean 1 d error"};
  PrintReport(cli, "Rasch 2023 Supp. Fig. 1 C-F: test error % at 1 d vs injection strength",
              curves);
  PrintReport(cli, "Rasch 2023 Supp. Table 5: best strength per type, test error % at 1 d",
              Table5Report(nets));
  const std::string plot = absl::GetFlag(FLAGS_plot);
  if (!plot.empty()) {
    analysis::LinePlot p{absl::StrCat("Supp. Fig. 1 C-F (", cli.run.scale.name, " scale)"),
                         "injection strength s",
                         "test error at 1 d [%]",
                         {}};
    for (const ReportRow& row : curves.rows) {
      analysis::LineSeries s{absl::StrCat(row.model, " ", row.row),
                             strengths,
                             {},
                             row.row.find("PCM") != std::string::npos};
      for (const ReportCell& c : row.cells) s.y.push_back(c.ours.mean);
      p.series.push_back(std::move(s));
    }
    RETURN_IF_ERROR(analysis::WriteLinePlot(p, plot));
    std::printf("figure: %s (dashed: PCM evaluation)\n", plot.c_str());
  }
  return absl::OkStatus();
}

}  // namespace
}  // namespace aimc::experiments::rasch2023

int main(int argc, char** argv) {
  return aimc::experiments::rasch2023::RunRaschMain(
      argc, argv, "Rasch 2023 Supp. Table 5 and Fig. 1 C-F at small scale", "supp_table5_injection",
      aimc::experiments::rasch2023::Run);
}
