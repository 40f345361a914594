#include "nas/cell_graph.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

namespace aimc::nas {
namespace {

struct PathSpec {
  std::array<int, 3> positions;
  int length;
};

constexpr std::array<PathSpec, kNumPaths> kPaths = {{
    {{2, 0, 0}, 1},
    {{0, 4, 0}, 2},
    {{1, 5, 0}, 2},
    {{0, 3, 5}, 3},
}};

// The summand contributed by edge (op, source) whose source node string is
// `source` (§1.7 step 2).
std::string Summand(Op op, const std::string& source) {
  if (op == Op::kNone || source == "#") return "#";
  if (op == Op::kSkipConnect) return source;
  return absl::StrCat("(", source, ")@", OpName(op));
}

// §1.7 step 3: summands sorted by byte order, joined with '+'.
std::string SortedSum(std::string a, std::string b) {
  if (b < a) std::swap(a, b);
  return absl::StrCat(a, "+", b);
}

std::string SortedSum(std::string a, std::string b, std::string c) {
  if (b < a) std::swap(a, b);
  if (c < b) std::swap(b, c);
  if (b < a) std::swap(a, b);
  return absl::StrCat(a, "+", b, "+", c);
}

}  // namespace

absl::Span<const int> PathPositions(int path) {
  AIMC_DCHECK(path >= 0 && path < kNumPaths);
  const PathSpec& p = kPaths[path];
  return absl::MakeConstSpan(p.positions.data(), p.length);
}

bool IsPathOpen(const Cell& cell, int path) {
  for (int position : PathPositions(path)) {
    if (cell.op(position) == Op::kNone) return false;
  }
  return true;
}

bool IsDisconnected(const Cell& cell) {
  for (int path = 0; path < kNumPaths; ++path) {
    if (IsPathOpen(cell, path)) return false;
  }
  return true;
}

bool IsNaslibSampleRejected(const Cell& cell) {
  const auto none = [&](int k) { return cell.op(k) == Op::kNone; };
  return (none(0) && none(1) && none(2)) || (none(2) && none(4) && none(5));
}

Cell PruneZeroBranches(const Cell& cell) {
  std::array<bool, kNumEdges> live{};
  for (int path = 0; path < kNumPaths; ++path) {
    if (!IsPathOpen(cell, path)) continue;
    for (int position : PathPositions(path)) live[position] = true;
  }
  Cell pruned = cell;
  for (int k = 0; k < kNumEdges; ++k) {
    if (!live[k]) pruned = pruned.WithOp(k, Op::kNone);
  }
  return pruned;
}

bool IsPruned(const Cell& cell) { return PruneZeroBranches(cell) == cell; }

std::string IsomorphismKey(const Cell& cell) {
  // Tuple positions: 0 = 0->1, 1 = 0->2, 3 = 1->2, 2 = 0->3, 4 = 1->3, 5 = 2->3.
  const std::string node0(1, '0');
  const std::string node1 = Summand(cell.op(0), node0);
  const std::string node2 = SortedSum(Summand(cell.op(1), node0), Summand(cell.op(3), node1));
  return SortedSum(Summand(cell.op(2), node0), Summand(cell.op(4), node1),
                   Summand(cell.op(5), node2));
}

int64_t ParamCount(const Cell& cell, const MacroShape& shape) {
  AIMC_DCHECK(shape.stem_channels >= 1 && shape.cells_per_stage >= 1 && shape.num_classes >= 1);
  const int64_t c = shape.stem_channels;
  const int64_t k = shape.num_classes;
  const int64_t n3 = cell.CountOp(Op::kNorConv3x3);
  const int64_t n1 = cell.CountOp(Op::kNorConv1x1);
  const int64_t fixed = 280 * c * c + (61 + 4 * k) * c + k;
  const int64_t per_cell = n3 * (189 * c * c + 14 * c) + n1 * (21 * c * c + 14 * c);
  return fixed + shape.cells_per_stage * per_cell;
}

}  // namespace aimc::nas
