// aimc_nas.search: the NB201 search algorithms of nas/search (registry.h) over
// a benchmark metric or a Python function. The random stream of trial t is
// the one `bazel run //nas/search:run_search` uses for trial t (trials.h:
// {seed, kSearchEntity, t, 0}), so the same seed finds the same cells.
#include <cmath>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/random.h"
#include "common/random_cursor.h"
#include "nas/benchmark_store.h"
#include "nas/cell.h"
#include "nas/objective.h"
#include "nas/search/registry.h"
#include "nas/search/restricted_objective.h"
#include "nas/search/search_algorithm.h"
#include "nas/search/trials.h"
#include "pybind11/numpy.h"
#include "pybind11/pybind11.h"
#include "pybind11/stl.h"
#include "python/bindings.h"
#include "python/py_benchmark.h"
#include "python/status.h"

namespace aimc::python {
namespace {

namespace py = pybind11;
using nas::Cell;

// A Python callable(Cell) -> float as an Objective. Called with the GIL
// released around the search, so it takes the GIL for each call. A Python
// exception is kept and re-raised after the search (the search sees a
// Cancelled status and stops).
class CallableObjective : public nas::Objective {
 public:
  CallableObjective(py::function fn, double sign) : fn_(std::move(fn)), sign_(sign) {}
  // The kept exception must be destroyed with the GIL held.
  ~CallableObjective() override {
    py::gil_scoped_acquire gil;
    error_.reset();
    fn_ = py::function();
  }

  absl::StatusOr<double> Evaluate(const Cell& cell) override {
    py::gil_scoped_acquire gil;
    try {
      const double value = fn_(cell).cast<double>();
      if (!std::isfinite(value)) {
        return absl::InvalidArgumentError(
            absl::StrCat("objective returned ", value, " for cell ", cell.ToTupleString()));
      }
      return sign_ * value;
    } catch (py::error_already_set& e) {
      error_ = std::move(e);
      return absl::CancelledError("the Python objective raised");
    } catch (const py::cast_error&) {
      return absl::InvalidArgumentError(
          absl::StrCat("objective: expected a float for cell ", cell.ToTupleString()));
    }
  }
  std::string name() const override { return "python_objective"; }

  void RethrowIfRaised() {
    if (error_.has_value()) {
      py::error_already_set e = std::move(*error_);
      error_.reset();
      throw e;
    }
  }

 private:
  py::function fn_;
  double sign_;
  std::optional<py::error_already_set> error_;
};

// The benchmark's metric (negated when minimising) on its stored cells; the
// other cells score `penalty`, below every stored value (RestrictedObjective).
std::unique_ptr<nas::search::RestrictedObjective> MetricObjective(const Benchmark& bench,
                                                                  const std::string& metric,
                                                                  double sign, double* penalty) {
  const nas::MetricId id = ValueOrThrow(nas::ResolveMetric(metric));
  std::vector<Cell> cells = bench.store().Cells();
  std::vector<double> values;
  values.reserve(cells.size());
  double lowest = std::numeric_limits<double>::infinity();
  for (const Cell& c : cells) {
    values.push_back(sign * bench.store().Value(c, id));
    if (std::isfinite(values.back())) lowest = std::min(lowest, values.back());
  }
  if (!std::isfinite(lowest)) {
    RaiseStatus(absl::NotFoundError(
        absl::StrCat("benchmark ", bench.source(), " has no value of '", metric, "'")));
  }
  *penalty = lowest - 1 - std::abs(lowest);
  return ValueOrThrow(
      nas::search::RestrictedObjective::FromValues(metric, cells, values, *penalty));
}

}  // namespace

void RegisterSearch(py::module_& root) {
  py::module_ m = root.def_submodule("search", "NB201 search algorithms (nas/search).");
  m.def("algorithms", &nas::search::AlgorithmNames, "The registry keys, e.g. 'bananas'.");
  m.def(
      "run",
      [](const std::string& algorithm, py::object benchmark, const std::string& metric,
         py::object objective, int budget, uint64_t seed, uint32_t trial, bool minimize) {
        const std::unique_ptr<nas::search::SearchAlgorithm> algo =
            ValueOrThrow(nas::search::CreateAlgorithm(algorithm));
        if (benchmark.is_none() == objective.is_none()) {
          RaiseStatus(absl::InvalidArgumentError(
              "search.run: give exactly one of benchmark= (with metric=) and objective="));
        }
        const double sign = minimize ? -1 : 1;
        std::unique_ptr<nas::Objective> owned;
        CallableObjective* callable = nullptr;
        double penalty = -std::numeric_limits<double>::infinity();
        if (!benchmark.is_none()) {
          owned = MetricObjective(benchmark.cast<const Benchmark&>(), metric, sign, &penalty);
        } else {
          auto c = std::make_unique<CallableObjective>(objective.cast<py::function>(), sign);
          callable = c.get();
          owned = std::move(c);
        }
        RandomCursor rng(RandomStream(StreamKey{
            .seed = seed, .entity = nas::search::kSearchEntity, .instance = trial, .draw = 0}));
        absl::StatusOr<nas::search::SearchResult> result;
        {
          py::gil_scoped_release release;
          result = algo->Run(*owned, budget, rng);
        }
        if (callable != nullptr) callable->RethrowIfRaised();
        const nas::search::SearchResult r = ValueOrThrow(std::move(result));
        // Back to the metric's own sign; penalised (unstored) cells are NaN.
        const auto metric_value = [&](double v) {
          return v == penalty ? std::numeric_limits<double>::quiet_NaN() : sign * v;
        };
        const py::ssize_t n = static_cast<py::ssize_t>(r.trajectory.size());
        py::array_t<double> values(n), best(n);
        std::vector<Cell> cells;
        for (py::ssize_t k = 0; k < n; ++k) {
          values.mutable_at(k) = metric_value(r.trajectory[k].value);
          best.mutable_at(k) = metric_value(r.trajectory[k].best_value);
          cells.push_back(r.trajectory[k].cell);
        }
        py::dict out;
        out["algorithm"] = algorithm;
        out["best_arch"] = r.best_cell;
        out["best_value"] = metric_value(r.best_value);
        out["queries"] = r.queries;
        out["trajectory_cells"] = cells;
        out["trajectory_values"] = values;
        out["trajectory_best"] = best;
        return out;
      },
      py::arg("algorithm"), py::kw_only(), py::arg("benchmark") = py::none(),
      py::arg("metric") = "analog_drift_86400", py::arg("objective") = py::none(),
      py::arg("budget") = 150, py::arg("seed") = 0, py::arg("trial") = 0,
      py::arg("minimize") = false,
      "Runs one search trial. Either benchmark= and metric= (cells the benchmark lacks score "
      "below every stored one) or objective=, a function Cell -> float. budget counts distinct "
      "queried cells. minimize=True for lower-is-better metrics (avm, params, flops). Returns "
      "a dict: best_arch, best_value (the metric's value), queries, trajectory_cells, "
      "trajectory_values and trajectory_best (NaN for unstored cells).");
}

}  // namespace aimc::python
