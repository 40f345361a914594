#include "experiments/analognas_bench/cell_selection.h"

#include <algorithm>
#include <array>
#include <map>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/file.h"
#include "common/random.h"
#include "common/status_macros.h"
#include "nas/benchmark_store.h"
#include "nas/cell_graph.h"

namespace aimc::experiments {
namespace {

// Random-stream entities of this file (common/random.h key conventions).
constexpr uint32_t kStratumDrawEntity = 0x5e1ec7;  // which classes fill a stratum
constexpr uint32_t kOrderEntity = 0x0bde5;         // evaluation order

struct Tables {
  std::vector<CellClass> classes;
  std::vector<int> class_of;  // by lexicographic index
};

const Tables& GetTables() {
  static const Tables* const tables = [] {
    auto* t = new Tables;
    t->class_of.assign(nas::kNumCells, -1);
    absl::flat_hash_map<std::string, int> by_key;
    for (const nas::Cell& cell : nas::AllCells()) {  // lexicographic: first = smallest
      auto [it, inserted] = by_key.try_emplace(nas::IsomorphismKey(cell), t->classes.size());
      if (inserted) t->classes.push_back(CellClass{cell, {}});
      t->classes[it->second].members.push_back(cell);
      t->class_of[cell.LexIndex()] = it->second;
    }
    return t;
  }();
  return *tables;
}

// A seeded 64-bit key per class: sorting by it is a seeded shuffle that does
// not depend on which other classes are being sorted.
uint64_t ShuffleKey(uint64_t seed, uint32_t entity, int class_index) {
  const std::array<uint32_t, 4> b =
      RandomStream({seed, entity, 0, 0}).Block(static_cast<uint64_t>(class_index));
  return (uint64_t{b[0]} << 32) | b[1];
}

std::vector<nas::Cell> InEvaluationOrder(std::vector<int> class_indices, uint64_t seed) {
  std::sort(class_indices.begin(), class_indices.end(), [seed](int a, int b) {
    return std::pair(ShuffleKey(seed, kOrderEntity, a), a) <
           std::pair(ShuffleKey(seed, kOrderEntity, b), b);
  });
  std::vector<nas::Cell> cells;
  cells.reserve(class_indices.size());
  for (int c : class_indices) cells.push_back(AllCellClasses()[c].representative);
  return cells;
}

absl::StatusOr<std::vector<int>> Stratified(int n, uint64_t seed) {
  if (n < 1 || n > kNumIsomorphismClasses) {
    return absl::InvalidArgumentError(absl::StrCat("cell list: stratified:N needs 1 <= N <= ",
                                                   kNumIsomorphismClasses, ", got ", n));
  }
  std::map<std::array<int, nas::kNumOps>, std::vector<int>> strata;  // ordered: deterministic
  const absl::Span<const CellClass> classes = AllCellClasses();
  for (int c = 0; c < static_cast<int>(classes.size()); ++c) {
    std::array<int, nas::kNumOps> counts{};
    for (nas::Op op : nas::kAllOps) counts[nas::OpCode(op)] = classes[c].representative.CountOp(op);
    strata[counts].push_back(c);
  }
  // Largest-remainder allocation of n over strata by size.
  struct Share {
    std::vector<int>* members;
    int take;
    double remainder;
  };
  std::vector<Share> shares;
  int allocated = 0;
  for (auto& [counts, members] : strata) {
    const double exact = static_cast<double>(n) * members.size() / classes.size();
    const int take = static_cast<int>(exact);
    shares.push_back({&members, take, exact - take});
    allocated += take;
  }
  std::vector<int> order(shares.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  std::stable_sort(order.begin(), order.end(),
                   [&](int a, int b) { return shares[a].remainder > shares[b].remainder; });
  for (int i = 0; allocated < n; ++i, ++allocated) ++shares[order[i]].take;
  std::vector<int> chosen;
  for (Share& s : shares) {
    std::vector<int>& m = *s.members;
    std::sort(m.begin(), m.end(), [seed](int a, int b) {
      return std::pair(ShuffleKey(seed, kStratumDrawEntity, a), a) <
             std::pair(ShuffleKey(seed, kStratumDrawEntity, b), b);
    });
    chosen.insert(chosen.end(), m.begin(), m.begin() + s.take);
  }
  return chosen;
}

absl::StatusOr<std::vector<int>> FromFile(absl::string_view path) {
  absl::StatusOr<std::string> text = ReadFile(path);
  if (absl::IsNotFound(text.status())) {
    return absl::NotFoundError(absl::StrCat(
        "cell list: no file '", path,
        "' (a cell list is all_unique, stratified:N or a file of cells, one per line)"));
  }
  RETURN_IF_ERROR(text.status());
  std::vector<int> chosen;
  absl::flat_hash_set<int> seen;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(*text, '\n')) {
    ++line_number;
    const size_t hash = line.find('#');
    if (hash != absl::string_view::npos) line = line.substr(0, hash);
    line = absl::StripAsciiWhitespace(line);
    if (line.empty()) continue;
    absl::StatusOr<nas::Cell> cell = nas::ParseArch(line);
    if (!cell.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ":", line_number, ": ", cell.status().message()));
    }
    const int c = CellClassIndex(*cell);
    if (seen.insert(c).second) chosen.push_back(c);
  }
  if (chosen.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("cell list ", path, ": no cells in the file"));
  }
  return chosen;
}

}  // namespace

absl::Span<const CellClass> AllCellClasses() { return GetTables().classes; }

int CellClassIndex(const nas::Cell& cell) { return GetTables().class_of[cell.LexIndex()]; }

absl::StatusOr<std::vector<nas::Cell>> SelectCells(absl::string_view spec, uint64_t seed) {
  if (spec == "all_unique") {
    std::vector<int> all(kNumIsomorphismClasses);
    for (int c = 0; c < kNumIsomorphismClasses; ++c) all[c] = c;
    return InEvaluationOrder(std::move(all), seed);
  }
  if (absl::ConsumePrefix(&spec, "stratified:")) {
    int n = 0;
    if (!absl::SimpleAtoi(spec, &n)) {
      return absl::InvalidArgumentError(
          absl::StrCat("cell list: stratified:N needs an integer N, got '", spec, "'"));
    }
    ASSIGN_OR_RETURN(std::vector<int> chosen, Stratified(n, seed));
    return InEvaluationOrder(std::move(chosen), seed);
  }
  if (spec.empty()) {
    return absl::InvalidArgumentError(
        "cell list: empty (expected all_unique, stratified:N or a file of cells)");
  }
  ASSIGN_OR_RETURN(std::vector<int> chosen, FromFile(spec));
  return InEvaluationOrder(std::move(chosen), seed);
}

absl::StatusOr<ShardSpec> ParseShard(absl::string_view text) {
  const std::vector<absl::string_view> parts = absl::StrSplit(text, '/');
  ShardSpec s;
  if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], &s.index) ||
      !absl::SimpleAtoi(parts[1], &s.count) || s.count < 1 || s.count > 100000 || s.index < 0 ||
      s.index >= s.count) {
    return absl::InvalidArgumentError(
        absl::StrCat("shard: expected i/n with 0 <= i < n (e.g. 0/4), got '", text, "'"));
  }
  return s;
}

std::vector<nas::Cell> CellsOfShard(absl::Span<const nas::Cell> cells, ShardSpec shard) {
  std::vector<nas::Cell> out;
  for (size_t i = shard.index; i < cells.size(); i += shard.count) out.push_back(cells[i]);
  return out;
}

}  // namespace aimc::experiments
