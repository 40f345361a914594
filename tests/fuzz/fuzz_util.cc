#include "tests/fuzz/fuzz_util.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "boost/crc.hpp"
#include "common/record_io.h"

namespace aimc::fuzz {

namespace internal {
void CheckFailed(const char* file, int line, const char* cond, absl::string_view what) {
  std::fprintf(stderr, "%s:%d: fuzz invariant broken: %s (%.*s)\n", file, line, cond,
               static_cast<int>(what.size()), what.data());
  std::abort();
}
}  // namespace internal

namespace {
std::string TempDir() {
  for (const char* name : {"TEST_TMPDIR", "TMPDIR"}) {
    const char* dir = std::getenv(name);
    if (dir != nullptr && *dir != '\0') return dir;
  }
  return "/tmp";
}
}  // namespace

TempFile::TempFile(absl::string_view tag)
    : path_(absl::StrCat(TempDir(), "/aimc_fuzz_", getpid(), "_", tag)) {}

TempFile::~TempFile() { std::remove(path_.c_str()); }

void TempFile::Write(absl::string_view contents) {
  std::ofstream out(path_, std::ios::binary | std::ios::trunc);
  out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
  out.close();
  FUZZ_CHECK(out.good(), path_);
}

SplitInput SplitAtLengthPrefix(absl::string_view input) {
  if (input.size() < 2) return {input, absl::string_view()};
  size_t n = static_cast<unsigned char>(input[0]) | (static_cast<unsigned char>(input[1]) << 8);
  input.remove_prefix(2);
  if (n > input.size()) n = input.size();
  return {input.substr(0, n), input.substr(n)};
}

std::string EncodeRecordImage(absl::Span<const std::string> records) {
  std::string image(kRecordMagic);
  auto put_u32 = [&image](uint32_t v) {
    for (int i = 0; i < 4; ++i) image.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  };
  for (const std::string& payload : records) {
    boost::crc_32_type crc;
    crc.process_bytes(payload.data(), payload.size());
    put_u32(static_cast<uint32_t>(payload.size()));
    put_u32(crc.checksum());
    image += payload;
  }
  return image;
}

}  // namespace aimc::fuzz
