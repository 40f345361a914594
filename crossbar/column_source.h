// The input vectors of a forward (in x B, one vector per column), as a
// matrix or made block by block on demand. A convolution's unrolled input is
// tens of MB per layer; made whole it is written once and read once from main
// memory, while a block made just before the tile's IO pass reads it stays in
// cache. AnalogLayer streams a source through a tile whose IO streams (a
// static input range, one pass: IoModel::Streams) and materializes it
// otherwise. The numbers do not depend on which.
// InputBatch is the one type the forwards take: either kind, by reference.
#ifndef AIMC_CROSSBAR_COLUMN_SOURCE_H_
#define AIMC_CROSSBAR_COLUMN_SOURCE_H_

#include <cstdint>
#include <optional>

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

// A batch as the forwards take it: a float matrix (read in place) or a
// ColumnSource (made block by block). Converts implicitly from either, so
// one function serves both. A view: the matrix or source must outlive it
// (a temporary argument lives to the end of the call). An expression that
// is not a column-major matrix, map or block of one is evaluated once into
// the view's own storage, as Eigen::Ref does. Not copyable.
class InputBatch {
 public:
  template <typename Derived>
  InputBatch(const Eigen::MatrixBase<Derived>& m)  // NOLINT: implicit by design
      : matrix_(std::in_place, m) {}
  InputBatch(const ColumnSource& source) : source_(&source) {}  // NOLINT: implicit
  InputBatch(const InputBatch&) = delete;
  InputBatch& operator=(const InputBatch&) = delete;

  int64_t rows() const { return source_ != nullptr ? source_->rows() : matrix_->rows(); }
  int64_t cols() const { return source_ != nullptr ? source_->cols() : matrix_->cols(); }
  // Exactly one of these is non-null.
  const Eigen::Ref<const Eigen::MatrixXf>* matrix() const {
    return matrix_.has_value() ? &*matrix_ : nullptr;
  }
  const ColumnSource* source() const { return source_; }

 private:
  std::optional<Eigen::Ref<const Eigen::MatrixXf>> matrix_;
  const ColumnSource* source_ = nullptr;
};

// The whole batch in *m (resized), filled in ranges over `num_threads`.
void Materialize(const ColumnSource& x, Eigen::MatrixXf* m, int num_threads);

}  // namespace aimc::crossbar

#endif  // AIMC_CROSSBAR_COLUMN_SOURCE_H_
