// Progress display for long jobs, on stderr (stdout stays for results).
//
//   Progress progress("programming instances", total);
//   for (...) { ...; progress.Add(1); }
//   progress.Finish();
//
// Prints "label: done/total (pct) rate/s, elapsed, ETA" at most every
// `min_interval` (default 1 s; on a terminal the line is redrawn in place,
// otherwise one line per update, so logs of SLURM jobs stay readable).
// Thread-safe: Add may be called from worker threads.
#ifndef AIMC_COMMON_PROGRESS_H_
#define AIMC_COMMON_PROGRESS_H_

#include <cstdint>
#include <cstdio>
#include <string>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace aimc {

class Progress {
 public:
  // `out` is not owned and must outlive this object (default stderr).
  Progress(std::string label, int64_t total, absl::Duration min_interval = absl::Seconds(1),
           std::FILE* out = stderr);

  // Adds `n` finished units; prints if min_interval passed since the last line.
  void Add(int64_t n = 1);
  // Prints the final line (always).
  void Finish();

  // The line Add/Finish would print now (for tests).
  std::string Line() const;

 private:
  std::string LineLocked(absl::Time now) const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void PrintLocked(absl::Time now, bool final) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const std::string label_;
  const int64_t total_;
  const absl::Duration min_interval_;
  std::FILE* const out_;
  const bool is_tty_;
  const absl::Time start_;
  mutable absl::Mutex mu_;
  int64_t done_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Time last_print_ ABSL_GUARDED_BY(mu_);
};

// "1h02m", "3m05s", "12.3s".
std::string HumanDuration(absl::Duration d);

}  // namespace aimc

#endif  // AIMC_COMMON_PROGRESS_H_
