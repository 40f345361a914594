// The NAS-Bench-201 cell (../shared/docs/nas_spec.md §1.1-1.2): a 4-node DAG
// whose 6 edges each carry one of 5 ops, and every conversion between its forms
// (style.md §10: all of them live in this file). Forms: the cell string
// `|op~0|+|op~0|op~1|+|op~0|op~1|op~2|`; the op tuple "(t0,...,t5)" in
// AnalogNAS-Bench/NASLib edge order, whose positions 2 and 3 are string slots 3
// and 2 (position 2 is the direct 0->3 edge); the lexicographic index 0..15624
// (NASLib's itertools.product order, last position fastest). That index is NOT
// NB201's API `arch_index`, which is a lookup table (§1.2).
// Parse*, FromCodes and FromLexIndex return StatusOr (InvalidArgument naming
// the token); everything else is total. Thread-safe: values and pure functions.
#ifndef AIMC_NAS_CELL_H_
#define AIMC_NAS_CELL_H_

#include <array>
#include <compare>
#include <cstdint>
#include <ostream>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace aimc::nas {

// Op codes of AnalogNAS-Bench / NASLib / GRAF (§1.1). Not AutoDL's or
// naszilla's list indices.
enum class Op : uint8_t {
  kSkipConnect = 0,
  kNone = 1,
  kNorConv3x3 = 2,
  kNorConv1x1 = 3,
  kAvgPool3x3 = 4,
};

inline constexpr int kNumOps = 5;
inline constexpr int kNumNodes = 4;
inline constexpr int kNumEdges = 6;
inline constexpr int kNumCells = 15625;  // 5^6

// All ops in code order.
inline constexpr std::array<Op, kNumOps> kAllOps = {Op::kSkipConnect, Op::kNone, Op::kNorConv3x3,
                                                    Op::kNorConv1x1, Op::kAvgPool3x3};

inline constexpr int OpCode(Op op) { return static_cast<int>(op); }

// The NB201 string name: "skip_connect", "none", "nor_conv_3x3", ...
absl::string_view OpName(Op op);

// InvalidArgument for anything but the five NB201 names (the message lists them).
absl::StatusOr<Op> ParseOpName(absl::string_view name);

struct Edge {
  int src;  // arch-string node number: 0 input ... 3 output
  int dst;
};

// kTupleEdges[k]: the edge of tuple position k (NASLib EDGE_LIST, §1.2).
inline constexpr std::array<Edge, kNumEdges> kTupleEdges = {
    {{0, 1}, {0, 2}, {0, 3}, {1, 2}, {1, 3}, {2, 3}}};

// kStringSlotPosition[s]: the tuple position of cell-string slot s (the s-th
// token in string order). Its own inverse.
inline constexpr std::array<int, kNumEdges> kStringSlotPosition = {0, 1, 3, 2, 4, 5};

class Cell {
 public:
  // All six edges skip_connect (lexicographic index 0).
  constexpr Cell() = default;
  constexpr explicit Cell(const std::array<Op, kNumEdges>& ops) : ops_(ops) {}

  // Six op codes in tuple order. InvalidArgument unless exactly 6 codes in 0..4.
  static absl::StatusOr<Cell> FromCodes(absl::Span<const int> codes);
  // InvalidArgument outside 0..kNumCells-1.
  static absl::StatusOr<Cell> FromLexIndex(int lex_index);

  // REQUIRES: 0 <= position < kNumEdges.
  Op op(int position) const { return ops_[position]; }
  const std::array<Op, kNumEdges>& ops() const { return ops_; }
  std::array<int, kNumEdges> Codes() const;
  // This cell with tuple position `position` set to `op`.
  // REQUIRES: 0 <= position < kNumEdges.
  Cell WithOp(int position, Op op) const;
  // Number of edges carrying `op`.
  int CountOp(Op op) const;

  // sum_k code(t_k) 5^(5-k), in 0..kNumCells-1.
  int LexIndex() const;
  // The NB201 cell string.
  std::string ToString() const;
  // "(t0,t1,t2,t3,t4,t5)", no spaces.
  std::string ToTupleString() const;

  // Ordered as the lexicographic index.
  friend bool operator==(const Cell&, const Cell&) = default;
  friend std::strong_ordering operator<=>(const Cell&, const Cell&) = default;
  template <typename H>
  friend H AbslHashValue(H h, const Cell& cell) {
    return H::combine(std::move(h), cell.LexIndex());
  }

 private:
  std::array<Op, kNumEdges> ops_{};
};

// Prints the tuple form (for gtest and logs).
std::ostream& operator<<(std::ostream& os, const Cell& cell);

// Cell string grammar (no whitespace anywhere):
//   cell  := '|' tok '|' '+' '|' tok '|' tok '|' '+' '|' tok '|' tok '|' tok '|'
//   tok   := opname '~' source     (source: the digit 0, 1, 2 in group order)
// Errors name the token 1..6 in string order, e.g. "cell string: token 3
// 'nor_conv_5x5~1': unknown op 'nor_conv_5x5' (expected one of ...)", or the
// character offset (0-based) of a structural error: missing '+', wrong group
// count, trailing characters.
absl::StatusOr<Cell> ParseCellString(absl::string_view text);

// Tuple grammar: six integers 0..4 separated by ',', optionally enclosed in
// '(' ')'; whitespace around numbers and parentheses is ignored, so Python's
// "(0, 0, 0, 4, 3, 2)" parses. Errors name the 0-based tuple position and the
// token, or the count found.
absl::StatusOr<Cell> ParseCellTuple(absl::string_view text);

// Either form, surrounding whitespace ignored: text starting with '|' is a cell
// string, anything else a tuple.
absl::StatusOr<Cell> ParseCell(absl::string_view text);

// All 15,625 cells in lexicographic order: AllCells()[i].LexIndex() == i.
// The span has static storage duration.
absl::Span<const Cell> AllCells();

}  // namespace aimc::nas

#endif  // AIMC_NAS_CELL_H_
