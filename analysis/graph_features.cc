#include "analysis/graph_features.h"

#include <algorithm>
#include <bit>
#include <limits>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "boost/graph/adjacency_list.hpp"
#include "boost/graph/dag_shortest_paths.hpp"
#include "boost/graph/filtered_graph.hpp"
#include "boost/property_map/property_map.hpp"
#include "common/status_macros.h"

namespace aimc::analysis {
namespace {

using nas::Cell;
using nas::kNumEdges;
using nas::kNumOps;

// The cell DAG: arch-string nodes 0 (input) .. 3 (output); each edge carries
// its tuple position and op code.
struct EdgeData {
  int position = 0;
  int op = 0;
};
using Dag = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS,
                                  boost::no_property, EdgeData>;
using DagEdge = boost::graph_traits<Dag>::edge_descriptor;

constexpr int kInput = 0;
constexpr int kOutput = nas::kNumNodes - 1;
constexpr int kInf = std::numeric_limits<int>::max();

Dag BuildDag(const Cell& cell) {
  Dag dag(nas::kNumNodes);
  for (int k = 0; k < kNumEdges; ++k) {
    boost::add_edge(nas::kTupleEdges[k].src, nas::kTupleEdges[k].dst,
                    EdgeData{k, nas::OpCode(cell.op(k))}, dag);
  }
  return dag;
}

// Keeps the edges whose tuple position is in a mask, or whose op is in a mask.
struct EdgeFilter {
  const Dag* dag = nullptr;
  unsigned position_mask = 0;
  unsigned op_mask = 0;
  bool operator()(const DagEdge& e) const {
    const EdgeData& data = (*dag)[e];
    return ((position_mask >> data.position) & 1u) != 0 || ((op_mask >> data.op) & 1u) != 0;
  }
};

// Distance input->output with every edge weighing `weight` (+1: shortest path
// in edges; -1: minus the longest); kInf when the output is unreachable.
template <typename Graph>
int DagDistance(const Graph& graph, int weight) {
  std::vector<int> distance(boost::num_vertices(graph), kInf);
  boost::dag_shortest_paths(
      graph, kInput,
      boost::distance_map(boost::make_iterator_property_map(distance.begin(),
                                                            boost::get(boost::vertex_index, graph)))
          .weight_map(boost::make_static_property_map<DagEdge>(weight))
          .distance_inf(kInf));
  return distance[kOutput];
}

template <typename Graph>
EdgeSubsetStats StatsOf(const Graph& graph) {
  EdgeSubsetStats stats;
  const int shortest = DagDistance(graph, 1);
  if (shortest != kInf) {
    stats.min_path_edges = shortest;
    stats.max_path_edges = -DagDistance(graph, -1);
  }
  stats.input_out_degree = static_cast<int>(boost::out_degree(kInput, graph));
  stats.output_in_degree = static_cast<int>(boost::in_degree(kOutput, graph));
  const auto [begin, end] = boost::edges(graph);
  stats.num_edges = static_cast<int>(std::distance(begin, end));
  return stats;
}

// The stats of all 64 edge subsets, computed once.
const std::array<EdgeSubsetStats, 64>& EdgeSubsetTable() {
  static const std::array<EdgeSubsetStats, 64> table = [] {
    std::array<EdgeSubsetStats, 64> t;
    for (int mask = 0; mask < 64; ++mask) t[mask] = ComputeEdgeSubsetStats(mask);
    return t;
  }();
  return table;
}

// Writes the 191 features from the stats of each subset's edges.
template <typename StatsFn>
void FillFeatures(const Cell& cell, const NoPathValues& no_path, StatsFn stats_of_subset,
                  GraphFeatureVector& out) {
  for (int op = 0; op < kNumOps; ++op) out[op] = cell.CountOp(static_cast<nas::Op>(op));
  const absl::Span<const OpMask> subsets = OpSubsets();
  for (int s = 0; s < kNumOpSubsets; ++s) {
    const EdgeSubsetStats& st = stats_of_subset(subsets[s]);
    const bool path = st.min_path_edges >= 0;
    out[kNumOps + s] = path ? st.min_path_edges : no_path.min_path_len;
    out[kNumOps + kNumOpSubsets + s] = path ? st.max_path_edges : no_path.max_op_on_path;
    double* degree = &out[kNumOps + 2 * kNumOpSubsets + kNumNodeDegreeKeys * s];
    degree[0] = st.input_out_degree;
    degree[1] = st.output_in_degree;
    degree[2] = st.num_edges / 4.0;  // mean over the 4 nodes of their A-out-degree
    degree[3] = st.num_edges / 4.0;  // ... and of their A-in-degree: the same sum
  }
}

std::vector<GraphFeatureInfo> MakeInfos() {
  std::vector<GraphFeatureInfo> infos;
  for (int op = 0; op < kNumOps; ++op) {
    const OpMask mask = static_cast<OpMask>(1u << op);
    infos.push_back(
        {absl::StrCat("op_count_", OpSubsetName(mask)), GraphFeatureKind::kOpCount, mask});
  }
  for (OpMask mask : OpSubsets()) {
    infos.push_back(
        {absl::StrCat("min_path_len_", OpSubsetName(mask)), GraphFeatureKind::kMinPathLen, mask});
  }
  for (OpMask mask : OpSubsets()) {
    infos.push_back({absl::StrCat("max_op_on_path_", OpSubsetName(mask)),
                     GraphFeatureKind::kMaxOpOnPath, mask});
  }
  constexpr std::array<std::pair<const char*, GraphFeatureKind>, kNumNodeDegreeKeys> kKeys = {{
      {"in_degree", GraphFeatureKind::kInDegree},
      {"out_degree", GraphFeatureKind::kOutDegree},
      {"avg_in", GraphFeatureKind::kAvgIn},
      {"avg_out", GraphFeatureKind::kAvgOut},
  }};
  for (OpMask mask : OpSubsets()) {
    for (const auto& [key, kind] : kKeys) {
      infos.push_back({absl::StrCat("node_degree_", OpSubsetName(mask), "_", key), kind, mask});
    }
  }
  AIMC_CHECK(static_cast<int>(infos.size()) == kNumGraphFeatures);
  return infos;
}

}  // namespace

absl::Span<const OpMask> OpSubsets() {
  static const std::array<OpMask, kNumOpSubsets> subsets = [] {
    std::array<OpMask, kNumOpSubsets> s{};
    int n = 0;
    // By size; within a size, itertools.combinations order = lexicographic
    // order of the sorted member lists.
    for (int size = 1; size <= kNumOps; ++size) {
      std::vector<std::vector<int>> members;
      for (unsigned mask = 1; mask < (1u << kNumOps); ++mask) {
        if (std::popcount(mask) != size) continue;
        std::vector<int> ops;
        for (int op = 0; op < kNumOps; ++op) {
          if ((mask >> op) & 1u) ops.push_back(op);
        }
        members.push_back(ops);
      }
      std::sort(members.begin(), members.end());
      for (const std::vector<int>& ops : members) {
        OpMask mask = 0;
        for (int op : ops) mask |= static_cast<OpMask>(1u << op);
        s[n++] = mask;
      }
    }
    AIMC_CHECK(n == kNumOpSubsets);
    return s;
  }();
  return subsets;
}

std::string OpSubsetName(OpMask mask) {
  AIMC_CHECK(mask != 0 && mask < (1u << kNumOps));
  std::vector<absl::string_view> names;
  for (int op = 0; op < kNumOps; ++op) {
    if ((mask >> op) & 1u) names.push_back(nas::OpName(static_cast<nas::Op>(op)));
  }
  return absl::StrCat("(", absl::StrJoin(names, ","), ")");
}

absl::Span<const GraphFeatureInfo> GraphFeatureInfos() {
  static const std::vector<GraphFeatureInfo>* infos =
      new std::vector<GraphFeatureInfo>(MakeInfos());
  return *infos;
}

absl::StatusOr<int> FindGraphFeature(absl::string_view name) {
  static const auto* index = [] {
    auto* map = new absl::flat_hash_map<std::string, int>();
    const absl::Span<const GraphFeatureInfo> infos = GraphFeatureInfos();
    for (int i = 0; i < kNumGraphFeatures; ++i) (*map)[infos[i].name] = i;
    return map;
  }();
  const std::string normalized = absl::StrReplaceAll(name, {{"zeroize", "none"}});
  const auto it = index->find(normalized);
  if (it != index->end()) return it->second;
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown graph feature '", name,
      "': expected <feature>_(<ops>)[_<key>] with feature op_count (one op), min_path_len, "
      "max_op_on_path or node_degree (key in_degree, out_degree, avg_in, avg_out), ops a "
      "comma-separated list in the order skip_connect,none,nor_conv_3x3,nor_conv_1x1,"
      "avg_pool_3x3, e.g. node_degree_(skip_connect,nor_conv_3x3)_avg_in"));
}

EdgeSubsetStats ComputeEdgeSubsetStats(uint8_t edge_mask) {
  AIMC_CHECK(edge_mask < 64);
  static const Dag* const full = new Dag(BuildDag(Cell()));
  const boost::filtered_graph<Dag, EdgeFilter> graph(*full, EdgeFilter{full, edge_mask, 0});
  return StatsOf(graph);
}

GraphFeatureVector ComputeGraphFeatures(const Cell& cell, const NoPathValues& no_path) {
  const std::array<EdgeSubsetStats, 64>& table = EdgeSubsetTable();
  std::array<unsigned, kNumOps> op_edges{};  // tuple positions carrying each op
  for (int k = 0; k < kNumEdges; ++k) op_edges[nas::OpCode(cell.op(k))] |= 1u << k;
  GraphFeatureVector out;
  FillFeatures(
      cell, no_path,
      [&](OpMask ops) -> const EdgeSubsetStats& {
        unsigned edges = 0;
        for (int op = 0; op < kNumOps; ++op) {
          if ((ops >> op) & 1u) edges |= op_edges[op];
        }
        return table[edges];
      },
      out);
  return out;
}

GraphFeatureVector ComputeGraphFeaturesUncached(const Cell& cell, const NoPathValues& no_path) {
  const Dag dag = BuildDag(cell);
  GraphFeatureVector out;
  EdgeSubsetStats stats;
  FillFeatures(
      cell, no_path,
      [&](OpMask ops) -> const EdgeSubsetStats& {
        stats = StatsOf(boost::filtered_graph<Dag, EdgeFilter>(dag, EdgeFilter{&dag, 0, ops}));
        return stats;
      },
      out);
  return out;
}

}  // namespace aimc::analysis
