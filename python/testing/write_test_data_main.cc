// Writes the Python tests' data, made by the C++ core itself:
//   argv[1]: the synthetic benchmark (nas/testing/synthetic_benchmark.h), all cells;
//   argv[2]: the same, every 7th cell (a partial benchmark);
//   argv[3]: raw float32 outputs of a tile for fixed seeds, which
//            aimc_nas_test.py must reproduce through the Python module:
//            preset analognas_bench, W (64 x 48) w[o,i] = ((7o + 3i) % 11 - 5) / 10,
//            X (5 x 48) x[b,i] = ((5b + 2i) % 13 - 6) / 6, key (seed 42, entity 3);
//            forward (unprogrammed), Program(2), Drift(3600 s, read 1), two
//            forwards; each output (batch, out) in C order, one after another.
#include <cstdio>
#include <vector>

#include "Eigen/Core"
#include "absl/status/status.h"
#include "common/random.h"
#include "crossbar/config.h"
#include "crossbar/tile.h"
#include "nas/benchmark_store.h"
#include "nas/testing/synthetic_benchmark.h"

namespace {

absl::Status WriteTileReference(const char* path) {
  absl::StatusOr<aimc::crossbar::TileConfig> config =
      aimc::crossbar::LoadTileConfig("analognas_bench");
  if (!config.ok()) return config.status();
  Eigen::MatrixXf w(64, 48), x(48, 5);  // x: in x batch (the tile's layout)
  for (int o = 0; o < 64; ++o) {
    for (int i = 0; i < 48; ++i) w(o, i) = static_cast<float>((7 * o + 3 * i) % 11 - 5) / 10.0f;
  }
  for (int b = 0; b < 5; ++b) {
    for (int i = 0; i < 48; ++i) x(i, b) = static_cast<float>((5 * b + 2 * i) % 13 - 6) / 6.0f;
  }
  absl::StatusOr<aimc::crossbar::Tile> tile =
      aimc::crossbar::Tile::Create(*config, w, aimc::StreamKey{.seed = 42, .entity = 3});
  if (!tile.ok()) return tile.status();
  std::vector<Eigen::MatrixXf> outputs(3);
  tile->Forward(x, &outputs[0], 1);
  if (absl::Status s = tile->Program(2, 1); !s.ok()) return s;
  if (absl::Status s = tile->Drift(3600, 1, 1); !s.ok()) return s;
  tile->Forward(x, &outputs[1], 1);
  tile->Forward(x, &outputs[2], 1);
  std::FILE* f = std::fopen(path, "wb");
  if (f == nullptr) return absl::UnavailableError(path);
  // Column-major out x batch is (batch, out) in C order.
  for (const Eigen::MatrixXf& y : outputs) std::fwrite(y.data(), sizeof(float), y.size(), f);
  return std::fclose(f) == 0 ? absl::OkStatus() : absl::DataLossError(path);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s FULL.pb STRIDE7.pb TILE.f32\n", argv[0]);
    return 2;
  }
  namespace tu = aimc::nas::test_util;
  for (absl::Status s : {tu::SyntheticStore().Save(argv[1]),
                         tu::SyntheticStore(aimc::nas::kNumCells / 7, 7).Save(argv[2]),
                         WriteTileReference(argv[3])}) {
    if (!s.ok()) {
      std::fprintf(stderr, "write_test_data: %s\n", s.ToString().c_str());
      return 1;
    }
  }
  return 0;
}
