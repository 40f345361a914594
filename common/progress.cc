#include "common/progress.h"

#include <unistd.h>

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace aimc {

std::string HumanDuration(absl::Duration d) {
  const double s = absl::ToDoubleSeconds(d);
  if (!std::isfinite(s) || s < 0) return "?";
  if (s < 60) return absl::StrFormat("%.1fs", s);
  const int64_t total = static_cast<int64_t>(s);
  if (total < 3600) return absl::StrFormat("%dm%02ds", total / 60, total % 60);
  return absl::StrFormat("%dh%02dm", total / 3600, (total % 3600) / 60);
}

Progress::Progress(std::string label, int64_t total, absl::Duration min_interval,
                   std::FILE* out)
    : label_(std::move(label)),
      total_(total),
      min_interval_(min_interval),
      out_(out),
      is_tty_(out != nullptr && ::isatty(::fileno(out))),
      start_(absl::Now()),
      last_print_(start_) {}

std::string Progress::LineLocked(absl::Time now) const {
  const absl::Duration elapsed = now - start_;
  const double secs = absl::ToDoubleSeconds(elapsed);
  const double rate = secs > 0 ? done_ / secs : 0.0;
  std::string line = absl::StrFormat("%s: %d/%d", label_, done_, total_);
  if (total_ > 0) absl::StrAppendFormat(&line, " (%.1f%%)", 100.0 * done_ / total_);
  absl::StrAppendFormat(&line, " %.3g/s, elapsed %s", rate, HumanDuration(elapsed));
  if (total_ > 0 && rate > 0 && done_ < total_) {
    absl::StrAppend(&line, ", ETA ", HumanDuration(absl::Seconds((total_ - done_) / rate)));
  }
  return line;
}

std::string Progress::Line() const {
  absl::MutexLock lock(&mu_);
  return LineLocked(absl::Now());
}

void Progress::PrintLocked(absl::Time now, bool final) {
  if (out_ == nullptr) return;
  const std::string line = LineLocked(now);
  if (is_tty_) {
    std::fprintf(out_, "\r\033[K%s%s", line.c_str(), final ? "\n" : "");
  } else {
    std::fprintf(out_, "%s\n", line.c_str());
  }
  std::fflush(out_);
  last_print_ = now;
}

void Progress::Add(int64_t n) {
  absl::MutexLock lock(&mu_);
  done_ += n;
  const absl::Time now = absl::Now();
  if (now - last_print_ >= min_interval_) PrintLocked(now, false);
}

void Progress::Finish() {
  absl::MutexLock lock(&mu_);
  PrintLocked(absl::Now(), true);
}

}  // namespace aimc
