// aimc_nas.Cell and the NB201 space helpers (nas/cell.h, nas/cell_graph.h,
// analysis/graph_features.h, nas/primitives.h).
#include <array>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "analysis/graph_features.h"
#include "nas/benchmark_store.h"
#include "nas/cell.h"
#include "nas/cell_graph.h"
#include "nas/primitives.h"
#include "pybind11/numpy.h"
#include "pybind11/pybind11.h"
#include "pybind11/stl.h"
#include "python/bindings.h"
#include "python/status.h"

namespace aimc::python {

namespace py = pybind11;
using nas::Cell;

Cell ToCell(py::handle arch) {
  if (py::isinstance<Cell>(arch)) return arch.cast<Cell>();
  // bool is an int in Python; True as an architecture is a mistake.
  if (py::isinstance<py::bool_>(arch)) {
    throw py::type_error("architecture: expected a Cell, str, int or 6 op codes, got bool");
  }
  if (py::isinstance<py::int_>(arch)) {
    const long long index = arch.cast<long long>();
    if (index < 0 || index >= nas::kNumCells) {
      RaiseStatus(absl::InvalidArgumentError(absl::StrCat(
          "architecture: lexicographic index must be 0..", nas::kNumCells - 1, ", got ", index)));
    }
    return ValueOrThrow(Cell::FromLexIndex(static_cast<int>(index)));
  }
  if (py::isinstance<py::str>(arch)) return ValueOrThrow(nas::ParseArch(arch.cast<std::string>()));
  if (py::isinstance<py::sequence>(arch)) {
    const py::sequence seq = arch.cast<py::sequence>();
    std::vector<int> codes;
    codes.reserve(seq.size());
    for (py::handle item : seq) {
      if (!py::isinstance<py::int_>(item) || py::isinstance<py::bool_>(item)) {
        throw py::type_error(absl::StrCat("architecture: op codes must be ints, got ",
                                          std::string(py::str(py::type::of(item)))));
      }
      codes.push_back(item.cast<int>());
    }
    return ValueOrThrow(Cell::FromCodes(codes));
  }
  throw py::type_error(absl::StrCat("architecture: expected a Cell, str, int or 6 op codes, got ",
                                    std::string(py::str(py::type::of(arch)))));
}

namespace {

py::tuple CodesTuple(const Cell& cell) {
  const std::array<int, nas::kNumEdges> codes = cell.Codes();
  py::tuple t(nas::kNumEdges);
  for (int k = 0; k < nas::kNumEdges; ++k) t[k] = codes[k];
  return t;
}

py::array_t<double> GraphFeatureArray(const Cell& cell) {
  const analysis::GraphFeatureVector f = analysis::ComputeGraphFeatures(cell);
  py::array_t<double> out(static_cast<py::ssize_t>(f.size()));
  std::copy(f.begin(), f.end(), out.mutable_data());
  return out;
}

}  // namespace

void RegisterNb201(py::module_& m) {
  m.attr("NUM_CELLS") = nas::kNumCells;
  m.attr("OPS") = [] {
    py::tuple names(nas::kNumOps);
    for (int c = 0; c < nas::kNumOps; ++c) names[c] = std::string(nas::OpName(nas::kAllOps[c]));
    return names;
  }();

  py::class_<Cell>(m, "Cell",
                   "An NB201 cell: 6 edges, each one of OPS (in op-code order). Build it from a "
                   "cell string, a tuple (str or sequence of 6 codes, AnalogNAS-Bench/NASLib "
                   "edge order) or a lexicographic index 0..15624 (NASLib's itertools.product "
                   "order; not NB201's API index).")
      .def(py::init([](py::handle arch) { return ToCell(arch); }), py::arg("arch"))
      .def_property_readonly("string", &Cell::ToString, "The NB201 cell string.")
      .def_property_readonly("tuple", &CodesTuple, "The 6 op codes, tuple order.")
      .def_property_readonly("index", &Cell::LexIndex, "The lexicographic index 0..15624.")
      .def_property_readonly(
          "ops",
          [](const Cell& c) {
            py::tuple t(nas::kNumEdges);
            for (int k = 0; k < nas::kNumEdges; ++k) t[k] = std::string(nas::OpName(c.op(k)));
            return t;
          },
          "The 6 op names, tuple order.")
      .def(
          "count",
          [](const Cell& c, const std::string& op) {
            return c.CountOp(ValueOrThrow(nas::ParseOpName(op)));
          },
          py::arg("op"), "Edges carrying `op` (an NB201 op name).")
      .def("isomorphism_key", &nas::IsomorphismKey,
           "The canonical string of the cell's isomorphism class (NATS-Bench "
           "get_unique_str, consider_zero=True; 6,466 classes).")
      .def("is_disconnected", &nas::IsDisconnected,
           "Every input->output path is blocked by `none` (341 cells).")
      .def("pruned", &nas::PruneZeroBranches,
           "Edges on no open path set to `none` (GRAF remove_zero_branches).")
      .def(
          "param_count",
          [](const Cell& c, int stem_channels, int cells_per_stage, int num_classes) {
            if (stem_channels < 1 || cells_per_stage < 1 || num_classes < 1) {
              RaiseStatus(absl::InvalidArgumentError(
                  "param_count: stem_channels, cells_per_stage and num_classes must be >= 1"));
            }
            return nas::ParamCount(c, {.stem_channels = stem_channels,
                                       .cells_per_stage = cells_per_stage,
                                       .num_classes = num_classes});
          },
          py::arg("stem_channels") = 16, py::arg("cells_per_stage") = 5,
          py::arg("num_classes") = 10,
          "Trainable parameters of the NB201 macro network with this cell.")
      .def("graph_features", &GraphFeatureArray,
           "The 191 GRAF graph features (AnalogNAS-Bench App. F), in graph_feature_names() "
           "order, float64.")
      .def(
          "one_hot",
          [](const Cell& c) {
            const auto f = nas::OneHotEncoding(c);
            py::array_t<float> out(static_cast<py::ssize_t>(f.size()));
            std::copy(f.begin(), f.end(), out.mutable_data());
            return out;
          },
          "The 30-dim adjacency one-hot encoding, float32.")
      .def("__str__", &Cell::ToString)
      .def("__repr__", [](const Cell& c) { return absl::StrCat("Cell('", c.ToString(), "')"); })
      .def("__hash__", &Cell::LexIndex)
      .def(
          "__eq__",
          [](const Cell& a, py::handle b) {
            return py::isinstance<Cell>(b) && a == b.cast<Cell>();
          },
          py::is_operator())
      .def(
          "__lt__", [](const Cell& a, const Cell& b) { return a < b; }, py::is_operator())
      .def(py::pickle([](const Cell& c) { return c.LexIndex(); },
                      [](int index) { return ValueOrThrow(Cell::FromLexIndex(index)); }));

  m.def(
      "all_cells",
      [] {
        const absl::Span<const Cell> cells = nas::AllCells();
        return std::vector<Cell>(cells.begin(), cells.end());
      },
      "All 15,625 cells in lexicographic order.");
  m.def(
      "graph_feature_names",
      [] {
        std::vector<std::string> names;
        for (const auto& info : analysis::GraphFeatureInfos()) names.push_back(info.name);
        return names;
      },
      "The names of the 191 GRAF features, in Cell.graph_features() order.");
  m.def(
      "graph_feature_matrix",
      [](const py::iterable& archs) {
        std::vector<Cell> cells;
        for (py::handle a : archs) cells.push_back(ToCell(a));
        py::array_t<double> out(
            {static_cast<py::ssize_t>(cells.size()), py::ssize_t{analysis::kNumGraphFeatures}});
        double* dst = out.mutable_data();
        {
          py::gil_scoped_release release;
          for (const Cell& c : cells) {
            const analysis::GraphFeatureVector f = analysis::ComputeGraphFeatures(c);
            dst = std::copy(f.begin(), f.end(), dst);
          }
        }
        return out;
      },
      py::arg("archs"), "The 191 GRAF features of each architecture: len(archs) x 191, float64.");
}

}  // namespace aimc::python
