// Rasch et al. 2023 Supp. Fig. 1 A-B (vant_rasch_spec.md B.1, B.4), crossbar
// only (no LibTorch).
// A: the programming-error std sigma(x) of the PCM model (aimc_model.md §2)
//    and of the ReRAM fits at 1 s and 1 day (§7), x = g_target / g_max, in %
//    of g_max, from the device models built from the tile presets.
// B: the effective weight error of the full standard AIMC model (PCM or
//    ReRAM devices) at t_inference: W (n x n standard normal) on one tile,
//    programmed, drifted, read through the analog forward with N inputs
//    uniform in [-1, 1]; W_hat = argmin ||X^T W_hat^T - Y^T|| by least squares
//    (normal equations, LDLT, double); (W_hat - W) / max|W| binned by
//    W / max|W| into equal bins over [-1, 1]. Check F1B: mean over bins of the
//    std is larger for ReRAM than for PCM.
// Errors: InvalidArgument for bad options, NotFound for unknown presets.
// Thread-compatible (pure functions over their arguments).
#ifndef AIMC_EXPERIMENTS_RASCH2023_SUPP_FIG1_H_
#define AIMC_EXPERIMENTS_RASCH2023_SUPP_FIG1_H_

#include <cstdint>
#include <string>
#include <vector>

#include "Eigen/Core"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "analysis/plot.h"
#include "crossbar/tile_config.pb.h"
#include "experiments/rasch2023/supp_table1.h"

namespace aimc::experiments::rasch2023 {

// ---- A -----------------------------------------------------------------
struct SigmaCurves {
  std::vector<double> x;             // g_target / g_max
  std::vector<double> pcm_prog_pct;  // sigma_p(x) / g_max * 100 (g_max of the PCM preset)
  std::vector<double> reram_1s_pct;  // sigma(x, 1 s) / g_max * 100
  std::vector<double> reram_1d_pct;  // sigma(x, 86400 s) / g_max * 100
  double pcm_g_max_us = 0, reram_g_max_us = 0;
};

// The grid 0, 1/steps, ..., 1 (steps + 1 points). REQUIRES: steps >= 1.
std::vector<double> UnitGrid(int steps);

// sigma(x) of the PCM device of `pcm_preset` and the ReRAM device of
// `reram_preset` (tile preset names or paths). InvalidArgument if a preset's
// device is not of that kind, or an x outside [0, 1].
absl::StatusOr<SigmaCurves> ComputeSigmaCurves(
    const std::vector<double>& x, absl::string_view pcm_preset = "rasch2023_standard_pcm",
    absl::string_view reram_preset = "rasch2023_reram");

// ---- B -----------------------------------------------------------------
struct Fig1BOptions {
  int size = 512;          // W is size x size (one 512 x 512 tile at most)
  int vectors = 10000;     // N input vectors; >= size for the least squares
  uint64_t seed = 0;       // every stream: W, X, the tile's devices and noise
  int num_bins = 20;       // bins of W / max|W| over [-1, 1]
  double t_inference_s = 86400;  // read time after programming
  // The tile's static input range r. Choice: 1 (the inputs' range; the
  // preset's init 3.0 would leave 2/3 of the DAC unused).
  double input_range = 1.0;
  int num_threads = 1;
  std::string pcm_preset = "rasch2023_standard_pcm";
  std::string reram_preset = "rasch2023_reram";
};
absl::Status Validate(const Fig1BOptions& options);

// W_hat (out x in) minimising ||W_hat X - Y||_F for X (in x N), Y (out x N):
// W_hat^T = (X X^T)^-1 X Y^T, solved by LDLT in double. InvalidArgument for
// mismatched shapes, N < in, or a singular X X^T.
absl::StatusOr<Eigen::MatrixXd> EstimateLinearOperator(const Eigen::MatrixXf& x,
                                                       const Eigen::MatrixXf& y);

struct ErrorBin {
  double lo = 0, hi = 0;  // W / max|W| in [lo, hi) (the last bin includes 1)
  int64_t count = 0;
  double mean = 0;  // of (W_hat - W) / max|W|; NaN if empty
  double sd = 0;    // sample std (n - 1); NaN for fewer than 2 weights
};
// REQUIRES: same shapes, num_bins >= 1, w not all zero.
std::vector<ErrorBin> BinErrors(const Eigen::MatrixXf& w, const Eigen::MatrixXd& w_hat,
                                int num_bins);
// Mean of sd over the bins with at least 2 weights.
double MeanBinSd(const std::vector<ErrorBin>& bins);

// The effective error of one device preset on (w, x).
struct DeviceError {
  std::string preset;
  std::vector<ErrorBin> bins;
  double mean_bin_sd = 0;
  double overall_mean = 0, overall_sd = 0;  // over all weights, in max|W|
  double alpha = 1;                          // the tile's drift compensation (mean)
  double seconds = 0;                        // wall time of this device (forward + fit)
};

// Creates a tile of `config` for w (out x in), Program(0), Drift(t, read 0),
// sets the input range, Forward(x) and fits W_hat. The tile's streams are
// keyed by options.seed.
absl::StatusOr<DeviceError> MeasureDeviceError(const crossbar::TileConfig& config,
                                               absl::string_view preset, const Eigen::MatrixXf& w,
                                               const Eigen::MatrixXf& x,
                                               const Fig1BOptions& options);

// W (size x size, standard normal) and X (size x vectors, uniform [-1, 1])
// from the seed's streams.
void MakeWeightsAndInputs(const Fig1BOptions& options, Eigen::MatrixXf* w, Eigen::MatrixXf* x);

struct Fig1BResult {
  Fig1BOptions options;
  DeviceError pcm, reram;
  Check f1b;
};
absl::StatusOr<Fig1BResult> ComputeFig1B(const Fig1BOptions& options);

// The run facts printed before the checks.
struct RunInfo {
  double wall_time_s = 0;
  unsigned hardware_threads = 0;
};

// The report: Choices, A's table, B's table (per bin: range, count, PCM mean
// and sd, ReRAM mean and sd), scale/machine/wall time, then CHECK F1B.
std::string FormatFig1Text(const SigmaCurves& a, const Fig1BResult& b, const RunInfo& info);
std::string FormatFig1Csv(const SigmaCurves& a, const Fig1BResult& b, const RunInfo& info);

// The figures: A (three curves of sigma vs x) and B (mean and sd vs the bin
// centre, for both devices).
analysis::LinePlot Fig1APlot(const SigmaCurves& a);
analysis::LinePlot Fig1BPlot(const Fig1BResult& b);

}  // namespace aimc::experiments::rasch2023

#endif  // AIMC_EXPERIMENTS_RASCH2023_SUPP_FIG1_H_
