#include "crossbar/gemm.h"

#include <dlfcn.h>

#include "common/status_macros.h"

extern "C" {
// Fortran BLAS, column-major (every BLAS exports it).
void sgemm_(const char* transa, const char* transb, const int* m, const int* n, const int* k,
            const float* alpha, const float* a, const int* lda, const float* b, const int* ldb,
            const float* beta, float* c, const int* ldc);
}

namespace aimc::crossbar {

void Gemm(const Eigen::Ref<const Eigen::MatrixXf>& a, const Eigen::Ref<const Eigen::MatrixXf>& b,
          Eigen::Ref<Eigen::MatrixXf> c, float alpha, float beta) {
  AIMC_CHECK(a.cols() == b.rows() && c.rows() == a.rows() && c.cols() == b.cols());
  const int m = static_cast<int>(a.rows()), n = static_cast<int>(b.cols());
  const int k = static_cast<int>(a.cols());
  if (m == 0 || n == 0) return;
  if (k == 0) {
    c *= beta;
    return;
  }
  const int lda = static_cast<int>(a.outerStride()), ldb = static_cast<int>(b.outerStride());
  const int ldc = static_cast<int>(c.outerStride());
  sgemm_("N", "N", &m, &n, &k, &alpha, a.data(), &lda, b.data(), &ldb, &beta, c.data(), &ldc);
}

bool SetBlasThreads(int num_threads) {
  using SetThreads = void (*)(int);
  static const auto set = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
  if (set == nullptr) return false;
  set(num_threads);
  return true;
}

}  // namespace aimc::crossbar
