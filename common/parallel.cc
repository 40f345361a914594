#include "common/parallel.h"

#include <algorithm>
#include <deque>
#include <thread>
#include <vector>

#include "absl/synchronization/blocking_counter.h"
#include "absl/synchronization/mutex.h"

namespace aimc {
namespace {

// A process-wide pool of worker threads, started on first use and grown on
// demand. Spawning threads per call costs tens of microseconds, as much as the
// element-wise passes it would split. Work submitted from a worker runs inline
// (no nested parallelism, hence no deadlock).
class Pool {
 public:
  struct Job {
    absl::FunctionRef<void(int)> task;
    int index;
    absl::BlockingCounter* done;
  };

  static Pool& Get() {
    static Pool* pool = new Pool();  // never destroyed: workers outlive main
    return *pool;
  }

  // Queues task(0 .. n-1); each decrements *done when finished.
  void Submit(int n, absl::FunctionRef<void(int)> task, absl::BlockingCounter* done) {
    absl::MutexLock lock(&mu_);
    while (static_cast<int>(workers_) < n) {
      std::thread([this] { Work(); }).detach();
      ++workers_;
    }
    for (int i = 0; i < n; ++i) queue_.push_back(Job{task, i, done});
  }

  static bool InWorker() { return in_worker_; }

 private:
  void Work() {
    in_worker_ = true;
    while (true) {
      mu_.LockWhen(absl::Condition(this, &Pool::HasWork));
      Job job = queue_.front();
      queue_.pop_front();
      mu_.Unlock();
      job.task(job.index);
      job.done->DecrementCount();
    }
  }

  bool HasWork() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return !queue_.empty(); }

  absl::Mutex mu_;
  std::deque<Job> queue_ ABSL_GUARDED_BY(mu_);
  int workers_ ABSL_GUARDED_BY(mu_) = 0;
  static thread_local bool in_worker_;
};

thread_local bool Pool::in_worker_ = false;

ParallelBackend backend = nullptr;  // nullptr: Pool

}  // namespace

void SetParallelBackend(ParallelBackend b) { backend = b; }

void ParallelFor(int64_t n, int num_threads, int64_t grain,
                 absl::FunctionRef<void(int64_t begin, int64_t end)> fn) {
  if (n <= 0) return;
  grain = std::max<int64_t>(grain, 1);
  const int64_t grains = (n + grain - 1) / grain;
  const int threads = static_cast<int>(std::min<int64_t>(std::max(num_threads, 1), grains));
  if (threads <= 1 || Pool::InWorker()) {
    fn(0, n);
    return;
  }
  // Equal shares of whole grains; the caller's thread takes share 0, the
  // pool's workers the others.
  auto run_share = [&](int t) {
    const int64_t begin = std::min(n, grains * t / threads * grain);
    const int64_t end = std::min(n, grains * (t + 1) / threads * grain);
    if (begin < end) fn(begin, end);
  };
  if (backend != nullptr) {
    backend(threads, run_share);
    return;
  }
  absl::BlockingCounter done(threads - 1);
  auto others = [&](int i) { run_share(i + 1); };
  Pool::Get().Submit(threads - 1, others, &done);
  run_share(0);
  done.Wait();
}

}  // namespace aimc
