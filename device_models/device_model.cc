#include "device_models/device_model.h"

#include "common/status_macros.h"
#include "device_models/config.h"

namespace aimc::device_models {
namespace {

template <typename... Fs>
struct Overloaded : Fs... {
  using Fs::operator()...;
};
template <typename... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

}  // namespace

absl::StatusOr<DeviceModel> CreateDeviceModel(const DeviceModelConfig& config) {
  RETURN_IF_ERROR(Validate(config));
  switch (config.model_case()) {
    case DeviceModelConfig::kPcm: {
      ASSIGN_OR_RETURN(PcmModel m, PcmModel::Create(config.pcm()));
      return DeviceModel(std::move(m));
    }
    case DeviceModelConfig::kReram: {
      ASSIGN_OR_RETURN(ReramModel m, ReramModel::Create(config.reram()));
      return DeviceModel(std::move(m));
    }
    case DeviceModelConfig::kConstant: {
      ASSIGN_OR_RETURN(ConstantNoiseModel m, ConstantNoiseModel::Create(config.constant()));
      return DeviceModel(std::move(m));
    }
    case DeviceModelConfig::MODEL_NOT_SET:
      break;
  }
  return absl::InternalError("Validate accepted a config without a model");
}

float GMaxUs(const DeviceModel& model) {
  return std::visit([](const auto& m) { return m.g_max_us(); }, model);
}

std::string ModelName(const DeviceModel& model) {
  return std::visit(Overloaded{[](const PcmModel&) { return std::string("pcm"); },
                               [](const ReramModel&) { return std::string("reram"); },
                               [](const ConstantNoiseModel&) { return std::string("constant"); }},
                    model);
}

bool Drifts(const DeviceModel& model) {
  const auto* pcm = std::get_if<PcmModel>(&model);
  return pcm != nullptr && pcm->config().drift_scale() > 0;
}

}  // namespace aimc::device_models
