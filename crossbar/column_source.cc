#include "crossbar/column_source.h"

#include "common/parallel.h"

namespace aimc::crossbar {

void Materialize(const ColumnSource& x, Eigen::MatrixXf* m, int num_threads) {
  m->resize(x.rows(), x.cols());
  float* data = m->data();
  const int64_t rows = x.rows();
  ParallelFor(x.cols(), num_threads, 256, [&](int64_t begin, int64_t end) {
    x.Fill(begin, end - begin, data + begin * rows);
  });
}

}  // namespace aimc::crossbar
