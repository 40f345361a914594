#include "common/testing/shared_data.h"

#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace aimc::test_util {
namespace {

namespace fs = std::filesystem;

// This file, relative to the workspace root; common/BUILD lists it in `data`.
constexpr absl::string_view kAnchor = "common/testing/shared_data.cc";

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? "" : value;
}

// Candidate shared-data folders, most specific first.
std::vector<fs::path> Candidates() {
  std::vector<fs::path> out;
  if (const std::string dir = Env("AIMC_SHARED_DATA"); !dir.empty()) out.push_back(dir);
  if (const std::string srcdir = Env("TEST_SRCDIR"); !srcdir.empty()) {
    std::vector<std::string> workspaces = {Env("TEST_WORKSPACE"), "aimc_nas"};
    for (const std::string& workspace : workspaces) {
      if (workspace.empty()) continue;
      std::error_code error;
      // <checkout>/common/testing/shared_data.cc -> <checkout>.
      const fs::path real =
          fs::canonical(fs::path(srcdir) / workspace / std::string(kAnchor), error);
      if (!error)
        out.push_back(real.parent_path().parent_path().parent_path() / ".." / "shared" / "data");
    }
  }
  if (const std::string dir = Env("BUILD_WORKSPACE_DIRECTORY"); !dir.empty()) {
    out.push_back(fs::path(dir) / ".." / "shared" / "data");
  }
  out.push_back(fs::path("..") / "shared" / "data");
  return out;
}

}  // namespace

absl::StatusOr<std::string> FindSharedDataFile(absl::string_view relative_path) {
  std::vector<std::string> tried;
  for (const fs::path& dir : Candidates()) {
    std::error_code error;
    const fs::path file = fs::absolute(dir / std::string(relative_path), error).lexically_normal();
    if (fs::is_regular_file(file, error)) return file.string();
    tried.push_back(file.string());
  }
  return absl::NotFoundError(absl::StrCat("shared data file '", relative_path,
                                          "' not found; looked in: ", absl::StrJoin(tried, ", ")));
}

}  // namespace aimc::test_util
