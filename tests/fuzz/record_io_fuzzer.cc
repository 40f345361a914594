// Fuzzes the record-file framing (common/record_io.h ParseRecords: magic,
// length, CRC-32) on arbitrary bytes. Asserts: an image that parses is exactly
// the re-encoding of its records (no byte is ignored), and that re-encoding
// parses back to the same records.
#include <cstdint>
#include <string>
#include <vector>

#include "common/record_io.h"
#include "tests/fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view image = aimc::fuzz::AsView(data, size);
  const auto records = aimc::ParseRecords(image, "fuzz");
  if (!records.ok()) return 0;
  const std::string encoded = aimc::fuzz::EncodeRecordImage(*records);
  const auto again = aimc::ParseRecords(encoded, "re-encoded");
  FUZZ_CHECK(again.ok() && *again == *records, "re-encoded records differ");
  FUZZ_CHECK(encoded == image, "image has bytes its records do not account for");
  return 0;
}
