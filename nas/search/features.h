// Predictor features of an NB201 cell (nas_spec.md §3.3, §3.4), for the
// XGBoost surrogate (surrogate.h) and the BANANAS ensemble (bananas.h): the
// 30-dim adjacency one-hot, the BANANAS path encoding (155 bits, or naszilla's
// truncated 30), the raw 6-int tuple, and 15 graph facts from nas:cell_graph
// (a small subset of the 191 GRAF features of §2, which belong to analysis/;
// GraphFeatureNames lists them). Groups are concatenated in that order.
// Validate returns InvalidArgument naming the field. Thread-safe: pure
// functions.
#ifndef AIMC_NAS_SEARCH_FEATURES_H_
#define AIMC_NAS_SEARCH_FEATURES_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "nas/cell.h"

namespace aimc::nas::search {

struct FeatureSet {
  bool one_hot = true;          // 30: OneHotEncoding (nas/primitives.h), the §3.3 default
  bool path_encoding = false;   // 155: PathEncoding, correct blueprint (§3.4)
  bool truncate_path = false;   // with path_encoding: naszilla's trunc_path, first 30 bits
  bool raw_tuple = false;       // 6: op codes 0..4 as numbers (ANB bananas example)
  bool graph_features = false;  // 15: see GraphFeatureNames
};

// InvalidArgument when no group is on, or truncate_path without path_encoding.
absl::Status Validate(const FeatureSet& set);

inline constexpr int kNumGraphFeatures = 15;
// op_count_(op) x5 in code order, path_open_{0..3} (paths [2], [0,4], [1,5],
// [0,3,5]), num_open_paths, min_open_path_len (6 when none: GRAF's
// min_path_len over the 4 non-none ops), max_open_path_len (0 when none),
// pruned_conv3x3 and pruned_conv1x1 (convs left by PruneZeroBranches),
// param_count_m (ParamCount / 1e6, §1.5).
std::vector<std::string> GraphFeatureNames();

int FeatureCount(const FeatureSet& set);

// Appends FeatureCount(set) values for `cell` to `out` (not owned).
void AppendFeatures(const Cell& cell, const FeatureSet& set, std::vector<float>* out);

// Text form (flags): groups joined by '+', each one of one_hot, path,
// truncated_path, tuple, graph, at most once; e.g. "one_hot+graph".
// InvalidArgument naming the bad token and listing the known ones.
absl::StatusOr<FeatureSet> ParseFeatureSet(absl::string_view text);
// The text form of `set`, groups in the order above.
std::string FeatureSetToString(const FeatureSet& set);

// Row-major cells.size() x FeatureCount(set).
std::vector<float> FeatureMatrix(absl::Span<const Cell> cells, const FeatureSet& set);

}  // namespace aimc::nas::search

#endif  // AIMC_NAS_SEARCH_FEATURES_H_
