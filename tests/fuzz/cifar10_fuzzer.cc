// Fuzzes the CIFAR-10 binary reader (training/data/cifar10.h
// ReadCifar10Files; it takes paths, so the input goes to a temp file) with any
// record count. Asserts: a file that reads holds size / 3073 records.
#include <cstdint>
#include <string>
#include <vector>

#include "tests/fuzz/fuzz_util.h"
#include "training/data/cifar10.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static aimc::fuzz::TempFile* const file = new aimc::fuzz::TempFile("cifar10.bin");
  file->Write(aimc::fuzz::AsView(data, size));
  const std::vector<std::string> paths = {file->path()};
  const auto dataset = aimc::training::ReadCifar10Files(paths, 0, "fuzz");
  if (!dataset.ok()) return 0;
  FUZZ_CHECK(
      size % aimc::training::kCifar10RecordBytes == 0 &&
          dataset->size() == static_cast<int64_t>(size / aimc::training::kCifar10RecordBytes),
      "record count");
  return 0;
}
