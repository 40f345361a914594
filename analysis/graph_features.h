// The 191 neural graph features of AnalogNAS-Bench App. F (GRAF, Kadlecová et
// al. 2024) on the NB201 cell, exactly as ../shared/docs/nas_spec.md §2
// defines them: op_count (5), then min_path_len, max_op_on_path and
// node_degree (in_degree, out_degree, avg_in, avg_out) for each of the 31
// non-empty op subsets, in GRAF's order, named in the paper's form
// `<feature>_(<op names>)[_<key>]`. Path lengths count edges from the input
// node to the output node through edges whose op is in the subset; no path
// gives 6 (min_path_len) and 0 (max_op_on_path), GRAF @ 635defe (§2.3).
// Boost.Graph (filtered_graph + dag_shortest_paths) computes path lengths and
// degrees of each of the 64 edge subsets of the 4-node DAG once; a cell's
// feature is then a lookup by the mask of its edges whose op is in the subset.
// FindGraphFeature returns a Status; the rest is total. Thread-safe.
#ifndef AIMC_ANALYSIS_GRAPH_FEATURES_H_
#define AIMC_ANALYSIS_GRAPH_FEATURES_H_

#include <array>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "nas/cell.h"

namespace aimc::analysis {

inline constexpr int kNumOpSubsets = 31;
inline constexpr int kNumNodeDegreeKeys = 4;  // in_degree, out_degree, avg_in, avg_out
inline constexpr int kNumGraphFeatures =
    nas::kNumOps + 2 * kNumOpSubsets + kNumNodeDegreeKeys * kNumOpSubsets;  // 191

// A set of ops: bit c set <=> op code c (nas/cell.h) is in the set.
using OpMask = uint8_t;

// The 31 non-empty subsets in GRAF's order (`get_op_combinations` over
// [skip_connect, none, nor_conv_3x3, nor_conv_1x1, avg_pool_3x3]): by size,
// then lexicographically by op code. Static storage duration.
absl::Span<const OpMask> OpSubsets();

// "(skip_connect,nor_conv_3x3)": op names in code order, no spaces.
// REQUIRES: mask != 0 and mask < 32.
std::string OpSubsetName(OpMask mask);

enum class GraphFeatureKind {
  kOpCount,      // edges with the op
  kMinPathLen,   // edges on the shortest input->output path in E_A; else no_path
  kMaxOpOnPath,  // edges on the longest input->output path in E_A; else no_path
  kInDegree,     // A-edges leaving the input node (GRAF's name)
  kOutDegree,    // A-edges entering the output node
  kAvgIn,        // |E_A| / 4 (mean A-out-degree over the 4 nodes)
  kAvgOut,       // |E_A| / 4 (identical to kAvgIn on NB201, §2.3)
};

struct GraphFeatureInfo {
  std::string name;  // e.g. "node_degree_(skip_connect,nor_conv_3x3)_avg_in"
  GraphFeatureKind kind;
  OpMask ops;  // one op for kOpCount
};

// All 191 in output order: op_count_(skip_connect) ... op_count_(avg_pool_3x3),
// min_path_len_(skip_connect) ..., max_op_on_path_(...) ...,
// node_degree_(skip_connect)_in_degree, _out_degree, _avg_in, _avg_out, ...,
// node_degree_(skip_connect,none,nor_conv_3x3,nor_conv_1x1,avg_pool_3x3)_avg_out.
// Static storage duration.
absl::Span<const GraphFeatureInfo> GraphFeatureInfos();

// The index of a feature name. The paper's Figs. 10-11 spelling `zeroize` is
// accepted for `none`. InvalidArgument naming the name and the expected form.
absl::StatusOr<int> FindGraphFeature(absl::string_view name);

// Values for "no input->output path". GRAF @ 635defe (the default): 6 and 0.
// zc_combine and older GRAF: 5 and -1 (§2.4).
struct NoPathValues {
  int min_path_len = 6;
  int max_op_on_path = 0;
};

using GraphFeatureVector = std::array<double, kNumGraphFeatures>;

// All 191 features of `cell`, in GraphFeatureInfos() order.
GraphFeatureVector ComputeGraphFeatures(const nas::Cell& cell, const NoPathValues& no_path = {});

// The same without the 64-subset table: one Boost.Graph graph per cell and a
// filtered_graph + dag_shortest_paths per subset (the benchmark's comparison,
// and a check of the table in tests). About 65x slower (graph_features_benchmark).
GraphFeatureVector ComputeGraphFeaturesUncached(const nas::Cell& cell,
                                                const NoPathValues& no_path = {});

// Path lengths and degrees of the sub-DAG made of the edges at the tuple
// positions in `edge_mask` (bit k = position k), computed with Boost.Graph.
struct EdgeSubsetStats {
  int min_path_edges = -1;  // -1: no input->output path
  int max_path_edges = -1;
  int input_out_degree = 0;  // GRAF's in_degree
  int output_in_degree = 0;  // GRAF's out_degree
  int num_edges = 0;
};
// REQUIRES: edge_mask < 64.
EdgeSubsetStats ComputeEdgeSubsetStats(uint8_t edge_mask);

}  // namespace aimc::analysis

#endif  // AIMC_ANALYSIS_GRAPH_FEATURES_H_
