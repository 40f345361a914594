#include "python/status.h"

#include <string>

namespace aimc::python {
namespace {

namespace py = pybind11;

// Owned by the module (added as attributes); they live as long as it.
PyObject* g_status_error = nullptr;
PyObject* g_invalid_argument = nullptr;
PyObject* g_not_found = nullptr;
PyObject* g_data_loss = nullptr;

PyObject* NewException(py::module_& m, const char* name, const char* doc, py::handle bases) {
  const std::string qualified = std::string("aimc_nas.") + name;
  PyObject* cls = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, bases.ptr(), nullptr);
  if (cls == nullptr) throw py::error_already_set();
  m.add_object(name, py::reinterpret_borrow<py::object>(cls));
  return cls;
}

}  // namespace

void RegisterExceptions(py::module_& m) {
  g_status_error = NewException(m, "StatusError",
                                "An error of the C++ core (an absl::Status); str() is its message.",
                                py::handle(PyExc_RuntimeError));
  const py::handle base(g_status_error);
  g_invalid_argument = NewException(m, "InvalidArgumentError", "absl INVALID_ARGUMENT.",
                                    py::make_tuple(base, py::handle(PyExc_ValueError)));
  g_not_found = NewException(m, "NotFoundError", "absl NOT_FOUND.",
                             py::make_tuple(base, py::handle(PyExc_LookupError)));
  g_data_loss = NewException(m, "DataLossError", "absl DATA_LOSS (a truncated or corrupt file).",
                             py::make_tuple(base, py::handle(PyExc_OSError)));
}

void RaiseStatus(const absl::Status& status) {
  PyObject* cls = g_status_error;
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
      cls = g_invalid_argument;
      break;
    case absl::StatusCode::kNotFound:
      cls = g_not_found;
      break;
    case absl::StatusCode::kDataLoss:
      cls = g_data_loss;
      break;
    default:
      break;
  }
  const std::string message(status.message());
  py::object error = py::handle(cls)(py::str(message.data(), message.size()));
  error.attr("code") = absl::StatusCodeToString(status.code());
  PyErr_SetObject(cls, error.ptr());
  throw py::error_already_set();
}

}  // namespace aimc::python
