// Loading text-format Protobuf configs with errors that name the source,
// line, column and field (style.md §5). Returns InvalidArgument for malformed
// text or unknown fields, NotFound for a missing file.
// Thread-safe.
#ifndef AIMC_COMMON_TEXTPROTO_H_
#define AIMC_COMMON_TEXTPROTO_H_

#include "absl/strings/string_view.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "common/embedded_file.h"
#include "google/protobuf/message.h"

namespace aimc {

// Parses `text` into `*msg` (cleared first). `source` names the text in errors
// (a file path or "preset 'ideal'"). `msg` is caller-owned.
absl::Status ParseTextProto(absl::string_view text, absl::string_view source,
                            google::protobuf::Message* msg);

// Reads the file at `path` and parses it as above.
absl::Status LoadTextProtoFile(absl::string_view path, google::protobuf::Message* msg);

// A preset name among `presets` (files compiled in by embedded_files()), or a
// path: anything containing '/' or ending in ".textproto". An unknown name is
// NotFound and lists the known names (sorted). `kind` names the config in
// that message ("device-model", "tile").
absl::Status LoadTextProtoPreset(absl::string_view name_or_path,
                                 absl::Span<const EmbeddedFile> presets, absl::string_view kind,
                                 google::protobuf::Message* msg);

// The names of `presets`, sorted.
std::vector<std::string> PresetNames(absl::Span<const EmbeddedFile> presets);

}  // namespace aimc

#endif  // AIMC_COMMON_TEXTPROTO_H_
