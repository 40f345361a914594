// Fuzzes tile configs (crossbar/tile_config.proto) as LoadTileConfig reads a
// .textproto: ParseTextProto, then crossbar::Validate. Asserts the print /
// re-parse round trip of textproto_harness.h.
#include <cstdint>

#include "crossbar/config.h"
#include "tests/fuzz/textproto_harness.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  aimc::fuzz::FuzzTextProtoConfig<aimc::crossbar::TileConfig>(
      aimc::fuzz::AsView(data, size),
      [](const aimc::crossbar::TileConfig& c) { return aimc::crossbar::Validate(c); });
  return 0;
}
