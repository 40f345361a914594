// TableObjective: an Objective over one stored value per NB201 cell, and a
// reader for the shared-data CSV format `index,arch,<metric>` (../shared/data/
// README.md: NB201 index, cell string, value). A stand-in for the run_search
// tool and the tests until nas:benchmark_store lands; it keeps no other
// column. Errors: InvalidArgument for a malformed header or line (the source
// and 1-based line are named) or a repeated cell; DataLoss when cells are
// missing (a truncated file); NotFound for a missing file. Evaluate never
// fails. Thread-compatible (Evaluate is const in effect: thread-safe).
#ifndef AIMC_NAS_SEARCH_TABLE_OBJECTIVE_H_
#define AIMC_NAS_SEARCH_TABLE_OBJECTIVE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "nas/cell.h"
#include "nas/objective.h"

namespace aimc::nas::search {

class TableObjective : public Objective {
 public:
  // values[i] is the value of AllCells()[i] (lexicographic index i).
  // InvalidArgument unless kNumCells finite values.
  static absl::StatusOr<TableObjective> Create(std::string name, std::vector<double> values);

  absl::StatusOr<double> Evaluate(const Cell& cell) override { return value(cell); }
  std::string name() const override { return name_; }

  double value(const Cell& cell) const { return values_[cell.LexIndex()]; }
  absl::Span<const double> values() const { return values_; }

 private:
  TableObjective(std::string name, std::vector<double> values)
      : name_(std::move(name)), values_(std::move(values)) {}
  std::string name_;
  std::vector<double> values_;
};

// `text` is the whole CSV (LF or CRLF); `source` names it in errors. The
// objective is named after the third header column.
absl::StatusOr<TableObjective> ParseNb201Csv(absl::string_view text, absl::string_view source);
absl::StatusOr<TableObjective> ReadNb201Csv(absl::string_view path);

}  // namespace aimc::nas::search

#endif  // AIMC_NAS_SEARCH_TABLE_OBJECTIVE_H_
