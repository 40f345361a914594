// Fuzzes device-model configs (device_models/device_config.proto) as
// LoadDeviceModelConfig reads a .textproto: ParseTextProto, then
// device_models::Validate. Asserts the round trip of textproto_harness.h.
#include <cstdint>

#include "device_models/config.h"
#include "tests/fuzz/textproto_harness.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  aimc::fuzz::FuzzTextProtoConfig<aimc::device_models::DeviceModelConfig>(
      aimc::fuzz::AsView(data, size), [](const aimc::device_models::DeviceModelConfig& c) {
        return aimc::device_models::Validate(c);
      });
  return 0;
}
