// The parts of the aimc_nas Python module (module.cc puts them together), and
// the one conversion they share: anything a Python caller may pass as an NB201
// architecture -> nas::Cell.
#ifndef AIMC_PYTHON_BINDINGS_H_
#define AIMC_PYTHON_BINDINGS_H_

#include "nas/cell.h"
#include "pybind11/pybind11.h"

namespace aimc::python {

// A Cell, a cell string, a tuple string ("(0,1,2,3,4,0)"), a decimal
// lexicographic index (str or int, 0..15624) or a sequence of 6 op codes.
// InvalidArgumentError naming the problem; TypeError for other types.
nas::Cell ToCell(pybind11::handle arch);

void RegisterNb201(pybind11::module_& m);      // Cell and the space helpers
void RegisterBenchmark(pybind11::module_& m);  // Benchmark (the query API)
void RegisterCrossbar(pybind11::module_& m);   // Tile and the presets
void RegisterSearch(pybind11::module_& m);     // the search algorithms

}  // namespace aimc::python

#endif  // AIMC_PYTHON_BINDINGS_H_
