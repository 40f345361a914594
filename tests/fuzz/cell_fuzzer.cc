// Fuzzes the NB201 architecture parsers of nas/cell.h and nas/benchmark_store.h
// (ParseCellString, ParseCellTuple, ParseCell, ParseArch) on arbitrary text.
// Asserts: whatever parses re-serialises (ToString, ToTupleString, LexIndex)
// to forms that parse back to the same cell, and ParseCell/ParseArch agree
// with the form-specific parser they dispatch to.
#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "nas/benchmark_store.h"
#include "nas/cell.h"
#include "tests/fuzz/fuzz_util.h"

namespace {

using aimc::nas::Cell;

void CheckRoundTrip(const Cell& cell) {
  const std::string text = cell.ToString();
  const auto from_string = aimc::nas::ParseCellString(text);
  FUZZ_CHECK(from_string.ok() && *from_string == cell, text);
  const std::string tuple = cell.ToTupleString();
  const auto from_tuple = aimc::nas::ParseCellTuple(tuple);
  FUZZ_CHECK(from_tuple.ok() && *from_tuple == cell, tuple);
  const std::string index = absl::StrCat(cell.LexIndex());
  const auto from_index = aimc::nas::ParseArch(index);
  FUZZ_CHECK(from_index.ok() && *from_index == cell, index);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view text = aimc::fuzz::AsView(data, size);
  const auto from_string = aimc::nas::ParseCellString(text);
  const auto from_tuple = aimc::nas::ParseCellTuple(text);
  const auto any = aimc::nas::ParseCell(text);
  const auto arch = aimc::nas::ParseArch(text);
  for (const auto* parsed : {&from_string, &from_tuple, &any, &arch}) {
    if (parsed->ok()) CheckRoundTrip(**parsed);
  }
  // ParseCell is one of the two forms; when the form-specific parser accepts
  // the exact text, ParseCell must return the same cell.
  if (from_string.ok()) FUZZ_CHECK(any.ok() && *any == *from_string, text);
  if (from_tuple.ok()) FUZZ_CHECK(any.ok() && *any == *from_tuple, text);
  if (any.ok()) FUZZ_CHECK(arch.ok() && *arch == *any, text);
  return 0;
}
