#include "nas/search/features.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "nas/cell_graph.h"
#include "nas/primitives.h"

namespace aimc::nas::search {

absl::Status Validate(const FeatureSet& set) {
  if (!set.one_hot && !set.path_encoding && !set.raw_tuple && !set.graph_features) {
    return absl::InvalidArgumentError(
        "features: at least one of one_hot, path_encoding, raw_tuple, graph_features must be on");
  }
  if (set.truncate_path && !set.path_encoding) {
    return absl::InvalidArgumentError("features.truncate_path: requires path_encoding");
  }
  return absl::OkStatus();
}

std::vector<std::string> GraphFeatureNames() {
  std::vector<std::string> names;
  for (Op op : kAllOps) names.push_back(absl::StrCat("op_count_(", OpName(op), ")"));
  for (int p = 0; p < kNumPaths; ++p) names.push_back(absl::StrCat("path_open_", p));
  for (const char* name : {"num_open_paths", "min_open_path_len", "max_open_path_len",
                           "pruned_conv3x3", "pruned_conv1x1", "param_count_m"}) {
    names.push_back(name);
  }
  return names;
}

int FeatureCount(const FeatureSet& set) {
  int n = 0;
  if (set.one_hot) n += kOneHotSize;
  if (set.path_encoding) n += set.truncate_path ? kTruncatedPathEncodingSize : kPathEncodingSize;
  if (set.raw_tuple) n += kNumEdges;
  if (set.graph_features) n += kNumGraphFeatures;
  return n;
}

void AppendFeatures(const Cell& cell, const FeatureSet& set, std::vector<float>* out) {
  if (set.one_hot) {
    const auto one_hot = OneHotEncoding(cell);
    out->insert(out->end(), one_hot.begin(), one_hot.end());
  }
  if (set.path_encoding) {
    const auto path = PathEncoding(cell);
    const int n = set.truncate_path ? kTruncatedPathEncodingSize : kPathEncodingSize;
    out->insert(out->end(), path.begin(), path.begin() + n);
  }
  if (set.raw_tuple) {
    for (int code : cell.Codes()) out->push_back(static_cast<float>(code));
  }
  if (set.graph_features) {
    for (Op op : kAllOps) out->push_back(static_cast<float>(cell.CountOp(op)));
    int open = 0, min_len = kNumEdges, max_len = 0;
    for (int p = 0; p < kNumPaths; ++p) {
      const bool is_open = IsPathOpen(cell, p);
      out->push_back(is_open ? 1.0f : 0.0f);
      if (!is_open) continue;
      ++open;
      const int len = static_cast<int>(PathPositions(p).size());
      min_len = std::min(min_len, len);
      max_len = std::max(max_len, len);
    }
    const Cell pruned = PruneZeroBranches(cell);
    out->push_back(static_cast<float>(open));
    out->push_back(static_cast<float>(min_len));
    out->push_back(static_cast<float>(max_len));
    out->push_back(static_cast<float>(pruned.CountOp(Op::kNorConv3x3)));
    out->push_back(static_cast<float>(pruned.CountOp(Op::kNorConv1x1)));
    out->push_back(static_cast<float>(ParamCount(cell) * 1e-6));
  }
}

absl::StatusOr<FeatureSet> ParseFeatureSet(absl::string_view text) {
  FeatureSet set{.one_hot = false};
  for (absl::string_view token : absl::StrSplit(text, '+')) {
    bool* flag = nullptr;
    if (token == "one_hot") flag = &set.one_hot;
    if (token == "path" || token == "truncated_path") flag = &set.path_encoding;
    if (token == "tuple") flag = &set.raw_tuple;
    if (token == "graph") flag = &set.graph_features;
    if (flag == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("features: unknown group '", token, "' in '", text,
                       "' (expected one_hot, path, truncated_path, tuple, graph joined by '+')"));
    }
    if (*flag) {
      return absl::InvalidArgumentError(
          absl::StrCat("features: group '", token, "' given twice in '", text, "'"));
    }
    *flag = true;
    set.truncate_path = set.truncate_path || token == "truncated_path";
  }
  return set;
}

std::string FeatureSetToString(const FeatureSet& set) {
  std::vector<std::string> groups;
  if (set.one_hot) groups.push_back("one_hot");
  if (set.path_encoding) groups.push_back(set.truncate_path ? "truncated_path" : "path");
  if (set.raw_tuple) groups.push_back("tuple");
  if (set.graph_features) groups.push_back("graph");
  return absl::StrJoin(groups, "+");
}

std::vector<float> FeatureMatrix(absl::Span<const Cell> cells, const FeatureSet& set) {
  std::vector<float> out;
  out.reserve(cells.size() * FeatureCount(set));
  for (const Cell& cell : cells) AppendFeatures(cell, set, &out);
  return out;
}

}  // namespace aimc::nas::search
