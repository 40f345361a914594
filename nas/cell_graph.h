// Graph facts of the NB201 cell (../shared/docs/nas_spec.md §1.2, §1.5-1.7):
// the four input->output paths, disconnected cells (341), NASLib's sampler
// rejection (245), zero-branch pruning (9,445 fixed points), the canonical form
// under isomorphism of NATS-Bench `get_unique_str` with its quirks kept (6,466
// classes), and the closed-form parameter count of the macro network (§1.4).
// All positions are tuple positions (nas/cell.h). No call returns a Status.
// Thread-safe: pure functions.
#ifndef AIMC_NAS_CELL_GRAPH_H_
#define AIMC_NAS_CELL_GRAPH_H_

#include <array>
#include <cstdint>
#include <string>

#include "absl/types/span.h"
#include "nas/cell.h"

namespace aimc::nas {

inline constexpr int kNumPaths = 4;

// Tuple positions of the input->output paths, input side first:
// [2] (0->3), [0,4] (0->1->3), [1,5] (0->2->3), [0,3,5] (0->1->2->3).
// REQUIRES: 0 <= path < kNumPaths. The span has static storage duration.
absl::Span<const int> PathPositions(int path);

// True iff no edge of `path` is `none`.
bool IsPathOpen(const Cell& cell, int path);

// Every path blocked by a `none` edge: the cell output is identically zero
// (§1.6). Exactly 341 cells.
bool IsDisconnected(const Cell& cell);

// NASLib `sample_random_architecture` rejects t0 = t1 = t2 = none (the input
// has no live out-edge) and t2 = t4 = t5 = none (the output has no live
// in-edge): 245 cells, all disconnected (§1.6).
bool IsNaslibSampleRejected(const Cell& cell);

// GRAF remove_zero_branches / zc_combine nb201_zero_out_unreachable (§1.6):
// every edge on no open path becomes `none`.
Cell PruneZeroBranches(const Cell& cell);

// PruneZeroBranches(cell) == cell (GRAF's "valid net"): 9,445 cells, the
// all-none cell included.
bool IsPruned(const Cell& cell);

// The canonical string of §1.7 (NATS-Bench Structure.to_unique_str with
// consider_zero=True): two cells are isomorphic iff their keys are equal;
// 6,466 classes, 5 of them disconnected. E.g. (0,0,0,4,3,2) ->
// "((0)@avg_pool_3x3+0)@nor_conv_3x3+(0)@nor_conv_1x1+0".
std::string IsomorphismKey(const Cell& cell);

// The macro network of §1.4 (stem, 3 stages of cells, 2 reduction blocks, head).
struct MacroShape {
  int stem_channels = 16;   // C: stage widths are C, 2C, 4C
  int cells_per_stage = 5;  // N
  int num_classes = 10;     // K (CIFAR-10)
};

// Trainable parameters of the network built from `cell` (§1.5):
// 280C² + (61 + 4K)C + K + N·[n3·(189C² + 14C) + n1·(21C² + 14C)], n3 / n1 the
// nor_conv_3x3 / nor_conv_1x1 counts. Connectivity does not matter.
// REQUIRES: all shape fields >= 1.
int64_t ParamCount(const Cell& cell, const MacroShape& shape = {});

}  // namespace aimc::nas

#endif  // AIMC_NAS_CELL_GRAPH_H_
