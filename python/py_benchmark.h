// aimc_nas.Benchmark's C++ side: a loaded benchmark file, shared by the query
// API (bind_benchmark.cc) and the search bindings (bind_search.cc).
#ifndef AIMC_PYTHON_PY_BENCHMARK_H_
#define AIMC_PYTHON_PY_BENCHMARK_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "nas/benchmark_store.h"
#include "nas/cell.h"
#include "pybind11/pybind11.h"

namespace aimc::python {

class Benchmark {
 public:
  Benchmark(nas::BenchmarkStore store, std::string source)
      : store_(std::move(store)), source_(std::move(source)) {}

  // Loads with the GIL released; raises the Load error.
  static std::unique_ptr<Benchmark> Load(const std::string& path);

  const nas::BenchmarkStore& store() const { return store_; }
  const std::string& source() const { return source_; }

  // A stored cell from any form ToCell takes, or "nb201:N"; NotFoundError
  // when not stored.
  nas::Cell Resolve(pybind11::handle arch) const;

  // The stored cells isomorphic to `cell`, lexicographic order (the class
  // index is built on first use).
  std::vector<nas::Cell> Isomorphic(const nas::Cell& cell);

 private:
  nas::BenchmarkStore store_;
  std::string source_;
  absl::flat_hash_map<std::string, std::vector<nas::Cell>> classes_;
};

}  // namespace aimc::python

#endif  // AIMC_PYTHON_PY_BENCHMARK_H_
