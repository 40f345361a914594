// A deterministic synthetic NB201 landscape with a planted optimum, for the
// search tests (style.md §7: tiny fakes). value(c) = 90 - 2 Hamming(c, optimum)
// - u(c), with u(c) in [0, 1) from a hash of (salt, lexicographic index) and
// u(optimum) = 0: the optimum is the unique maximum (90; every other cell is
// below 88), and the landscape is unimodal in the one-edge neighbourhood.
// Also FailingObjective, which fails once some calls succeeded. testonly.
// Thread-compatible.
#ifndef AIMC_NAS_SEARCH_TESTING_SYNTHETIC_OBJECTIVE_H_
#define AIMC_NAS_SEARCH_TESTING_SYNTHETIC_OBJECTIVE_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "nas/cell.h"
#include "nas/objective.h"

namespace aimc::nas::search::testing {

class PlantedObjective : public Objective {
 public:
  explicit PlantedObjective(const Cell& optimum, uint64_t salt = 0)
      : optimum_(optimum), salt_(salt) {}

  absl::StatusOr<double> Evaluate(const Cell& cell) override;
  std::string name() const override { return "planted"; }

  const Cell& optimum() const { return optimum_; }
  static constexpr double kOptimumValue = 90.0;

 private:
  Cell optimum_;
  uint64_t salt_;
};

// `inner`'s values (not owned) for the first `num_ok` calls, then NotFound.
class FailingObjective : public Objective {
 public:
  FailingObjective(Objective* inner, int num_ok) : inner_(inner), num_ok_(num_ok) {}
  absl::StatusOr<double> Evaluate(const Cell& cell) override;
  std::string name() const override { return "failing"; }

 private:
  Objective* inner_;
  int num_ok_;
  int calls_ = 0;
};

}  // namespace aimc::nas::search::testing

#endif  // AIMC_NAS_SEARCH_TESTING_SYNTHETIC_OBJECTIVE_H_
