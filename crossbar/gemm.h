// Single-precision matrix products through the system BLAS (OpenBLAS via
// libblas.so.3 with libopenblas0-pthread; any BLAS works). Column-major, as
// Eigen's default storage. The crossbar's batched forward is a few of these.
//
// Gemm splits the product into pieces chosen from the shape alone (column
// pieces of 256 for wide products, 4 row pieces for narrow ones) and runs each
// piece as one single-threaded BLAS call, the pieces spread over
// `num_threads` of our pool (common/parallel.h): the same calls
// happen whatever the thread count, so results are bit-identical for any
// thread count (OpenBLAS's own threading is not: it rounds differently with 1
// and 2 threads, and its kernels round a column differently in pieces of
// different widths).
// SetBlasThreads sets OpenBLAS's own pool (openblas_set_num_threads, looked
// up at run time; a no-op with another BLAS); Gemm sets it to 1 on first use.
// Thread-safe; the BLAS thread setting is process-wide.
#ifndef AIMC_CROSSBAR_GEMM_H_
#define AIMC_CROSSBAR_GEMM_H_

#include "Eigen/Core"

namespace aimc::crossbar {

// c = alpha * a * b + beta * c, with a (m x k), b (k x n), c (m x n) views.
// REQUIRES: matching shapes; c does not alias a or b.
void Gemm(const Eigen::Ref<const Eigen::MatrixXf>& a, const Eigen::Ref<const Eigen::MatrixXf>& b,
          Eigen::Ref<Eigen::MatrixXf> c, int num_threads = 1, float alpha = 1.0f,
          float beta = 0.0f);

// One sgemm call through BLAS's own threading, as set by SetBlasThreads: the
// plain product the benchmarks compare against.
void BlasGemm(const Eigen::Ref<const Eigen::MatrixXf>& a,
              const Eigen::Ref<const Eigen::MatrixXf>& b, Eigen::Ref<Eigen::MatrixXf> c,
              float alpha = 1.0f, float beta = 0.0f);

// Threads of the BLAS's own pool; returns false if the BLAS has no such knob.
bool SetBlasThreads(int num_threads);

}  // namespace aimc::crossbar

#endif  // AIMC_CROSSBAR_GEMM_H_
