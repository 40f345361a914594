// aimc_nas.Tile: one crossbar tile of the simulator (crossbar/tile.h) on NumPy
// arrays. Shapes follow torch.nn.Linear: weights (out, in), inputs (batch, in),
// outputs (batch, out), all float32 C-contiguous. Such an input is the tile's
// column-major (in x batch) matrix as it lies, so the forward reads it in place
// and hands its own output buffer to NumPy: no copy either way. The same
// (seed, entity) and call sequence give the same numbers as the C++ Tile.
#include <chrono>
#include <cmath>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "Eigen/Core"
#include "absl/strings/str_cat.h"
#include "common/random.h"
#include "common/textproto.h"
#include "crossbar/config.h"
#include "crossbar/tile.h"
#include "crossbar/tile_config.pb.h"
#include "google/protobuf/text_format.h"
#include "pybind11/numpy.h"
#include "pybind11/pybind11.h"
#include "pybind11/stl.h"
#include "python/bindings.h"
#include "python/status.h"

namespace aimc::python {
namespace {

namespace py = pybind11;
using RowMajorMatrixXf = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// `obj` as a 2-D float32 C-contiguous array; TypeError (wrong type, dtype or
// layout) or InvalidArgumentError (wrong rank) naming `what` otherwise.
py::array CheckedMatrix(py::handle obj, const char* what) {
  if (!py::isinstance<py::array>(obj)) {
    throw py::type_error(absl::StrCat(what, ": expected a numpy.ndarray of float32, got ",
                                      std::string(py::str(py::type::of(obj)))));
  }
  py::array a = py::reinterpret_borrow<py::array>(obj);
  if (!a.dtype().is(py::dtype::of<float>())) {
    throw py::type_error(absl::StrCat(what, ": expected dtype float32, got ",
                                      std::string(py::str(a.dtype())),
                                      " (convert with .astype(numpy.float32))"));
  }
  if ((a.flags() & py::array::c_style) == 0) {
    throw py::type_error(
        absl::StrCat(what, ": expected a C-contiguous array (use numpy.ascontiguousarray)"));
  }
  if (a.ndim() != 2) {
    RaiseStatus(absl::InvalidArgumentError(
        absl::StrCat(what, ": expected a 2-D array, got ", a.ndim(), " dimensions")));
  }
  return a;
}

// InvalidArgument naming the first non-finite element of a (rows x cols)
// row-major array, in NumPy's indexing.
absl::Status CheckFinite(const float* data, py::ssize_t rows, py::ssize_t cols, const char* what) {
  const py::ssize_t n = rows * cols;
  for (py::ssize_t k = 0; k < n; ++k) {
    if (!std::isfinite(data[k])) {
      return absl::InvalidArgumentError(absl::StrCat(what, "[", k / cols, ", ", k % cols, "] is ",
                                                     std::isnan(data[k]) ? "nan" : "inf"));
    }
  }
  return absl::OkStatus();
}

py::array_t<float> VectorArray(const Eigen::VectorXf& v) {
  py::array_t<float> out(static_cast<py::ssize_t>(v.size()));
  std::copy(v.data(), v.data() + v.size(), out.mutable_data());
  return out;
}

// (out, in) row-major copy of a column-major out x in matrix.
py::array_t<float> MatrixArray(const Eigen::MatrixXf& w) {
  py::array_t<float> out({static_cast<py::ssize_t>(w.rows()), static_cast<py::ssize_t>(w.cols())});
  Eigen::Map<RowMajorMatrixXf>(out.mutable_data(), w.rows(), w.cols()) = w;
  return out;
}

void CheckThreads(int num_threads) {
  if (num_threads < 1) {
    RaiseStatus(
        absl::InvalidArgumentError(absl::StrCat("num_threads: must be >= 1, got ", num_threads)));
  }
}

crossbar::TileConfig ConfigFrom(const std::string& config, py::object config_text) {
  crossbar::TileConfig tile_config;
  if (!config_text.is_none()) {
    ThrowIfError(ParseTextProto(config_text.cast<std::string>(), "config_text", &tile_config));
    ThrowIfError(crossbar::Validate(tile_config));
    return tile_config;
  }
  return ValueOrThrow(crossbar::LoadTileConfig(config));
}

// The Tile and a lock: Python threads may share a tile, and the C++ Tile is
// only thread-compatible (Forward advances its call counter). The GIL is
// released in every call that computes, so the lock is what serialises them.
class PyTile {
 public:
  explicit PyTile(crossbar::Tile tile) : tile_(std::move(tile)) {}

  static std::unique_ptr<PyTile> Create(py::handle weights, const std::string& config,
                                        py::object config_text, uint64_t seed, uint32_t entity) {
    const crossbar::TileConfig tile_config = ConfigFrom(config, std::move(config_text));
    const py::array w = CheckedMatrix(weights, "weights");
    const Eigen::Map<const RowMajorMatrixXf> w_map(static_cast<const float*>(w.data()), w.shape(0),
                                                   w.shape(1));
    absl::StatusOr<crossbar::Tile> tile;
    {
      py::gil_scoped_release release;
      // The tile keeps its own column-major copy of W.
      tile = crossbar::Tile::Create(tile_config, w_map, StreamKey{.seed = seed, .entity = entity});
    }
    return std::make_unique<PyTile>(ValueOrThrow(std::move(tile)));
  }

  py::array_t<float> Forward(py::handle x_obj, int num_threads) {
    CheckThreads(num_threads);
    const py::array x = CheckedMatrix(x_obj, "x");
    const py::ssize_t batch = x.shape(0);
    if (x.shape(1) != tile_.in_size()) {
      RaiseStatus(
          absl::InvalidArgumentError(absl::StrCat("x: expected shape (batch, ", tile_.in_size(),
                                                  "), got (", batch, ", ", x.shape(1), ")")));
    }
    auto y = std::make_unique<Eigen::MatrixXf>();
    const float* x_data = static_cast<const float*>(x.data());
    absl::Status status;
    {
      py::gil_scoped_release release;
      status = CheckFinite(x_data, batch, x.shape(1), "x");
      if (status.ok() && batch > 0) {
        const Eigen::Map<const Eigen::MatrixXf> x_map(x_data, tile_.in_size(), batch);
        std::lock_guard<std::mutex> lock(mu_);
        tile_.Forward(x_map, y.get(), num_threads);
      }
    }
    ThrowIfError(status);
    const std::vector<py::ssize_t> shape = {batch, py::ssize_t{tile_.out_size()}};
    if (batch == 0) return py::array_t<float>(shape);
    // y is out x batch column-major = (batch, out) C order; NumPy owns it now.
    float* data = y->data();
    py::capsule owner(y.release(), [](void* p) { delete static_cast<Eigen::MatrixXf*>(p); });
    return py::array_t<float>(shape, data, owner);
  }

  void Program(uint32_t instance, int num_threads) {
    CheckThreads(num_threads);
    absl::Status status;
    {
      py::gil_scoped_release release;
      std::lock_guard<std::mutex> lock(mu_);
      status = tile_.Program(instance, num_threads);
    }
    ThrowIfError(status);
  }

  void Drift(double t_inference_s, uint32_t read_index, int num_threads) {
    CheckThreads(num_threads);
    if (!std::isfinite(t_inference_s) || t_inference_s < 0) {
      RaiseStatus(absl::InvalidArgumentError(
          absl::StrCat("t_inference_s: must be finite and >= 0, got ", t_inference_s)));
    }
    absl::Status status;
    {
      py::gil_scoped_release release;
      std::lock_guard<std::mutex> lock(mu_);
      status = tile_.Drift(t_inference_s, read_index, num_threads);
    }
    ThrowIfError(status);
  }

  // The accessors copy under the lock: a concurrent call may be changing them.
  template <typename F>
  auto Locked(F f) {
    std::lock_guard<std::mutex> lock(mu_);
    return f(tile_);
  }

 private:
  std::mutex mu_;
  crossbar::Tile tile_;
};

}  // namespace

void RegisterCrossbar(py::module_& m) {
  m.def("tile_presets", &crossbar::TilePresetNames, "The names of the compiled-in tile presets.");
  m.def(
      "tile_config",
      [](const std::string& config) {
        const crossbar::TileConfig c = ValueOrThrow(crossbar::LoadTileConfig(config));
        std::string text;
        google::protobuf::TextFormat::PrintToString(c, &text);
        return text;
      },
      py::arg("config"),
      "The text proto of a preset name or a .textproto path (NotFoundError listing the "
      "presets for an unknown name).");

  py::class_<PyTile>(
      m, "Tile",
      "One analog crossbar tile (crossbar/tile.h; aimc_model.md). Lifecycle: Tile(weights) maps "
      "W (unprogrammed: only the IO non-idealities act) -> program(instance) -> drift(t) -> "
      "forward(x) ... Random streams are keyed by (seed, entity), as in C++.")
      .def(py::init(&PyTile::Create), py::arg("weights"), py::arg("config") = "ideal",
           py::arg("config_text") = py::none(), py::arg("seed") = 0, py::arg("entity") = 0,
           "weights: float32 (out, in). config: a preset name (tile_presets()) or a .textproto "
           "path; config_text: a TileConfig text proto instead. InvalidArgumentError for "
           "non-finite weights or a bad config, NotFoundError for an unknown preset.")
      .def("forward", &PyTile::Forward, py::arg("x"), py::arg("num_threads") = 1,
           "y = tile(x): x float32 (batch, in) -> float32 (batch, out). Each call draws fresh "
           "IO noise (the C++ call counter advances).")
      .def("program", &PyTile::Program, py::arg("instance") = 0, py::arg("num_threads") = 1,
           "Programs devices (instance `instance`) and calibrates drift compensation.")
      .def("drift", &PyTile::Drift, py::arg("t_inference_s"), py::arg("read_index") = 0,
           py::arg("num_threads") = 1,
           "The weights t_inference_s seconds after programming, read number read_index. "
           "StatusError (FAILED_PRECONDITION) before program().")
      .def("reset", [](PyTile& t) { t.Locked([](crossbar::Tile& tile) { tile.Reset(); }); })
      .def(
          "set_noise_exempt_rows",
          [](PyTile& t, std::vector<bool> exempt) {
            ThrowIfError(t.Locked(
                [&](crossbar::Tile& tile) { return tile.SetNoiseExemptRows(std::move(exempt)); }));
          },
          py::arg("exempt"), "Output rows kept off the device model (Rasch 2023 Supp. Table 8).")
      .def_property_readonly(
          "in_size", [](PyTile& t) { return t.Locked([](auto& tile) { return tile.in_size(); }); })
      .def_property_readonly(
          "out_size",
          [](PyTile& t) { return t.Locked([](auto& tile) { return tile.out_size(); }); })
      .def_property_readonly(
          "programmed",
          [](PyTile& t) { return t.Locked([](auto& tile) { return tile.programmed(); }); })
      .def_property(
          "input_range",
          [](PyTile& t) { return t.Locked([](auto& tile) { return tile.input_range(); }); },
          [](PyTile& t, float r) {
            if (!std::isfinite(r) || r < 0) {
              RaiseStatus(absl::InvalidArgumentError(
                  absl::StrCat("input_range: must be finite and >= 0, got ", r)));
            }
            t.Locked([r](auto& tile) { tile.set_input_range(r); });
          },
          "The static input range r (0 = none).")
      .def_property_readonly(
          "output_scales",
          [](PyTile& t) {
            return VectorArray(t.Locked([](auto& tile) { return tile.output_scales(); }));
          },
          "Digital output scales gamma, one per row (a copy).")
      .def_property_readonly(
          "alpha",
          [](PyTile& t) { return VectorArray(t.Locked([](auto& tile) { return tile.alpha(); })); },
          "Drift compensation factors (a copy).")
      .def_property_readonly(
          "mapped_weights",
          [](PyTile& t) {
            return MatrixArray(t.Locked([](auto& tile) { return tile.mapped_weights(); }));
          },
          "The mapped target weights (out, in), |w| <= 1 (a copy).")
      .def_property_readonly(
          "effective_weights",
          [](PyTile& t) {
            return MatrixArray(t.Locked([](auto& tile) { return tile.effective_weights(); }));
          },
          "What the MVM uses now, mapped units (out, in) (a copy).");

  // The C++ baseline of python/tile_overhead_benchmark.py: `iterations`
  // forwards of x through the tile from C++, into one reused output (what a
  // C++ caller does), timed with the GIL released. Seconds per call.
  m.def(
      "_cpp_forward_seconds",
      [](PyTile& t, py::handle x_obj, int iterations) {
        const py::array x = CheckedMatrix(x_obj, "x");
        const float* x_data = static_cast<const float*>(x.data());
        const py::ssize_t batch = x.shape(0), in = x.shape(1);
        if (in != t.Locked([](auto& tile) { return tile.in_size(); }) || batch < 1 ||
            iterations < 1) {
          RaiseStatus(absl::InvalidArgumentError("_cpp_forward_seconds: bad shape or iterations"));
        }
        py::gil_scoped_release release;
        return t.Locked([&](crossbar::Tile& tile) {
          const Eigen::Map<const Eigen::MatrixXf> x_map(x_data, in, batch);
          Eigen::MatrixXf y;
          tile.Forward(x_map, &y, 1);  // warm-up: sizes y
          const auto start = std::chrono::steady_clock::now();
          for (int i = 0; i < iterations; ++i) tile.Forward(x_map, &y, 1);
          return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() /
                 iterations;
        });
      },
      py::arg("tile"), py::arg("x"), py::arg("iterations"));
}

}  // namespace aimc::python
