// The AnalogNAS-Bench evaluation of an analog network (nas_spec.md §4.5,
// §4.7): accuracy under forward noise only (unprogrammed tiles: the "noisy"
// and "analog" metrics), and accuracy after drift: program once, then per
// time t (ascending) `repetitions` test passes, each after a fresh read of
// the drifted devices with drift compensation (or, on request, a fresh
// programming instance per repetition: device-to-device spread the
// reference's ± leaves out). Mean ± sample std over repetitions
// (training/evaluate.h). Errors are Statuses. Thread-compatible.
#ifndef AIMC_TRAINING_ANALOG_ANALOG_EVAL_H_
#define AIMC_TRAINING_ANALOG_ANALOG_EVAL_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "networks/network.h"
#include "training/data/dataset.h"
#include "training/evaluate.h"

namespace aimc::training {


struct DriftEvalConfig {
  EvalConfig eval;  // repetitions per time (AnalogNAS-Bench: 25) and augmentation
  std::vector<double> times_s = {60, 3600, 86400, 2592000};  // >= 0, any order
  // false: one programming instance (`instance`) for all times and
  // repetitions (the reference); true: instance + r for repetition r.
  bool fresh_programming = false;
  uint32_t instance = 0;
};

struct DriftEvalResult {
  double t_inference_s = 0;
  EvalResult result;
};

// Forward-noise-only accuracy: resets every analog layer to unprogrammed and
// evaluates (each pass draws fresh IO noise). FailedPrecondition without
// analog layers.
absl::StatusOr<EvalResult> EvaluateNoisy(networks::Network& network, const Dataset& test,
                                         const EvalConfig& config);

// One result per time, in the order of config.times_s. Leaves the network
// programmed and drifted to the last time. FailedPrecondition without analog
// layers; InvalidArgument for a negative or non-finite time.
absl::StatusOr<std::vector<DriftEvalResult>> EvaluateDrift(networks::Network& network,
                                                           const Dataset& test,
                                                           const DriftEvalConfig& config);

}  // namespace aimc::training

#endif  // AIMC_TRAINING_ANALOG_ANALOG_EVAL_H_
