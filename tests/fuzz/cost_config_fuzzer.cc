// Fuzzes PIM cost-model configs (crossbar/cost/cost_config.proto) as
// LoadCostConfig reads a .textproto: ParseTextProto, then cost::Validate.
// Asserts the print / re-parse round trip of textproto_harness.h.
#include <cstdint>

#include "crossbar/cost/config.h"
#include "tests/fuzz/textproto_harness.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  aimc::fuzz::FuzzTextProtoConfig<aimc::crossbar::cost::CostConfig>(
      aimc::fuzz::AsView(data, size),
      [](const aimc::crossbar::cost::CostConfig& c) { return aimc::crossbar::cost::Validate(c); });
  return 0;
}
