// Thread-count invariance for LibTorch 1.13 on CPU. Most of its kernels give
// the same bits at any intra-op thread count: conv forward and input gradient
// (oneDNN), BatchNorm forward and backward, per-channel reductions, element-
// wise ops, and the OpenBLAS gemms (one BLAS thread). Two do not: oneDNN's
// conv *weight* gradient splits the batch reduction over threads, and a
// reduction of a whole tensor of more than 32,768 elements (sum, mean, std,
// norm) sums per-thread partials. Code that needs either runs it inside a
// ScopedTorchThreads(1): the trainer's backward, clipping and optimizer step;
// the analog layers' data-dependent input-range initialisation. Measured by
// training:trainer_test ThreadCountChangesNoNumber and
// //tests:thread_invariance_test.
//
// ScopedTorchThreads sets at::set_num_threads(n) for its lifetime and restores
// the previous count. Process-wide state: use it from the thread that drives
// LibTorch, never concurrently from several.
#ifndef AIMC_NETWORKS_TORCH_THREADS_H_
#define AIMC_NETWORKS_TORCH_THREADS_H_

namespace aimc::networks {

class ScopedTorchThreads {
 public:
  explicit ScopedTorchThreads(int num_threads);  // REQUIRES: num_threads >= 1
  ~ScopedTorchThreads();
  ScopedTorchThreads(const ScopedTorchThreads&) = delete;
  ScopedTorchThreads& operator=(const ScopedTorchThreads&) = delete;

 private:
  int previous_;
};

}  // namespace aimc::networks

#endif  // AIMC_NETWORKS_TORCH_THREADS_H_
