// A batch of input vectors (in x B, one vector per column) produced block by
// block on demand. A convolution's unrolled input is tens of MB per layer;
// made whole it is written once and read once from main memory, while a
// block made just before the tile's IO pass reads it stays in cache.
// AnalogLayer streams a source through a tile whose IO streams (a static
// input range, one pass: IoModel::Streams) and materializes it otherwise.
// The numbers do not depend on which.
#ifndef AIMC_CROSSBAR_COLUMN_SOURCE_H_
#define AIMC_CROSSBAR_COLUMN_SOURCE_H_

#include <cstdint>

#include "Eigen/Core"

namespace aimc::crossbar {

class ColumnSource {
 public:
  virtual ~ColumnSource() = default;
  virtual int64_t rows() const = 0;
  virtual int64_t cols() const = 0;
  // Writes columns [j0, j0 + n) to dst: rows() x n floats, column-major,
  // contiguous. Called concurrently for disjoint ranges.
  virtual void Fill(int64_t j0, int64_t n, float* dst) const = 0;
  // True if Fill writes DAC levels already: IoModel::ToDacLevels of the raw
  // inputs with the consuming tile's static input range (made before
  // unrolling, on 1/(k k) of the elements). Only for a layer whose
  // Streams() is true; the IO model then skips steps 1-2.
  virtual bool dac_levels() const { return false; }
};

// The whole batch in *m (resized), filled in ranges over `num_threads`.
void Materialize(const ColumnSource& x, Eigen::MatrixXf* m, int num_threads);

}  // namespace aimc::crossbar

#endif  // AIMC_CROSSBAR_COLUMN_SOURCE_H_
