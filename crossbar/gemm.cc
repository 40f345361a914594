#include "crossbar/gemm.h"

#include <dlfcn.h>

#include <algorithm>
#include <atomic>

#include "common/parallel.h"
#include "common/status_macros.h"

extern "C" {
// Fortran BLAS, column-major (every BLAS exports it).
void sgemm_(const char* transa, const char* transb, const int* m, const int* n, const int* k,
            const float* alpha, const float* a, const int* lda, const float* b, const int* ldb,
            const float* beta, float* c, const int* ldc);
}

namespace aimc::crossbar {
namespace {
// The BLAS pool size last set here (0: never set, i.e. the environment's).
std::atomic<int> blas_threads{0};
}  // namespace

void BlasGemm(const Eigen::Ref<const Eigen::MatrixXf>& a,
              const Eigen::Ref<const Eigen::MatrixXf>& b, Eigen::Ref<Eigen::MatrixXf> c,
              float alpha, float beta) {
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

void Gemm(const Eigen::Ref<const Eigen::MatrixXf>& a, const Eigen::Ref<const Eigen::MatrixXf>& b,
          Eigen::Ref<Eigen::MatrixXf> c, int num_threads, float alpha, float beta) {
  if (blas_threads.load(std::memory_order_relaxed) != 1) SetBlasThreads(1);  // our pool threads
  // The pieces depend on the shape only, never on num_threads: the same
  // sgemm calls run whatever the thread count (OpenBLAS's kernels may round an
  // element differently when it sits in a piece of another size). Wide
  // products split their columns into pieces of 256; narrow ones (a batch of a
  // few hundred vectors) split their rows into 4 pieces, which costs only
  // re-packing the small right-hand side.
  const int64_t m = a.rows(), n = b.cols();
  const bool by_columns = n >= 512;
  const int64_t extent = by_columns ? n : m;
  const int64_t piece = by_columns ? 256 : std::max<int64_t>(64, (m / 4 + 15) / 16 * 16);
  const int64_t pieces = (extent + piece - 1) / piece;
  ParallelFor(pieces, num_threads, 1, [&](int64_t first, int64_t last) {
    for (int64_t p = first; p < last; ++p) {
      const int64_t begin = p * piece, size = std::min(piece, extent - begin);
      if (by_columns) {
        BlasGemm(a, b.middleCols(begin, size), c.middleCols(begin, size), alpha, beta);
      } else {
        BlasGemm(a.middleRows(begin, size), b, c.middleRows(begin, size), alpha, beta);
      }
    }
  });
}

bool SetBlasThreads(int num_threads) {
  using SetThreads = void (*)(int);
  static const auto set =
      reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
  if (set == nullptr) return false;
  set(num_threads);
  blas_threads.store(num_threads, std::memory_order_relaxed);
  return true;
}

}  // namespace aimc::crossbar
