// aimc_nas.Benchmark: the AnalogNAS-Bench query API (NATS-Bench style) over
// nas::BenchmarkStore. A metric over all cells is a read-only NumPy view of
// the store's own array (no copy): one float64 per lexicographic index, NaN
// where the cell or value is missing, kept alive by the Benchmark object.
#include <cmath>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "nas/benchmark_store.h"
#include "nas/cell.h"
#include "nas/cell_graph.h"
#include "pybind11/numpy.h"
#include "pybind11/pybind11.h"
#include "pybind11/stl.h"
#include "python/bindings.h"
#include "python/py_benchmark.h"
#include "python/status.h"

namespace aimc::python {

// A stored cell from any architecture form, "nb201:N" included.
nas::Cell Benchmark::Resolve(pybind11::handle arch) const {
  if (pybind11::isinstance<pybind11::str>(arch)) {
    return ValueOrThrow(store_.FindArch(arch.cast<std::string>()));
  }
  const nas::Cell cell = ToCell(arch);
  // FindArch words the NotFound message.
  if (store_.Find(cell) == nullptr) ValueOrThrow(store_.FindArch(cell.ToString()));
  return cell;
}

std::unique_ptr<Benchmark> Benchmark::Load(const std::string& path) {
  absl::StatusOr<nas::BenchmarkStore> store;
  {
    pybind11::gil_scoped_release release;
    store = nas::BenchmarkStore::Load(path);
  }
  return std::make_unique<Benchmark>(ValueOrThrow(std::move(store)), path);
}

std::vector<nas::Cell> Benchmark::Isomorphic(const nas::Cell& cell) {
  if (classes_.empty()) {
    pybind11::gil_scoped_release release;
    for (const nas::Cell& c : store_.Cells()) classes_[nas::IsomorphismKey(c)].push_back(c);
  }
  auto it = classes_.find(nas::IsomorphismKey(cell));
  return it == classes_.end() ? std::vector<nas::Cell>{} : it->second;
}

namespace {

namespace py = pybind11;
using nas::BenchmarkStore;
using nas::Cell;

py::dict ProvenanceDict(const nas::Provenance& p) {
  py::dict d;
  if (p.has_dataset()) d["dataset"] = p.dataset();
  if (p.has_scale()) d["scale"] = p.scale();
  if (p.seeds_size() > 0) d["seeds"] = std::vector<uint64_t>(p.seeds().begin(), p.seeds().end());
  if (p.has_seeds_note()) d["seeds_note"] = p.seeds_note();
  if (p.has_simulator_preset()) d["simulator_preset"] = p.simulator_preset();
  if (p.has_date()) d["date"] = p.date();
  if (p.has_code_version()) d["code_version"] = p.code_version();
  if (p.has_source()) d["source"] = p.source();
  return d;
}

py::dict Describe(const BenchmarkStore& store, const Cell& cell) {
  const nas::ArchEntry& entry = *store.Find(cell);
  py::dict d;
  d["arch"] = cell.ToString();
  d["tuple"] = py::tuple(py::cast(cell.Codes()));
  d["index"] = cell.LexIndex();
  d["nb201_index"] = entry.arch_index >= 0 ? py::object(py::int_(entry.arch_index)) : py::none();
  d["isomorphism_key"] = nas::IsomorphismKey(cell);
  const absl::Span<const std::string> names = nas::MetricNames();
  for (int k = 0; k < nas::kNumMetrics; ++k) d[py::str(names[k])] = entry.values[k];
  return d;
}

// The read-only view of metric `id` over all kNumCells entries.
py::array MetricView(py::object self, const Benchmark& bench, nas::MetricId id) {
  const absl::Span<const nas::ArchEntry> entries = bench.store().entries();
  py::array view(py::dtype::of<double>(), {static_cast<py::ssize_t>(entries.size())},
                 {static_cast<py::ssize_t>(sizeof(nas::ArchEntry))}, &entries[0].values[id.index],
                 self);
  view.attr("setflags")(py::arg("write") = false);
  return view;
}

}  // namespace

void RegisterBenchmark(py::module_& m) {
  py::class_<Benchmark>(
      m, "Benchmark",
      "An AnalogNAS-Bench benchmark file (nas/benchmark.proto), in memory. Architectures may "
      "be given in any form Cell takes, or as 'nb201:N' for NB201's API index N. Accuracies "
      "are in percent; drift metrics are named <kind>_drift_<seconds>[_std].")
      .def(py::init(&Benchmark::Load), py::arg("path"),
           "Loads a benchmark file. NotFoundError for a missing file, DataLossError naming "
           "the record and byte of a truncated or corrupt one.")
      .def_property_readonly("source", &Benchmark::source, "The file it was loaded from.")
      .def_property_readonly(
          "provenance", [](const Benchmark& b) { return ProvenanceDict(b.store().provenance()); },
          "Dataset, scale, seeds, simulator preset, date, code version and source.")
      .def_static(
          "metric_names",
          [] {
            const absl::Span<const std::string> names = nas::MetricNames();
            return std::vector<std::string>(names.begin(), names.end());
          },
          "Every metric name, in storage order.")
      .def("__len__", [](const Benchmark& b) { return b.store().size(); })
      .def("__contains__", [](const Benchmark& b,
                              py::handle arch) { return b.store().Find(ToCell(arch)) != nullptr; })
      .def(
          "__iter__", [](const Benchmark& b) { return py::iter(py::cast(b.store().Cells())); },
          "The stored cells, in lexicographic order.")
      .def(
          "cells", [](const Benchmark& b) { return b.store().Cells(); },
          "The stored cells, in lexicographic order.")
      .def(
          "query",
          [](const Benchmark& b, py::handle arch, py::object metric) -> py::object {
            const Cell cell = b.Resolve(arch);
            if (metric.is_none()) return Describe(b.store(), cell);
            return py::float_(ValueOrThrow(b.store().Metric(cell, metric.cast<std::string>())));
          },
          py::arg("arch"), py::arg("metric") = py::none(),
          "Without `metric`: a dict of the cell's forms (arch, tuple, index, nb201_index, "
          "isomorphism_key) and every metric (NaN = missing). With it: that value "
          "(NotFoundError when missing; InvalidArgumentError listing the names when unknown).")
      .def(
          "records",
          [](const Benchmark& b) {
            py::list out;
            for (const Cell& c : b.store().Cells()) out.append(Describe(b.store(), c));
            return out;
          },
          "query(cell) for every stored cell, in lexicographic order.")
      .def(
          "metrics",
          [](py::object self, const std::string& metric, py::object archs) -> py::array {
            const Benchmark& b = self.cast<const Benchmark&>();
            const nas::MetricId id = ValueOrThrow(nas::ResolveMetric(metric));
            if (archs.is_none()) return MetricView(self, b, id);
            std::vector<Cell> cells;
            for (py::handle a : archs.cast<py::iterable>()) cells.push_back(ToCell(a));
            py::array_t<double> out(static_cast<py::ssize_t>(cells.size()));
            double* dst = out.mutable_data();
            for (const Cell& c : cells) *dst++ = b.store().Value(c, id);
            return out;
          },
          py::arg("metric"), py::arg("archs") = py::none(),
          "Without `archs`: the metric of all 15,625 cells by lexicographic index, a read-only "
          "float64 view of the benchmark's memory (no copy; NaN = missing). With `archs`: a "
          "new array, one value per architecture.")
      .def(
          "stored",
          [](const Benchmark& b) {
            const absl::Span<const nas::ArchEntry> entries = b.store().entries();
            py::array_t<bool> out(static_cast<py::ssize_t>(entries.size()));
            bool* dst = out.mutable_data();
            for (const nas::ArchEntry& e : entries) *dst++ = e.present;
            return out;
          },
          "A bool array by lexicographic index: the cell has a record.")
      .def(
          "nb201_index",
          [](const Benchmark& b, py::handle arch) -> py::object {
            const int index = b.store().Find(b.Resolve(arch))->arch_index;
            return index >= 0 ? py::object(py::int_(index)) : py::none();
          },
          py::arg("arch"), "NB201's API index of a stored cell, or None when not recorded.")
      .def(
          "isomorphic", [](Benchmark& b, py::handle arch) { return b.Isomorphic(ToCell(arch)); },
          py::arg("arch"),
          "The stored cells in the isomorphism class of `arch` (which need not be stored).")
      .def("__repr__", [](const Benchmark& b) {
        return "<aimc_nas.Benchmark " + b.source() + ": " + std::to_string(b.store().size()) +
               " cells>";
      });
}

}  // namespace aimc::python
