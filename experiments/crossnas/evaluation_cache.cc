#include "experiments/crossnas/evaluation_cache.h"

#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "common/status_macros.h"
#include "nas/crossnas/evolution.h"

namespace aimc::experiments::crossnas {

using nas::crossnas::CandidateMetrics;

absl::StatusOr<EvaluationCache> EvaluationCache::Open(const std::string& path) {
  std::vector<std::string> records;
  ASSIGN_OR_RETURN(RecordWriter writer, RecordWriter::OpenForAppend(path, &records));
  EvaluationCache cache(std::move(writer));
  for (size_t i = 0; i < records.size(); ++i) {
    const std::vector<std::string> f = absl::StrSplit(records[i], '\t');
    if (f.size() == 3 && f[1] == "infeasible") {
      cache.entries_.emplace(f[0], nas::crossnas::InfeasibleCandidateError(f[2]));
      continue;
    }
    CandidateMetrics m;
    if (f.size() != 4 || !absl::SimpleAtod(f[1], &m.accuracy_pct) ||
        !absl::SimpleAtod(f[2], &m.energy_mj) || !absl::SimpleAtod(f[3], &m.latency_ms)) {
      return absl::DataLossError(
          absl::StrCat(path, ": record ", i, " is not an evaluation: '", records[i], "'"));
    }
    cache.entries_.emplace(f[0], m);
  }
  return cache;
}

const absl::StatusOr<CandidateMetrics>* EvaluationCache::Find(const std::string& key) const {
  auto it = entries_.find(key);
  return it == entries_.end() ? nullptr : &it->second;
}

absl::Status EvaluationCache::Add(const std::string& key,
                                  const absl::StatusOr<CandidateMetrics>& result) {
  const std::string record =
      result.ok() ? absl::StrFormat("%s\t%.17g\t%.17g\t%.17g", key, result->accuracy_pct,
                                    result->energy_mj, result->latency_ms)
                  : absl::StrCat(key, "\tinfeasible\t", result.status().message());
  RETURN_IF_ERROR(writer_.Write(record));
  RETURN_IF_ERROR(writer_.Flush());
  entries_.emplace(key, result);
  return absl::OkStatus();
}

}  // namespace aimc::experiments::crossnas
