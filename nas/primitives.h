// Search primitives shared by the NB201 algorithms (../shared/docs/nas_spec.md
// §3.0, §3.4; NASLib nasbench201/graph.py and encodings.py): uniform sampling,
// one-edge mutation, the 24-cell neighbourhood, and the adjacency one-hot and
// BANANAS path encodings used as predictor features. All randomness comes from
// the caller's RandomCursor (common/random_cursor.h), which each call advances.
// No call returns a Status. Thread-compatible: pure apart from the cursor.
#ifndef AIMC_NAS_PRIMITIVES_H_
#define AIMC_NAS_PRIMITIVES_H_

#include <array>
#include <vector>

#include "absl/types/span.h"
#include "nas/cell.h"
#include "nas/cell_graph.h"
#include "common/random_cursor.h"

namespace aimc::nas {

// Six i.i.d. uniform ops (one UniformInt(5) each, position 0 first). With
// `naslib_rejection`, cells that NASLib's sampler rejects
// (IsNaslibSampleRejected, 245 cells) are redrawn.
Cell SampleCell(RandomCursor& rng, bool naslib_rejection = false);

// One position uniform in 0..5, then one of the other 4 ops uniformly (NASLib
// `mutate`): the child always differs from the parent in exactly one position.
Cell MutateCell(const Cell& parent, RandomCursor& rng);

inline constexpr int kNumNeighbours = kNumEdges * (kNumOps - 1);  // 24

// The 24 one-edge changes in a fixed order: position-major, new ops in code order.
std::vector<Cell> Neighbours(const Cell& cell);
// The same 24 cells shuffled (NASLib `get_nbhd`).
std::vector<Cell> ShuffledNeighbours(const Cell& cell, RandomCursor& rng);

// Adjacency one-hot (NASLib encode_adjacency_one_hot): 6 one-hot(5) blocks,
// element 5k + code(t_k) is 1.
inline constexpr int kOneHotSize = kNumEdges * kNumOps;  // 30
std::array<float, kOneHotSize> OneHotEncoding(const Cell& cell);

// Which tuple positions make up the 4 paths of the path encoding.
enum class PathBlueprint {
  // [2], [0,4], [1,5], [0,3,5]: the true input->output paths (nas/cell_graph.h).
  kCorrect,
  // NASLib encodings.py: naszilla's string-order blueprints [3], [0,4], [1,5],
  // [0,2,5] applied to the tuple, so its "direct path" reads the 1->2 edge
  // (§3.4 bug). For reproducing NASLib only.
  kNaslibCompat,
};

// The tuple positions of path `path` under `blueprint`, input side first.
// REQUIRES: 0 <= path < kNumPaths. The span has static storage duration.
absl::Span<const int> PathBlueprintPositions(PathBlueprint blueprint, int path);

// BANANAS path encoding (naszilla / NASLib get_path_indices, encode_paths):
// path p of length L has index offset(L) + sum_j code(op_j) 5^j (j = 0 at the
// input side), offset(1) = 0, offset(2) = 5, offset(3) = 30. Op codes are
// ANB's, as in NASLib; naszilla's own op order would permute the bits.
inline constexpr int kPathEncodingSize = 5 + 25 + 125;  // 155
// naszilla's default trunc_path: the first 30 bits (paths of length 1 and 2).
inline constexpr int kTruncatedPathEncodingSize = 30;
std::array<int, kNumPaths> PathIndices(const Cell& cell,
                                       PathBlueprint blueprint = PathBlueprint::kCorrect);
// One bit per path index, set to 1 (a set, as in the reference code): 4 ones,
// or 3 when the two length-2 paths carry the same op pair ((t0,t4) == (t1,t5),
// 625 cells). Paths through `none` are kept.
std::array<float, kPathEncodingSize> PathEncoding(
    const Cell& cell, PathBlueprint blueprint = PathBlueprint::kCorrect);

}  // namespace aimc::nas

#endif  // AIMC_NAS_PRIMITIVES_H_
