#include "common/textproto.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/file.h"
#include "common/status_macros.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"

namespace aimc {
namespace {

// Collects the parser's messages instead of letting protobuf log them.
class CollectErrors : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override {
    errors_.push_back(absl::StrCat("line ", line + 1, " column ", column + 1, ": ", message));
  }
  void AddWarning(int, google::protobuf::io::ColumnNumber, const std::string&) override {}
  const std::vector<std::string>& errors() const { return errors_; }

 private:
  std::vector<std::string> errors_;
};

}  // namespace

absl::Status ParseTextProto(absl::string_view text, absl::string_view source,
                            google::protobuf::Message* msg) {
  msg->Clear();
  CollectErrors errors;
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  if (!parser.ParseFromString(std::string(text), msg) || !errors.errors().empty()) {
    return absl::InvalidArgumentError(absl::StrCat(source, ": malformed ",
                                                   msg->GetDescriptor()->full_name(), ": ",
                                                   absl::StrJoin(errors.errors(), "; ")));
  }
  return absl::OkStatus();
}

absl::Status LoadTextProtoFile(absl::string_view path, google::protobuf::Message* msg) {
  ASSIGN_OR_RETURN(const std::string text, ReadFile(path));
  return ParseTextProto(text, path, msg);
}

std::vector<std::string> PresetNames(absl::Span<const EmbeddedFile> presets) {
  std::vector<std::string> names;
  for (const EmbeddedFile& f : presets) names.emplace_back(f.name);
  std::sort(names.begin(), names.end());
  return names;
}

absl::Status LoadTextProtoPreset(absl::string_view name_or_path,
                                 absl::Span<const EmbeddedFile> presets, absl::string_view kind,
                                 google::protobuf::Message* msg) {
  if (absl::StrContains(name_or_path, '/') || absl::EndsWith(name_or_path, ".textproto")) {
    return LoadTextProtoFile(name_or_path, msg);
  }
  for (const EmbeddedFile& f : presets) {
    if (f.name == name_or_path) {
      return ParseTextProto(f.contents, absl::StrCat("preset '", f.name, "'"), msg);
    }
  }
  return absl::NotFoundError(absl::StrCat("unknown ", kind, " preset '", name_or_path,
                                          "' (known: ", absl::StrJoin(PresetNames(presets), ", "),
                                          "; or pass a path to a .textproto file)"));
}

}  // namespace aimc
