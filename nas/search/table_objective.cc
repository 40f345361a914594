#include "nas/search/table_objective.h"

#include <cmath>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/file.h"
#include "common/status_macros.h"

namespace aimc::nas::search {

absl::StatusOr<TableObjective> TableObjective::Create(std::string name,
                                                      std::vector<double> values) {
  if (values.size() != kNumCells) {
    return absl::InvalidArgumentError(absl::StrCat("table objective '", name, "': expected ",
                                                   kNumCells, " values, got ", values.size()));
  }
  for (size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      return absl::InvalidArgumentError(absl::StrCat("table objective '", name, "': value ",
                                                     values[i], " at lexicographic index ", i));
    }
  }
  return TableObjective(std::move(name), std::move(values));
}

absl::StatusOr<TableObjective> ParseNb201Csv(absl::string_view text, absl::string_view source) {
  std::vector<double> values(kNumCells, 0.0);
  std::vector<bool> seen(kNumCells, false);
  std::string metric;
  int line_number = 0, rows = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    line = absl::StripTrailingAsciiWhitespace(line);
    const std::vector<absl::string_view> fields = absl::StrSplit(line, ',');
    auto error = [&](absl::string_view what) {
      return absl::InvalidArgumentError(
          absl::StrCat(source, ":", line_number, ": ", what, " in '", line, "'"));
    };
    if (line_number == 1) {
      if (fields.size() != 3 || fields[0] != "index" || fields[1] != "arch" ||
          fields[2].empty()) {
        return error("expected the header index,arch,<metric>");
      }
      metric = std::string(fields[2]);
      continue;
    }
    if (line.empty()) continue;
    int arch_index = 0;
    double value = 0;
    if (fields.size() != 3 || !absl::SimpleAtoi(fields[0], &arch_index) ||
        !absl::SimpleAtod(fields[2], &value) || !std::isfinite(value)) {
      return error("expected 3 fields: integer index, cell string, finite number");
    }
    absl::StatusOr<Cell> cell = ParseCellString(fields[1]);
    if (!cell.ok()) return error(cell.status().message());
    const int lex = cell->LexIndex();
    if (seen[lex]) return error("repeated cell");
    seen[lex] = true;
    values[lex] = value;
    ++rows;
  }
  if (metric.empty()) return absl::InvalidArgumentError(absl::StrCat(source, ": empty file"));
  if (rows != kNumCells) {
    return absl::DataLossError(absl::StrCat(source, ": ", rows, " cells, expected ", kNumCells,
                                            " (truncated file?)"));
  }
  return TableObjective::Create(std::move(metric), std::move(values));
}

absl::StatusOr<TableObjective> ReadNb201Csv(absl::string_view path) {
  ASSIGN_OR_RETURN(const std::string text, ReadFile(path));
  return ParseNb201Csv(text, path);
}

}  // namespace aimc::nas::search
