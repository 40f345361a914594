// Rasch et al. 2023 Supp. Table 1 (vant_rasch_spec.md B.1, B.4 "Supp. Table
// 1"): the standard PCM AIMC model's parameters next to what a tile config
// (the preset rasch2023_standard_pcm) holds, one row per config field, the
// check T1 (fails if any field differs) and the documented deviations of the
// reference toolkit's StandardHWATrainingPreset. Also the report primitives
// (the long CSV of spec C; Check lines are rasch_stats.h's) shared by this
// package's crossbar-only targets. No LibTorch. Errors: InvalidArgument for an unknown field path.
// Thread-safe (pure functions).
#ifndef AIMC_EXPERIMENTS_RASCH2023_SUPP_TABLE1_H_
#define AIMC_EXPERIMENTS_RASCH2023_SUPP_TABLE1_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "crossbar/tile_config.pb.h"
#include "experiments/rasch2023/rasch_stats.h"
#include "google/protobuf/message.h"

namespace aimc::experiments::rasch2023 {


// One parameter of Supp. Table 1 as a TileConfig field.
struct Table1Field {
  std::string item;   // what the paper calls it, e.g. "ADC resolution (bits)"
  std::string field;  // TileConfig path, e.g. "forward.out_bits"
  std::string paper;  // the value, as text; a list comma-separated
  std::string source; // where the value is stated (spec section)
};
// The fields checked, in print order (the values of spec B.1 / aimc_model.md).
absl::Span<const Table1Field> SuppTable1Fields();

// The value of `path` (dot-separated field names) in `message` as text:
// integers and doubles (%.10g), bools (true/false), enum value names, repeated
// scalars comma-separated; "(absent)" if a message on the path is not set
// (so device.pcm.* of a ReRAM config never reads PCM defaults); unset proto2
// scalars give their default. InvalidArgument for an unknown field name or a
// path ending in a message.
absl::StatusOr<std::string> FieldText(const google::protobuf::Message& message,
                                      absl::string_view path);

// Whether two values as text agree: same number of comma-separated items,
// each equal as numbers (relative 1e-9) or else as strings.
bool ValuesMatch(absl::string_view paper, absl::string_view ours);

struct Table1Row {
  Table1Field spec;
  std::string ours;
  bool match = false;
};

struct SuppTable1Result {
  std::string preset;  // the name or path the config came from
  std::vector<Table1Row> rows;
  std::vector<std::string> deviations;  // the reference toolkit preset's
  std::vector<std::string> not_tile_fields;  // Supp. Table 1 items outside the tile config
  std::vector<Check> checks;  // T1: every field matches
};

// Compares `config` (loaded from `preset`) with SuppTable1Fields().
absl::StatusOr<SuppTable1Result> CheckSuppTable1(const crossbar::TileConfig& config,
                                                 absl::string_view preset);

// The report: Choices, the table (paper | preset | match), the deviations,
// the CHECK line.
std::string FormatSuppTable1Text(const SuppTable1Result& result);
// The same as long CSV (row = field path, column "value").
std::string FormatSuppTable1Csv(const SuppTable1Result& result);

}  // namespace aimc::experiments::rasch2023

#endif  // AIMC_EXPERIMENTS_RASCH2023_SUPP_TABLE1_H_
