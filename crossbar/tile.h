// Tile: one analog crossbar tile of at most max_input x max_output weights
// (aimc_model.md §1, §5, §6): mapping and digital output scales, the
// programmed devices, drift, drift compensation, and the eval forward.
//
// Lifecycle: Create (maps W; the tile is "unprogrammed": the MVM uses the
// mapped weights exactly, so only forward non-idealities act) -> Program
// (one programming instance; calibrates drift compensation) -> Drift(t)
// (fresh read noise at each call; sets alpha) -> Forward ... -> Reset.
// Forward: Y = diag(gamma o alpha) IO(W_eff, X) with X (in x B), Y (out x B);
// with analog_io false, Y = diag(gamma o alpha) W_eff X exactly.
// Random streams: (seed, entity) from Create; programming instance k uses
// instance k; forward call c uses instance 0x80000000 | k and draw c.
// Errors: InvalidArgument for empty or non-finite weights (naming row and
// column) and bad configs; FailedPrecondition for Drift before Program.
// Thread-compatible: Forward advances a call counter (not const).
#ifndef AIMC_CROSSBAR_TILE_H_
#define AIMC_CROSSBAR_TILE_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "Eigen/Core"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/random.h"
#include "crossbar/column_source.h"
#include "crossbar/io_model.h"
#include "crossbar/tile_config.pb.h"
#include "device_models/compensation.h"
#include "device_models/device_model.h"
#include "device_models/pair_array.h"
#include "device_models/pcm.h"

namespace aimc::crossbar {

// Weight noise injected in a training forward (aimc_model.md §8), relative to
// max|W| of the tile (1 in mapped units), fresh at every call.
struct WeightNoiseInjection {
  enum class Type {
    kNone,
    // w + scale * xi (AnalogNAS-Bench: ADD_NORMAL, scale 0.06).
    kAdditiveGaussian,
    // The PCM shape (Rasch 2023): programming noise plus 1/f read noise at
    // t0, each weight clipped to +-1 and put on one device (sign kept), times
    // `scale` (1-5, 3 typical); zero weights get none. PCM constants from the
    // tile's device config if it is PCM, else the standard PCM model.
    kPcm,
    // The same with programming noise only ("P" type of Supp. Table 5).
    kPcmProgramming,
    // "R" of Supp. Table 5: the ReRAM programming error at 1 s, sigma(x) /
    // g_max (the tile's ReRAM fits if its devices are ReRAM, else Rasch
    // Supp. B.2's), times `scale`; clipping, sign and zeros as kPcm.
    kReramProgramming,
    // "C" of Supp. Table 5: conductance-independent, sigma = scale · 0.0342 of
    // max|W| (the mean of P's relative sigma over x in [0, 1]); as kPcm else.
    kConstant,
  };
  Type type = Type::kNone;
  float scale = 0;
  // Probability that a weight is 0 in this forward (drop-connect, 0.1-1 %).
  float drop_connect = 0;
};

class Tile : public device_models::ProbeReader {
 public:
  // `w` (out x in) is copied. key.instance and key.draw are ignored.
  static absl::StatusOr<Tile> Create(const TileConfig& config,
                                     const Eigen::Ref<const Eigen::MatrixXf>& w,
                                     const StreamKey& key);

  Tile(Tile&&) = default;
  Tile& operator=(Tile&&) = default;

  int in_size() const { return static_cast<int>(w_mapped_.cols()); }
  int out_size() const { return static_cast<int>(w_mapped_.rows()); }
  const TileConfig& config() const { return config_; }

  // Digital output scales gamma (per row; all equal for TILE scales).
  const Eigen::VectorXf& output_scales() const { return gamma_; }
  // Mapped (normalised) target weights: W = diag(gamma) w_mapped, |w| <= 1.
  const Eigen::MatrixXf& mapped_weights() const { return w_mapped_; }
  // What the MVM uses now (mapped, or programmed and drifted).
  const Eigen::MatrixXf& effective_weights() const { return w_eff_; }
  // Drift compensation factors (size 1, or out for per_column).
  const Eigen::VectorXf& alpha() const { return alpha_; }
  bool programmed() const { return array_.has_value(); }

  // The static input range r (0 = none); starts at the config's init_value.
  float input_range() const { return input_range_; }
  void set_input_range(float r) { input_range_ = r; }

  // Replaces the target weights (same shape) and maps them anew; the tile
  // becomes unprogrammed (Reset). For training, where the weights change at
  // every step: no allocation once the shapes are set. InvalidArgument for a
  // wrong shape or a non-finite weight (naming row and column).
  absl::Status SetWeights(const Eigen::Ref<const Eigen::MatrixXf>& w);
  // Programs a new instance and calibrates compensation (readout right after
  // programming, no drift). Idempotent per instance number.
  absl::Status Program(uint32_t instance, int num_threads);
  // Weights at t seconds after programming, read number `read_index`.
  absl::Status Drift(double t_inference_s, uint32_t read_index, int num_threads);
  // Back to the unprogrammed state.
  void Reset();

  // Output rows (crossbar columns, one ADC each) exempt from the device
  // model (Rasch 2023 Supp. Table 8; vant_rasch_spec.md B.1): from the next
  // Program on they hold their mapped weights exactly (no programming noise,
  // no drift, no 1/f read noise) and stay out of drift compensation (their
  // alpha is 1, and the others' alpha is computed without them). The IO
  // non-idealities (short-term read noise, output noise, DAC/ADC, bounds, IR
  // drop) still act on them. Empty = none. Makes the tile unprogrammed.
  // InvalidArgument unless empty or of size out_size().
  absl::Status SetNoiseExemptRows(std::vector<bool> exempt);
  const std::vector<bool>& noise_exempt_rows() const { return exempt_; }

  // Eval forward: y (out x B) from x (in x B), a matrix or a batch made
  // block by block (column_source.h), streamed; same numbers.
  // REQUIRES: x.rows() == in_size(); Streams() for a ColumnSource.
  void Forward(const InputBatch& x, Eigen::MatrixXf* y, int num_threads, IoStats* stats = nullptr);
  // Whether a batch made block by block can be streamed through this tile:
  // analog IO that streams with its input range (IoModel::Streams).
  bool Streams() const { return config_.analog_io() && io_.Streams(input_range_); }
  // IoModel::ToDacLevels with this tile's input range. REQUIRES: Streams().
  void ToDacLevels(const float* x, int64_t n, float* out) const {
    io_.ToDacLevels(x, n, input_range_, out);
  }

  // Training forward: the IO non-idealities on the mapped (clean) weights plus
  // injected noise, output scales gamma (no drift compensation). The backward
  // is ideal (straight-through): it needs the clean mapped weights and gamma
  // (accessors above), and which inputs the static range clipped: if
  // `clipped` is non-null it is set to |x| > r (all false without a range).
  // `step` numbers the call (its noise draw); the same step gives the same
  // numbers. x as for Forward.
  // REQUIRES: x.rows() == in_size(); for a ColumnSource, Streams() and no
  // `clipped`.
  void ForwardTraining(const InputBatch& x, const WeightNoiseInjection& injection, uint32_t step,
                       Eigen::MatrixXf* y,
                       Eigen::Array<bool, Eigen::Dynamic, Eigen::Dynamic>* clipped,
                       int num_threads);

  // §5's probe: the identity (in one-hot vectors) through the IO path without
  // input range or digital scales. *y is out x in.
  void ReadProbe(Eigen::MatrixXf* y) override;

 private:
  Tile(const TileConfig& config, IoModel io, std::optional<device_models::DeviceModel> device,
       device_models::DriftCompensation compensation, const StreamKey& key)
      : config_(config),
        io_(std::move(io)),
        device_(std::move(device)),
        compensation_(std::move(compensation)),
        key_(key) {}

  void SetEffective(const Eigen::MatrixXf& w);
  void SetRowScales(Eigen::VectorXf row_scales);
  void AddPcmShapedNoise(const WeightNoiseInjection& injection, const RandomStream& prog,
                         const RandomStream& read);
  // kReramProgramming and kConstant: w + scale · sigma_rel(|w|) · xi.
  void AddRelativeNoise(const WeightNoiseInjection& injection, const RandomStream& stream);
  void Readout(device_models::DriftCompensation::Readout kind, Eigen::MatrixXf* y);
  // Exempt rows of *w back to the mapped weights; of *readout to 0.
  void KeepExemptRowsExact(Eigen::MatrixXf* w) const;
  void ZeroExemptRows(Eigen::MatrixXf* readout) const;
  // w_train_ (and |w_train_| if the IO needs it): the mapped weights with the
  // injected noise of `step`.
  void SetTrainingWeights(const WeightNoiseInjection& injection, uint32_t step);
  RandomStream TrainingNoise(uint32_t step) const;
  RandomStream EvalNoise();  // advances the call counter
  // What one forward multiplies by: w (out x in), |w| if the IO needs it,
  // and for analog_io false diag(row_scales) w folded in advance (null:
  // the scales multiply the product).
  struct MvmWeights {
    const Eigen::MatrixXf& w;
    const Eigen::MatrixXf& abs_w;
    const Eigen::MatrixXf* folded = nullptr;
  };
  // The one path of Forward, ForwardTraining and ReadProbe: y =
  // diag(row_scales) IO(w, x) through the IO model, or the exact product
  // for analog_io false (x a matrix then: a source needs Streams()).
  void Mvm(const InputBatch& x, const MvmWeights& weights, float input_range,
           const Eigen::VectorXf& row_scales, const RandomStream& noise, int num_threads,
           Eigen::MatrixXf* y, IoStats* stats);

  TileConfig config_;
  IoModel io_;
  std::optional<device_models::DeviceModel> device_;
  device_models::DriftCompensation compensation_;
  StreamKey key_;
  uint32_t instance_ = 0;
  uint32_t forward_calls_ = 0;
  float input_range_ = 0;
  Eigen::VectorXf gamma_, alpha_, row_scales_;
  Eigen::MatrixXf w_mapped_, w_eff_, abs_w_eff_;
  Eigen::MatrixXf w_digital_;  // diag(row_scales_) w_eff_, for analog_io false
  std::optional<device_models::PairArray> array_;
  std::vector<bool> exempt_;  // empty or out_size(); SetNoiseExemptRows
  IoWorkspace workspace_;
  Eigen::MatrixXf w_train_, abs_w_train_;  // ForwardTraining's noisy weights
  int probe_threads_ = 1;
};

// gamma and the mapped weights for `w` under `mapping` (§1): exposed for
// tests and for the training code that remaps. *gamma has one entry per row.
void MapWeights(const MappingConfig& mapping, const Eigen::Ref<const Eigen::MatrixXf>& w,
                Eigen::VectorXf* gamma, Eigen::MatrixXf* mapped);

}  // namespace aimc::crossbar

#endif  // AIMC_CROSSBAR_TILE_H_
