// Fuzzes benchmark files (nas/benchmark.proto records) through
// BenchmarkStore::Parse on an in-memory image, and FindArch (ParseArch plus
// "nb201:N") on the stored cells. Input: a 2-byte length-prefixed query, then
// the image (fuzz_util.h SplitAtLengthPrefix). Asserts: a store that parses
// serialises (SerializeRecords) to an image that parses to the same records.
#include <cstdint>
#include <string>
#include <vector>

#include "nas/benchmark_store.h"
#include "tests/fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const aimc::fuzz::SplitInput input =
      aimc::fuzz::SplitAtLengthPrefix(aimc::fuzz::AsView(data, size));
  const auto store = aimc::nas::BenchmarkStore::Parse(input.second, "fuzz");
  if (!store.ok()) return 0;
  const auto found = store->FindArch(input.first);
  if (found.ok()) FUZZ_CHECK(store->Find(*found) != nullptr, "FindArch found a cell not stored");
  const std::vector<std::string> records = store->SerializeRecords();
  const auto again =
      aimc::nas::BenchmarkStore::Parse(aimc::fuzz::EncodeRecordImage(records), "again");
  FUZZ_CHECK(again.ok(), again.status().ToString());
  FUZZ_CHECK(again->SerializeRecords() == records, "store changed on a save/parse round trip");
  return 0;
}
