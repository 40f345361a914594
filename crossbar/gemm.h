// Single-precision matrix products through the system BLAS (OpenBLAS via
// libblas.so.3 with libopenblas0-pthread; any BLAS works). Column-major, as
// Eigen's default storage. The crossbar's batched forward is a few of these.
//
// SetBlasThreads limits OpenBLAS's own thread pool (openblas_set_num_threads,
// looked up at run time; a no-op with another BLAS). Thread-compatible: the
// thread setting is process-wide.
#ifndef AIMC_CROSSBAR_GEMM_H_
#define AIMC_CROSSBAR_GEMM_H_

#include "Eigen/Core"

namespace aimc::crossbar {

// c = alpha * a * b + beta * c, with a (m x k), b (k x n), c (m x n) views.
// REQUIRES: matching shapes; c does not alias a or b.
void Gemm(const Eigen::Ref<const Eigen::MatrixXf>& a, const Eigen::Ref<const Eigen::MatrixXf>& b,
          Eigen::Ref<Eigen::MatrixXf> c, float alpha = 1.0f, float beta = 0.0f);

// Threads of the BLAS's own pool; returns false if the BLAS has no such knob.
bool SetBlasThreads(int num_threads);

}  // namespace aimc::crossbar

#endif  // AIMC_CROSSBAR_GEMM_H_
