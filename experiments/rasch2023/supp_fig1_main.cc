// bazel run //experiments/rasch2023:supp_fig1_reram -- [--vectors=10000]
//     [--size=512] [--seed=0] [--bins=20] [--t_inference_s=86400]
//     [--input_range=1] [--threads=1] [--format=text|csv] [--plot=PREFIX]
// Rasch et al. 2023 Supp. Fig. 1 A (sigma(x) of the PCM programming polynomial
// and the ReRAM 1 s / 1 d fits) and B (the effective weight error of the
// standard AIMC model with PCM or ReRAM devices after a day, by least
// squares), CHECK F1B. --plot=PREFIX writes PREFIX_a.{png,svg} and
// PREFIX_b.{png,svg}. Crossbar only, no LibTorch.
#include <cstdio>
#include <string>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/status/status.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "analysis/plot.h"
#include "common/status_macros.h"
#include "experiments/rasch2023/supp_fig1.h"
#include "experiments/rasch2023/supp_table1.h"

ABSL_FLAG(int, vectors, 10000, "N input vectors (>= --size)");
ABSL_FLAG(int, size, 512, "W is size x size (1..512)");
ABSL_FLAG(uint64_t, seed, 0, "seed of every random stream");
ABSL_FLAG(int, bins, 20, "bins of W / max|W| over [-1, 1]");
ABSL_FLAG(double, t_inference_s, 86400, "read time after programming, s");
ABSL_FLAG(double, input_range, 1.0, "the tile's static input range r");
ABSL_FLAG(int, threads, 1, "threads of the tile forward");
ABSL_FLAG(std::string, format, "text", "text or csv (long format, vant_rasch_spec.md C)");
ABSL_FLAG(std::string, plot, "", "figure prefix: PREFIX_a/_b .png and .svg; empty = none");

namespace {

namespace er = aimc::experiments::rasch2023;

absl::Status Run() {
  const std::string format = absl::GetFlag(FLAGS_format);
  RETURN_IF_ERROR(er::ValidateFormat(format));
  er::Fig1BOptions o;
  o.vectors = absl::GetFlag(FLAGS_vectors);
  o.size = absl::GetFlag(FLAGS_size);
  o.seed = absl::GetFlag(FLAGS_seed);
  o.num_bins = absl::GetFlag(FLAGS_bins);
  o.t_inference_s = absl::GetFlag(FLAGS_t_inference_s);
  o.input_range = absl::GetFlag(FLAGS_input_range);
  o.num_threads = absl::GetFlag(FLAGS_threads);
  RETURN_IF_ERROR(er::Validate(o));
  const std::string plot = absl::GetFlag(FLAGS_plot);
  if (!plot.empty()) RETURN_IF_ERROR(aimc::analysis::CheckGnuplot());
  const absl::Time start = absl::Now();
  ASSIGN_OR_RETURN(const er::SigmaCurves a, er::ComputeSigmaCurves(er::UnitGrid(10)));
  ASSIGN_OR_RETURN(const er::Fig1BResult b, er::ComputeFig1B(o));
  const er::RunInfo info{.wall_time_s = absl::ToDoubleSeconds(absl::Now() - start),
                         .hardware_threads = std::thread::hardware_concurrency()};
  if (!plot.empty()) {
    for (const char* ext : {".png", ".svg"}) {
      RETURN_IF_ERROR(aimc::analysis::WriteLinePlot(er::Fig1APlot(a), plot + "_a" + ext));
      RETURN_IF_ERROR(aimc::analysis::WriteLinePlot(er::Fig1BPlot(b), plot + "_b" + ext));
    }
    std::fprintf(stderr, "figures: %s_a.{png,svg}, %s_b.{png,svg}\n", plot.c_str(), plot.c_str());
  }
  std::fputs((format == "csv" ? er::FormatFig1Csv(a, b, info) : er::FormatFig1Text(a, b, info))
                 .c_str(),
             stdout);
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Rasch 2023 Supp. Fig. 1 A-B: ReRAM/PCM error polynomials and effective weight error.");
  absl::ParseCommandLine(argc, argv);
  const absl::Status status = Run();
  if (!status.ok()) {
    std::fprintf(stderr, "supp_fig1_reram: %s\n", status.ToString().c_str());
    return 1;
  }
  return 0;
}
