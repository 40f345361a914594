#include "experiments/rasch2023/supp_table1.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "google/protobuf/descriptor.h"

namespace aimc::experiments::rasch2023 {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

constexpr char kTarget[] = "supp_table1_check";

std::string Number(double v) { return absl::StrFormat("%.10g", v); }

// Element `index` of a repeated field, or the singular value (index < 0).
std::string ScalarText(const Message& m, const FieldDescriptor* f, int index) {
  const Reflection* r = m.GetReflection();
  const bool rep = index >= 0;
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      return absl::StrCat(rep ? r->GetRepeatedInt32(m, f, index) : r->GetInt32(m, f));
    case FieldDescriptor::CPPTYPE_INT64:
      return absl::StrCat(rep ? r->GetRepeatedInt64(m, f, index) : r->GetInt64(m, f));
    case FieldDescriptor::CPPTYPE_UINT32:
      return absl::StrCat(rep ? r->GetRepeatedUInt32(m, f, index) : r->GetUInt32(m, f));
    case FieldDescriptor::CPPTYPE_UINT64:
      return absl::StrCat(rep ? r->GetRepeatedUInt64(m, f, index) : r->GetUInt64(m, f));
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return Number(rep ? r->GetRepeatedDouble(m, f, index) : r->GetDouble(m, f));
    case FieldDescriptor::CPPTYPE_FLOAT:
      return Number(rep ? r->GetRepeatedFloat(m, f, index) : r->GetFloat(m, f));
    case FieldDescriptor::CPPTYPE_BOOL:
      return (rep ? r->GetRepeatedBool(m, f, index) : r->GetBool(m, f)) ? "true" : "false";
    case FieldDescriptor::CPPTYPE_ENUM:
      return (rep ? r->GetRepeatedEnum(m, f, index) : r->GetEnum(m, f))->name();
    case FieldDescriptor::CPPTYPE_STRING:
      return rep ? r->GetRepeatedString(m, f, index) : r->GetString(m, f);
    case FieldDescriptor::CPPTYPE_MESSAGE:
      break;
  }
  return "";
}

}  // namespace

absl::Span<const Table1Field> SuppTable1Fields() {
  static const auto* const kFields = new std::vector<Table1Field>{
      {"DAC resolution (bits)", "forward.inp_bits", "8", "B.1"},
      {"DAC input bound (normalised)", "forward.inp_bound", "1", "AIMC §6"},
      {"ADC resolution (bits)", "forward.out_bits", "8", "B.1"},
      {"output bound", "forward.out_bound", "10", "B.1"},
      {"output noise (std)", "forward.out_noise", "0.04", "B.1"},
      {"short-term weight noise type", "forward.w_noise_type", "PCM_READ", "B.1"},
      {"short-term weight noise", "forward.w_noise", "0.0175", "B.1"},
      {"IR drop scale", "forward.ir_drop", "1.0", "B.1"},
      {"IR drop wire/device conductance ratio", "forward.ir_drop_g_ratio", "571428.57", "B.1"},
      {"noise management", "forward.noise_management", "NM_NONE", "B.1"},
      {"bound management", "forward.bound_management", "BM_NONE", "B.1"},
      {"bit-serial DAC slices", "forward.dac_bits", "0", "B.1 (one DAC step)"},
      {"learned static input range", "input_range.enabled", "true", "B.1"},
      {"input range init", "input_range.init_value", "3.0", "B.1 (AK preset)"},
      {"input range data-init batches", "input_range.init_from_data", "100", "B.1 (AK preset)"},
      {"input range data-init std multiple", "input_range.init_std_alpha", "3.0", "B.1 (AK)"},
      {"input range decay", "input_range.decay", "0.001", "B.1 (AK preset)"},
      {"input range min fraction", "input_range.input_min_percentage", "0.95", "B.1 (AK)"},
      {"tile max inputs", "mapping.max_input_size", "512", "B.1"},
      {"tile max outputs", "mapping.max_output_size", "512", "B.1 (paper; AK 0)"},
      {"digital output scales", "mapping.output_scale", "COLUMN", "B.1"},
      {"output scale compression", "mapping.compressed_scale_levels", "0", "B.1 (exact)"},
      {"analog forward", "analog_io", "true", "B.1"},
      {"PCM g_max (uS)", "device.pcm.g_max_us", "25", "B.1, AIMC §2"},
      {"PCM programming polynomial (uS)", "device.pcm.prog_coeffs_us",
       "0.26348,1.9650,-1.1731", "AIMC §2"},
      {"PCM programming noise scale", "device.pcm.prog_scale", "1", "AIMC §2"},
      {"PCM drift scale", "device.pcm.drift_scale", "1", "AIMC §3"},
      {"PCM 1/f read noise scale", "device.pcm.read_scale", "1", "AIMC §4"},
      {"PCM drift t0 (s)", "device.pcm.t0_s", "20", "AIMC §3"},
      {"PCM read duration (s)", "device.pcm.t_read_s", "250e-9", "AIMC §4"},
      {"PCM drift mode", "device.pcm.drift_mode", "DRIFT_MODE_PAIR", "AIMC §4 (Choice)"},
      {"drift compensation", "compensation.method", "GLOBAL", "B.1, AIMC §5"},
  };
  return *kFields;
}

absl::StatusOr<std::string> FieldText(const Message& message, absl::string_view path) {
  const Message* m = &message;
  const std::vector<std::string> names = absl::StrSplit(path, '.');
  for (size_t i = 0; i < names.size(); ++i) {
    const FieldDescriptor* f = m->GetDescriptor()->FindFieldByName(names[i]);
    if (f == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("field path '", path, "': ",
                                                     m->GetDescriptor()->full_name(),
                                                     " has no field '", names[i], "'"));
    }
    const bool last = i + 1 == names.size();
    if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      if (last || f->is_repeated()) {
        return absl::InvalidArgumentError(
            absl::StrCat("field path '", path, "': '", names[i], "' is not a scalar field"));
      }
      if (!m->GetReflection()->HasField(*m, f)) return std::string("(absent)");
      m = &m->GetReflection()->GetMessage(*m, f);
      continue;
    }
    if (!last) {
      return absl::InvalidArgumentError(
          absl::StrCat("field path '", path, "': '", names[i], "' is not a message"));
    }
    if (!f->is_repeated()) return ScalarText(*m, f, -1);
    std::vector<std::string> items;
    for (int k = 0; k < m->GetReflection()->FieldSize(*m, f); ++k) {
      items.push_back(ScalarText(*m, f, k));
    }
    return absl::StrJoin(items, ",");
  }
  return absl::InvalidArgumentError("empty field path");
}

bool ValuesMatch(absl::string_view paper, absl::string_view ours) {
  const std::vector<absl::string_view> a = absl::StrSplit(paper, ',');
  const std::vector<absl::string_view> b = absl::StrSplit(ours, ',');
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const absl::string_view x = absl::StripAsciiWhitespace(a[i]);
    const absl::string_view y = absl::StripAsciiWhitespace(b[i]);
    double u, v;
    if (absl::SimpleAtod(x, &u) && absl::SimpleAtod(y, &v)) {
      if (!(std::abs(u - v) <= 1e-9 * std::max({1.0, std::abs(u), std::abs(v)}))) return false;
    } else if (x != y) {
      return false;
    }
  }
  return true;
}

absl::StatusOr<SuppTable1Result> CheckSuppTable1(const crossbar::TileConfig& config,
                                                 absl::string_view preset) {
  SuppTable1Result result;
  result.preset = std::string(preset);
  int mismatches = 0;
  std::vector<std::string> differing;
  for (const Table1Field& spec : SuppTable1Fields()) {
    absl::StatusOr<std::string> ours = FieldText(config, spec.field);
    if (!ours.ok()) return ours.status();
    Table1Row row{.spec = spec, .ours = *ours, .match = ValuesMatch(spec.paper, *ours)};
    if (!row.match) {
      ++mismatches;
      differing.push_back(spec.field);
    }
    result.rows.push_back(std::move(row));
  }
  result.deviations = {
      "mapping.max_output_size: aihwkit's StandardHWATrainingPreset sets 0 (outputs never split); "
      "the paper's tiles are <= 512 x 512, the preset keeps 512 (irrelevant for layers with <= 512 "
      "outputs; B.5-13)",
      "forward.noise_management: aihwkit sets NM CONSTANT with threshold 1 (inputs divided by 1, "
      "i.e. no dynamic scaling); NM_NONE here is the same forward",
      "no weight-noise modifier in aihwkit's preset (the HWA recipe injects noise, B.2)",
      "device.pcm.drift_mode: aihwkit drifts only the net-sign device of a pair "
      "(DRIFT_MODE_REFERENCE); this project drifts both (aimc_model.md §4 Choice; "
      "--drift=reference in the report tools)",
  };
  result.not_tile_fields = {
      "digital bias (added in floating point after the scales: networks/analog, aimc_model.md §1)",
      "training only (HWA recipe rasch2023, training/analog): fixed weight clip 1.0, column-wise "
      "remap, auto weight scaling omega = 1 column-wise, learned column-wise output scales",
  };
  result.checks.push_back(
      {.id = "T1",
       .criterion = "every field of the preset equals Supp. Table 1",
       .measured = mismatches == 0
                       ? absl::StrCat(result.rows.size(), "/", result.rows.size(), " fields match")
                       : absl::StrCat(mismatches, "/", result.rows.size(),
                                      " fields differ: ", absl::StrJoin(differing, " ")),
       .pass = mismatches == 0});
  return result;
}

namespace {

const std::vector<std::string>& Table1Choices() {
  static const auto* const kChoices = new std::vector<std::string>{
      "values: vant_rasch_spec.md B.1 (Supp. Table 1) and aimc_model.md §2-6 where the table "
      "defers to the PCM model; the drift mode (pair) is this project's Choice",
      "a field matches if equal as a number (relative 1e-9) or as text",
  };
  return *kChoices;
}

}  // namespace

std::string FormatSuppTable1Text(const SuppTable1Result& r) {
  std::string out = "Rasch et al. 2023 Supp. Table 1: the standard PCM AIMC model vs preset '" +
                    r.preset + "'\n";
  for (const std::string& c : Table1Choices()) absl::StrAppend(&out, "choice: ", c, "\n");
  absl::StrAppend(&out, absl::StrFormat("%-38s %-34s %-24s %-24s %s\n", "item", "field",
                                        "paper", "preset", "match"));
  for (const Table1Row& row : r.rows) {
    absl::StrAppend(&out, absl::StrFormat("%-38s %-34s %-24s %-24s %s\n", row.spec.item,
                                          row.spec.field, row.spec.paper, row.ours,
                                          row.match ? "yes" : "NO"));
  }
  absl::StrAppend(&out, "not tile-config fields (not checked here):\n");
  for (const std::string& n : r.not_tile_fields) absl::StrAppend(&out, "  - ", n, "\n");
  absl::StrAppend(&out, "documented deviations of aihwkit's StandardHWATrainingPreset:\n");
  for (const std::string& d : r.deviations) absl::StrAppend(&out, "  - ", d, "\n");
  absl::StrAppend(&out, FormatChecks(r.checks));
  return out;
}

std::string FormatSuppTable1Csv(const SuppTable1Result& r) {
  std::vector<CsvRow> rows = ChoiceRows(kTarget, r.preset, Table1Choices());
  for (const Table1Row& row : r.rows) {
    rows.push_back({.target = kTarget, .model = r.preset, .row = row.spec.field,
                    .column = "value", .quantity = row.spec.item, .paper = row.spec.paper,
                    .ours = row.ours, .instances = "1",
                    .note = absl::StrCat(row.match ? "match" : "DIFFERS", "; ", row.spec.source)});
  }
  for (size_t i = 0; i < r.deviations.size(); ++i) {
    rows.push_back({.target = kTarget, .model = r.preset, .row = absl::StrCat("deviation_", i + 1),
                    .quantity = "aihwkit_deviation", .note = r.deviations[i]});
  }
  std::vector<CsvRow> checks = CheckRows(kTarget, r.preset, r.checks);
  rows.insert(rows.end(), checks.begin(), checks.end());
  return FormatCsv(rows);
}

}  // namespace aimc::experiments::rasch2023
