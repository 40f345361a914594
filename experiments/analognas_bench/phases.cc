#include "experiments/analognas_bench/phases.h"

#include <memory>

#include "common/status_macros.h"
#include "training/analog/hwt.h"

namespace aimc::experiments {

absl::StatusOr<networks::Network> CopyNetwork(const NetworkFactory& factory,
                                              networks::Network from) {
  ASSIGN_OR_RETURN(networks::Network copy, factory());
  RETURN_IF_ERROR(networks::CopyModuleState(*from, *copy));
  return copy;
}

absl::Status TrainDigital(const TrainDigitalInput& in) {
  ASSIGN_OR_RETURN(std::unique_ptr<training::Trainer> trainer,
                   training::Trainer::Create(in.network, in.train, in.trainer));
  return trainer->Train();
}

absl::StatusOr<training::EvalResult> Ptq(const PtqInput& in) {
  ASSIGN_OR_RETURN(networks::Network q, CopyNetwork(in.new_network, in.trained));
  RETURN_IF_ERROR(training::QuantizePostTraining(q, *in.calibration, in.ptq));
  return training::Evaluate(q, *in.test, in.eval);
}

absl::StatusOr<training::EvalResult> Qat(const QatInput& in) {
  ASSIGN_OR_RETURN(networks::Network q, CopyNetwork(in.new_network, in.trained));
  RETURN_IF_ERROR(training::QuantizationAwareTraining(q, *in.train, in.test, in.qat));
  return training::Evaluate(q, *in.test, in.eval);
}

absl::StatusOr<networks::Network> ConvertToAnalog(const ConvertToAnalogInput& in) {
  ASSIGN_OR_RETURN(networks::Network analog, CopyNetwork(in.new_network, in.trained));
  RETURN_IF_ERROR(training::ConvertForHwt(analog, *in.tile, *in.recipe, in.seed));
  return analog;
}

absl::StatusOr<training::EvalResult> NoisyEval(const NoisyEvalInput& in) {
  networks::Network network = in.network;
  return training::EvaluateNoisy(network, *in.test, in.eval);
}

absl::Status Hwt(const HwtInput& in) {
  networks::Network network = in.network;
  return training::TrainHardwareAware(network, *in.train, *in.recipe, in.base);
}

absl::StatusOr<std::vector<training::DriftEvalResult>> DriftEval(const DriftEvalInput& in) {
  networks::Network network = in.network;
  return training::EvaluateDrift(network, *in.test, in.drift);
}

}  // namespace aimc::experiments
