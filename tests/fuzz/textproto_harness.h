// The shared body of the text-proto config harnesses: parse arbitrary text as
// `Msg` through common/textproto.h's ParseTextProto (what every Load*Config
// does with a file or preset), then run the package's Validate (its Status is
// the answer for bad values; it must not crash). Asserts printing is stable:
// text that parses prints, re-parses, and prints the same again (compared as
// text, so NaN payloads do not matter).
#ifndef AIMC_TESTS_FUZZ_TEXTPROTO_HARNESS_H_
#define AIMC_TESTS_FUZZ_TEXTPROTO_HARNESS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/textproto.h"
#include "google/protobuf/text_format.h"
#include "tests/fuzz/fuzz_util.h"

namespace aimc::fuzz {

template <typename Msg, typename ValidateFn>
void FuzzTextProtoConfig(absl::string_view text, ValidateFn validate) {
  Msg msg;
  if (!ParseTextProto(text, "fuzz", &msg).ok()) return;
  validate(msg).IgnoreError();
  std::string printed;
  FUZZ_CHECK(google::protobuf::TextFormat::PrintToString(msg, &printed), "print");
  Msg again;
  const absl::Status reparsed = ParseTextProto(printed, "printed", &again);
  FUZZ_CHECK(reparsed.ok(), printed);
  std::string printed_again;
  FUZZ_CHECK(google::protobuf::TextFormat::PrintToString(again, &printed_again), "print");
  FUZZ_CHECK(printed_again == printed, printed);
}

}  // namespace aimc::fuzz

#endif  // AIMC_TESTS_FUZZ_TEXTPROTO_HARNESS_H_
