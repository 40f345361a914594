// Fuzzes the CSV importers (nas/csv_import.h): SplitCsvLine on the first line
// and ImportCsv on the rest. The first byte picks the format (bit 0: nb201 or
// metrics) and fill_params (bit 1). Asserts: an imported store serialises and
// re-parses (BenchmarkStore::Parse) to the same records.
#include <cstdint>
#include <string>
#include <vector>

#include "nas/benchmark_store.h"
#include "nas/csv_import.h"
#include "tests/fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  aimc::nas::CsvImportOptions options;
  options.format = (data[0] & 1) ? aimc::nas::CsvFormat::kMetrics : aimc::nas::CsvFormat::kNb201;
  options.fill_params = (data[0] & 2) != 0;
  const absl::string_view text = aimc::fuzz::AsView(data + 1, size - 1);
  aimc::nas::SplitCsvLine(text.substr(0, text.find('\n'))).status().IgnoreError();
  const auto store = aimc::nas::ImportCsv(text, "fuzz.csv", options);
  if (!store.ok()) return 0;
  const std::vector<std::string> records = store->SerializeRecords();
  const auto again =
      aimc::nas::BenchmarkStore::Parse(aimc::fuzz::EncodeRecordImage(records), "again");
  FUZZ_CHECK(again.ok(), again.status().ToString());
  FUZZ_CHECK(again->SerializeRecords() == records, "imported store changed on a round trip");
  return 0;
}
