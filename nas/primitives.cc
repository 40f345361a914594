#include "nas/primitives.h"

#include <vector>

#include "common/status_macros.h"
#include "nas/cell_graph.h"

namespace aimc::nas {
namespace {

// NASLib's (buggy for the tuple) blueprints [3], [0,4], [1,5], [0,2,5].
constexpr std::array<std::array<int, 3>, kNumPaths> kNaslibPaths = {
    {{3}, {0, 4}, {1, 5}, {0, 2, 5}}};
constexpr std::array<int, kNumPaths> kPathLength = {1, 2, 2, 3};
// offset(L) for L = 1, 2, 3.
constexpr std::array<int, 4> kPathOffset = {0, 0, 5, 30};

}  // namespace

Cell SampleCell(RandomCursor& rng, bool naslib_rejection) {
  while (true) {
    std::array<Op, kNumEdges> ops;
    for (Op& op : ops) op = static_cast<Op>(rng.UniformInt(kNumOps));
    const Cell cell(ops);
    if (!naslib_rejection || !IsNaslibSampleRejected(cell)) return cell;
  }
}

Cell MutateCell(const Cell& parent, RandomCursor& rng) {
  const int position = rng.UniformInt(kNumEdges);
  const int old_code = OpCode(parent.op(position));
  int code = rng.UniformInt(kNumOps - 1);
  if (code >= old_code) ++code;
  return parent.WithOp(position, static_cast<Op>(code));
}

std::vector<Cell> Neighbours(const Cell& cell) {
  std::vector<Cell> out;
  out.reserve(kNumNeighbours);
  for (int k = 0; k < kNumEdges; ++k) {
    for (Op op : kAllOps) {
      if (op != cell.op(k)) out.push_back(cell.WithOp(k, op));
    }
  }
  return out;
}

std::vector<Cell> ShuffledNeighbours(const Cell& cell, RandomCursor& rng) {
  std::vector<Cell> out = Neighbours(cell);
  rng.Shuffle(absl::MakeSpan(out));
  return out;
}

std::array<float, kOneHotSize> OneHotEncoding(const Cell& cell) {
  std::array<float, kOneHotSize> out{};
  for (int k = 0; k < kNumEdges; ++k) out[kNumOps * k + OpCode(cell.op(k))] = 1.0f;
  return out;
}

absl::Span<const int> PathBlueprintPositions(PathBlueprint blueprint, int path) {
  AIMC_DCHECK(path >= 0 && path < kNumPaths);
  if (blueprint == PathBlueprint::kCorrect) return PathPositions(path);
  return absl::MakeConstSpan(kNaslibPaths[path].data(), kPathLength[path]);
}

std::array<int, kNumPaths> PathIndices(const Cell& cell, PathBlueprint blueprint) {
  std::array<int, kNumPaths> indices;
  for (int path = 0; path < kNumPaths; ++path) {
    const absl::Span<const int> positions = PathBlueprintPositions(blueprint, path);
    int index = kPathOffset[positions.size()];
    int weight = 1;
    for (int position : positions) {
      index += OpCode(cell.op(position)) * weight;
      weight *= kNumOps;
    }
    indices[path] = index;
  }
  return indices;
}

std::array<float, kPathEncodingSize> PathEncoding(const Cell& cell, PathBlueprint blueprint) {
  std::array<float, kPathEncodingSize> out{};
  for (int index : PathIndices(cell, blueprint)) out[index] = 1.0f;
  return out;
}

}  // namespace aimc::nas
