// The aimc_nas Python module (python/README.md): the benchmark's query API,
// the NB201 space helpers, the crossbar tile simulator and the NAS search
// algorithms, over the C++ core, with absl::Status errors as exceptions.
#include "pybind11/pybind11.h"
#include "python/bindings.h"
#include "python/status.h"

PYBIND11_MODULE(aimc_nas, m) {
  m.doc() =
      "aimc-nas: analog in-memory computing simulation and the AnalogNAS-Bench "
      "benchmark (C++ core; python/README.md).";
  aimc::python::RegisterExceptions(m);
  aimc::python::RegisterNb201(m);
  aimc::python::RegisterBenchmark(m);
  aimc::python::RegisterCrossbar(m);
  aimc::python::RegisterSearch(m);
}
