// A disk cache of CrossNAS candidate evaluations (crossnas_spec.md §9.3 "reuse across w"):
// key -> CandidateMetrics (accuracy %, energy mJ, latency ms) or an infeasible verdict.
// One CRC-checked record per new evaluation (common/record_io.h), text
// "key\tacc\tenergy\tlatency" (%.17g, so reloaded doubles are bit-identical and a resumed
// search ranks the same) or "key\tinfeasible\treason", flushed at once: a kill loses at most
// the record being written, and a torn tail is dropped on reopen. Keys must not contain a
// tab. Thread-compatible. No LibTorch.
#ifndef AIMC_EXPERIMENTS_CROSSNAS_EVALUATION_CACHE_H_
#define AIMC_EXPERIMENTS_CROSSNAS_EVALUATION_CACHE_H_

#include <cstddef>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/record_io.h"
#include "nas/crossnas/fitness.h"

namespace aimc::experiments::crossnas {

class EvaluationCache {
 public:
  // Opens (or creates) `path` for appending and loads its records. DataLoss naming the
  // path and record for a record that is not an evaluation; the record reader's errors.
  static absl::StatusOr<EvaluationCache> Open(const std::string& path);

  // nullptr when `key` was never added.
  const absl::StatusOr<nas::crossnas::CandidateMetrics>* Find(const std::string& key) const;

  // Appends and flushes. `result` is metrics or an InfeasibleCandidateError.
  absl::Status Add(const std::string& key,
                   const absl::StatusOr<nas::crossnas::CandidateMetrics>& result);

  size_t size() const { return entries_.size(); }

 private:
  explicit EvaluationCache(RecordWriter writer) : writer_(std::move(writer)) {}
  RecordWriter writer_;
  absl::flat_hash_map<std::string, absl::StatusOr<nas::crossnas::CandidateMetrics>> entries_;
};

}  // namespace aimc::experiments::crossnas

#endif  // AIMC_EXPERIMENTS_CROSSNAS_EVALUATION_CACHE_H_
