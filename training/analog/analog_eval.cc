#include "training/analog/analog_eval.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "networks/analog/convert.h"

namespace aimc::training {

namespace {

absl::Status NeedAnalog(networks::Network& network) {
  if (networks::analog::AnalogLayers(*network).empty()) {
    return absl::FailedPreconditionError(
        "analog evaluation: the network has no analog layer (networks/analog/convert.h)");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<EvalResult> EvaluateNoisy(networks::Network& network, const Dataset& test,
                                         const EvalConfig& config) {
  RETURN_IF_ERROR(NeedAnalog(network));
  networks::analog::ResetAnalogLayers(*network);
  return Evaluate(network, test, config);
}

absl::StatusOr<std::vector<DriftEvalResult>> EvaluateDrift(networks::Network& network,
                                                           const Dataset& test,
                                                           const DriftEvalConfig& config) {
  RETURN_IF_ERROR(NeedAnalog(network));
  RETURN_IF_ERROR(ValidateEvalConfig(config.eval));
  for (double t : config.times_s) {
    if (!(t >= 0) || !std::isfinite(t)) {
      return absl::InvalidArgumentError(
          absl::StrCat("DriftEvalConfig.times_s: must be finite and >= 0, got ", t));
    }
  }
  if (!config.fresh_programming) {
    RETURN_IF_ERROR(networks::analog::ProgramAnalogLayers(*network, config.instance));
  }
  const auto reps = static_cast<uint32_t>(config.eval.repetitions);
  std::vector<DriftEvalResult> results;
  for (size_t k = 0; k < config.times_s.size(); ++k) {
    const double t = config.times_s[k];
    EvalConfig eval = config.eval;
    eval.before_repetition = [&, k, t](int r) -> absl::Status {
      if (config.fresh_programming) {
        RETURN_IF_ERROR(networks::analog::ProgramAnalogLayers(
            *network, config.instance + static_cast<uint32_t>(r)));
      }
      // Every (time, repetition) reads with its own 1/f noise.
      return networks::analog::DriftAnalogLayers(*network, t,
                                                 static_cast<uint32_t>(k) * reps + r);
    };
    ASSIGN_OR_RETURN(EvalResult result, Evaluate(network, test, eval));
    results.push_back({t, std::move(result)});
  }
  return results;
}

}  // namespace aimc::training
