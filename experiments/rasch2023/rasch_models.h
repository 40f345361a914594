// Rasch et al. 2023's models at small scale (vant_rasch_spec.md B.2.3, B.3):
// R20 (ResNet-20, widths 8/16/32, 1×1-conv shortcuts) and L5 (LeNet-5) on
// Fashion-MNIST, FP-trained, HWA-trained in the paper's variants, and
// evaluated on a tile (PCM, ReRAM, tile-wise scales, compressed scales, ...)
// over inference trials, each a freshly programmed chip read at the drift
// times. Every trained model and every evaluation is kept in a model store
// under a hash of what changes it, so the targets share them and a killed run
// resumes (trainer checkpoints; evaluations written atomically when done).
// Progress goes to the log. Thread-compatible.
#ifndef AIMC_EXPERIMENTS_RASCH2023_RASCH_MODELS_H_
#define AIMC_EXPERIMENTS_RASCH2023_RASCH_MODELS_H_

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "crossbar/tile_config.pb.h"
#include "experiments/rasch2023/rasch_stats.h"
#include "networks/analog/convert.h"
#include "networks/network.h"
#include "training/data/dataset.h"

namespace aimc::experiments::rasch2023 {

// A named scale, printed with every result. "small" is the spec's default
// (B.2.3, B.3); "quick" its --quick (1 training trial, 10k HWA subset);
// "test" is for unit tests.
struct RaschScale {
  std::string name;
  int64_t fp_train_images = 20000;
  int fp_epochs = 15;
  int64_t hwa_train_images = 20000;
  int hwa_epochs = 8;
  int64_t test_images = 2000;
  int batch_size = 50;
  int training_trials = 3;
  int inference_trials = 5;
  int input_range_init_batches = 20;  // the direct-mapping data rule (B.4 Supp. Table 6)
};
// NotFound listing the names for an unknown one.
absl::StatusOr<RaschScale> RaschScaleByName(const std::string& name);
std::string DescribeScale(const RaschScale& scale);

enum class RaschNet { kR20, kL5 };
const char* RaschNetName(RaschNet net);  // "R20", "L5"
// "r20" / "R20", "l5" / "L5"; InvalidArgument otherwise.
absl::StatusOr<RaschNet> ParseRaschNet(const std::string& name);

struct RaschRun {
  RaschScale scale;
  std::string store_dir;  // created if missing
  uint64_t seed = 0;      // weights, order, augmentation, analog noise
  int threads = 1;
  std::FILE* log = stderr;  // progress; nullptr = silent
};

// Fashion-MNIST zero-padded to 32×32 (both nets), the first
// max(fp, hwa) training images and the first test_images test images.
struct RaschData {
  training::Dataset train;
  training::Dataset test;
};
// `dir` empty: Debian's dataset-fashion-mnist. The loader's Status otherwise.
absl::StatusOr<RaschData> LoadRaschData(const RaschScale& scale, const std::string& dir);

// The HWA variants of Supp. Table 2 (B.4) and the injection types of Supp.
// Table 5.
enum class HwaVariant {
  kOurs,                // PCM noise at t0 × noise_scale, learned column scales, fixed clip 1
  kJoshiStyle,          // [5]-style: ADD_NORMAL 3.8 % of max|W|, tile scale, Gaussian clip 2.5σ
  kOnlyOutputNoise,     // no injection; training forward keeps only the output noise
  kOnlyShortTermNoise,  // no injection; keeps only the PCM_READ short-term weight noise
  kNoNoise,             // no injection, no forward noise (DAC/ADC, bounds, ranges, scales)
};
const char* HwaVariantName(HwaVariant variant);

// kOurs's injected weight noise (Supp. Table 5's types, B.4).
enum class HwaInjection {
  kPcmT0,  // the standard: PCM programming + 1/f read noise at t0
  kP,      // PCM programming noise only
  kR,      // ReRAM 1 s programming error
  kC,      // constant 3.42 % of max|W|
};
const char* HwaInjectionName(HwaInjection injection);  // "pcm_t0", "P", "R", "C"

struct HwaSpec {
  HwaVariant variant = HwaVariant::kOurs;
  double noise_scale = 3.0;                       // kOurs
  HwaInjection injection = HwaInjection::kPcmT0;  // kOurs
  double lr = 7.5e-3;
  // kOurs, Supp. Table 7: one learned scale per tile (layer-wise remap, TILE
  // mapping) instead of per column; and a layer-Gaussian clip at this many
  // sd instead of the fixed clip at 1 (0 = fixed).
  bool tile_scale = false;
  double gaussian_clip_sigma = 0;
};

// A trained model, ready to be put on any tile.
struct TrainedModel {
  RaschNet net = RaschNet::kR20;
  std::string label;  // e.g. "R20 HWA ours trial 1"
  std::string key;    // what the store's hash covers
  // Digital (FP models) or analog on its training tile (HWA models).
  networks::Network network{nullptr};
  bool analog = false;
  networks::analog::ConvertOptions convert;  // HWA: the training conversion's
  // HWA: the digital output scales' mapping the model was trained with
  // (kJoshiStyle: TILE); evaluations use it unless told otherwise.
  crossbar::MappingConfig::OutputScale mapping = crossbar::MappingConfig::COLUMN;
  int trial = 0;
  double fp_error_pct = 0;  // the FP model's digital test error (E_FP of A*)
};

// The FP model (B.2.3: SGD 0.025, 1 epoch at 1/20, ÷10 at 50 % and 75 %,
// weight decay 5e-4, batch 50, crop + flip), trained once per net and seed.
absl::StatusOr<TrainedModel> FpModel(const RaschRun& run, const RaschData& data, RaschNet net);

// HWA training trial `trial` (0-based: the trainer seed) from the FP model.
absl::StatusOr<TrainedModel> HwaModel(const RaschRun& run, const RaschData& data, RaschNet net,
                                      const HwaSpec& spec, int trial);

// The HWA recipe `spec` trains with at `scale` (HWT recipe text, optimizer,
// schedule, the training tile's differences from the evaluation tile), as
// the code builds it: Supp. Table 3's "ours" row.
absl::StatusOr<std::string> DescribeHwaRecipe(const RaschScale& scale, const HwaSpec& spec);

// The standard PCM tile of Supp. Table 1 (crossbar/presets).
absl::StatusOr<crossbar::TileConfig> StandardPcmTile();
// ReRAM evaluation model (Supp. B.2): the standard IO with ReRAM devices.
absl::StatusOr<crossbar::TileConfig> ReramTile();

// An evaluation: the tile the model is put on, and the drift times.
struct EvalSetting {
  std::string name;  // shown in progress lines and part of the store key
  crossbar::TileConfig tile;
  std::vector<double> times_s;
  // > 0 (HWA models with column scales): Supp. Fig. 2's compression (B.1).
  // Per layer (one tile here), the learned scales gamma_i become q_i =
  // a ceil(gamma_i / a), a = max gamma / N, and row i of W is multiplied by
  // gamma_i / q_i (<= 1: no conductance above g_max), so the product is
  // unchanged and the conductances carry the rest. Needs a TILE-mapped tile
  // (a COLUMN mapping would renormalise every row). 0 = off.
  int out_scale_levels = 0;
  // Supp. Table 8: per analog layer (networks::analog::AnalogLayers order)
  // the output columns exempt from the device model
  // (crossbar::AnalogLayer::SetNoiseExemptColumns); empty entries and
  // missing layers = none.
  std::vector<std::vector<bool>> exempt_columns = {};
};

// The compression above on every analog layer of `network` (column out
// scales; FailedPrecondition otherwise). REQUIRES: levels >= 1.
absl::Status CompressOutScales(networks::Network& network, int levels);

// The model on setting.tile: HWA models are converted with their training
// conversion and take the trained state; FP models are mapped directly
// (layer scale 1; the tile's own per-row or per-tile mapping) with input
// ranges set by the data rule (input_range_init_batches training batches,
// 3 std, not learned). Then scale.inference_trials chips, each programmed
// afresh (instance = 1000·trial + r) and read at every time. Stored.
absl::StatusOr<DriftErrors> EvaluateOnTile(const RaschRun& run, const RaschData& data,
                                           const TrainedModel& model, const EvalSetting& setting);

// Supp. Table 8's column score (vant_rasch_spec.md B.4): per analog layer,
// per output column, the mean over `batches` training batches of the mean
// |dL/dw| over the column's weights, on a copy of the HWA model with its
// training forward but no injected weight noise, BatchNorm in eval mode.
// FailedPrecondition for an FP model.
absl::StatusOr<std::vector<std::vector<double>>> ColumnGradientScores(const RaschRun& run,
                                                                      const RaschData& data,
                                                                      const TrainedModel& model,
                                                                      int batches);

// "first seed: S; machine: ...; store: DIR".
std::string DescribeRun(const RaschRun& run);

}  // namespace aimc::experiments::rasch2023

#endif  // AIMC_EXPERIMENTS_RASCH2023_RASCH_MODELS_H_
