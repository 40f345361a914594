// Which NB201 cells a benchmark generation evaluates (README.md): one
// representative per isomorphism class (nas/cell_graph.h IsomorphismKey: 6,466
// classes), chosen by a cell-list spec, split into shards. No LibTorch.
//
// Specs:
//   all_unique     every class (6,466 representatives)
//   stratified:N   N classes stratified over the representative's op counts
//                  (how many edges carry each of the 5 ops): each op-count
//                  stratum gets its share of N (largest remainder), filled by a
//                  seeded draw
//   FILE           cells one per line (string, tuple or index; '#' comments),
//                  each replaced by its class representative, repeats dropped
// The result is in evaluation order: a seeded shuffle, so any prefix of a run
// (a partial benchmark) is a random subset of the selection, not one corner of
// the lexicographic order. Shard i of n takes positions i, i + n, ...
// Errors: NotFound for a missing file, InvalidArgument naming the spec, line
// or value. Thread-safe: pure functions over static tables.
#ifndef AIMC_EXPERIMENTS_ANALOGNAS_BENCH_CELL_SELECTION_H_
#define AIMC_EXPERIMENTS_ANALOGNAS_BENCH_CELL_SELECTION_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "nas/cell.h"

namespace aimc::experiments {

inline constexpr int kNumIsomorphismClasses = 6466;

// One isomorphism class: its representative (the member with the smallest
// lexicographic index) and every member, in lexicographic order.
struct CellClass {
  nas::Cell representative;
  std::vector<nas::Cell> members;
};

// All classes in representative order. Static storage duration.
absl::Span<const CellClass> AllCellClasses();
// The index into AllCellClasses() of `cell`'s class.
int CellClassIndex(const nas::Cell& cell);

// The representatives a spec selects, in evaluation order.
absl::StatusOr<std::vector<nas::Cell>> SelectCells(absl::string_view spec, uint64_t seed);

struct ShardSpec {
  int index = 0;  // 0..count-1
  int count = 1;
};
// "i/n" with 0 <= i < n <= 100000.
absl::StatusOr<ShardSpec> ParseShard(absl::string_view text);
// Positions index, index + count, ... of `cells`.
std::vector<nas::Cell> CellsOfShard(absl::Span<const nas::Cell> cells, ShardSpec shard);

}  // namespace aimc::experiments

#endif  // AIMC_EXPERIMENTS_ANALOGNAS_BENCH_CELL_SELECTION_H_
