// Fuzzes the IDX reader of Fashion-MNIST (training/data/fashion_mnist.h
// ReadIdxDataset: big-endian IDX headers, plain or gzip) on an image file and
// a label file. Input: 2-byte length-prefixed image bytes, then label bytes
// (fuzz_util.h SplitAtLengthPrefix), each written to a temp file (the reader
// takes paths). Asserts nothing beyond "no crash, no sanitizer report": the
// reader's own checks are the contract.
#include <cstdint>

#include "tests/fuzz/fuzz_util.h"
#include "training/data/fashion_mnist.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static aimc::fuzz::TempFile* const images = new aimc::fuzz::TempFile("images.idx");
  static aimc::fuzz::TempFile* const labels = new aimc::fuzz::TempFile("labels.idx");
  const aimc::fuzz::SplitInput input =
      aimc::fuzz::SplitAtLengthPrefix(aimc::fuzz::AsView(data, size));
  images->Write(input.first);
  labels->Write(input.second);
  aimc::training::ReadIdxDataset(images->path(), labels->path(), 10, "fuzz").status().IgnoreError();
  return 0;
}
