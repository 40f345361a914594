// The phases of the AnalogNAS-Bench protocol for one trained network
// (nas_spec.md §4.2-4.7) as reusable functions, each from a small input struct
// to a result: digital training, PTQ, QAT, conversion to analog, noisy
// evaluation, hardware-aware training and drift evaluation. Each calls the
// public training/ APIs and holds no protocol choice of its own beyond what its
// comment says (evaluate_cell.cc composes them into a record and picks the
// seeds and settings). Networks are shared torch handles: a phase that says
// "in place" changes the caller's network; Ptq, Qat and ConvertToAnalog work
// on a copy and leave `trained` as it was. Dataset and config pointers are not
// owned and must outlive the call. Errors are the training/ APIs' Statuses.
// Thread-compatible (one phase at a time per network).
#ifndef AIMC_EXPERIMENTS_ANALOGNAS_BENCH_PHASES_H_
#define AIMC_EXPERIMENTS_ANALOGNAS_BENCH_PHASES_H_

#include <cstdint>
#include <functional>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "crossbar/tile_config.pb.h"
#include "networks/network.h"
#include "training/analog/analog_eval.h"
#include "training/analog/hwt_recipe.pb.h"
#include "training/data/dataset.h"
#include "training/evaluate.h"
#include "training/quantization/ptq.h"
#include "training/quantization/qat.h"
#include "training/trainer.h"

namespace aimc::experiments {

// A fresh instance of the network under study (same architecture and config;
// its weights are overwritten by the copying phases).
using NetworkFactory = std::function<absl::StatusOr<networks::Network>()>;

// A new network from `factory` holding `from`'s parameters and buffers (the
// reference's deepcopy). `from` is unchanged.
absl::StatusOr<networks::Network> CopyNetwork(const NetworkFactory& factory,
                                              networks::Network from);

// §4.2: trains `network` in place (the digital baseline).
struct TrainDigitalInput {
  networks::Network network{nullptr};
  const training::Dataset* train = nullptr;
  training::TrainerConfig trainer;  // epochs, batch, optimizer, seed, threads, log
};
absl::Status TrainDigital(const TrainDigitalInput& in);

// §4.3: quantizes a copy of `trained` (PTQ calibrated on `calibration`) and
// evaluates it on `test`.
struct PtqInput {
  networks::Network trained{nullptr};
  NetworkFactory new_network;
  const training::Dataset* calibration = nullptr;  // the reference: the augmented test set
  const training::Dataset* test = nullptr;
  training::PtqOptions ptq;
  training::EvalConfig eval;
};
absl::StatusOr<training::EvalResult> Ptq(const PtqInput& in);

// §4.4: fine-tunes a copy of `trained` with QAT on `train` (validating as
// qat.validation says; `test` also serves kTestSet) and evaluates it on `test`.
struct QatInput {
  networks::Network trained{nullptr};
  NetworkFactory new_network;
  const training::Dataset* train = nullptr;
  const training::Dataset* test = nullptr;
  training::QatOptions qat;
  training::EvalConfig eval;
};
absl::StatusOr<training::EvalResult> Qat(const QatInput& in);

// §4.5-4.6: a copy of `trained` converted to analog on `tile` with the
// recipe's conversion (training::ConvertForHwt); `seed` keys its analog noise.
struct ConvertToAnalogInput {
  networks::Network trained{nullptr};
  NetworkFactory new_network;
  const crossbar::TileConfig* tile = nullptr;   // normally the recipe's tile_preset
  const training::HwtRecipe* recipe = nullptr;
  uint64_t seed = 0;
};
absl::StatusOr<networks::Network> ConvertToAnalog(const ConvertToAnalogInput& in);

// §4.5 (and §4.6's analog_accuracy after Hwt): the accuracy of the analog
// `network` under forward noise only (unprogrammed tiles, fresh IO noise per
// pass). FailedPrecondition without analog layers.
struct NoisyEvalInput {
  networks::Network network{nullptr};
  const training::Dataset* test = nullptr;
  training::EvalConfig eval;
};
absl::StatusOr<training::EvalResult> NoisyEval(const NoisyEvalInput& in);

// §4.6: hardware-aware training of the analog `network` (ConvertToAnalog
// first) in place with the recipe; `base` gives epochs, batch, seed and threads,
// the recipe its optimizer (training::TrainHardwareAware).
struct HwtInput {
  networks::Network network{nullptr};
  const training::Dataset* train = nullptr;
  const training::HwtRecipe* recipe = nullptr;
  training::TrainerConfig base;
};
absl::Status Hwt(const HwtInput& in);

// §4.7: programs the analog `network` and evaluates it after drift to each
// drift.times_s (training::EvaluateDrift); leaves it programmed and drifted.
struct DriftEvalInput {
  networks::Network network{nullptr};
  const training::Dataset* test = nullptr;
  training::DriftEvalConfig drift;
};
absl::StatusOr<std::vector<training::DriftEvalResult>> DriftEval(const DriftEvalInput& in);

}  // namespace aimc::experiments

#endif  // AIMC_EXPERIMENTS_ANALOGNAS_BENCH_PHASES_H_
