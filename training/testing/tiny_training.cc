#include "training/testing/tiny_training.h"

#include <cstdio>
#include <cstdlib>
#include <utility>
#include <vector>

#include <torch/torch.h>

#include "gtest/gtest.h"
#include "networks/nb201_network.h"

namespace aimc::training::testing {

std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  const std::string path = std::string(dir != nullptr ? dir : "/tmp") + "/" + name;
  std::remove(path.c_str());
  return path;
}

networks::Network TinyNb201(uint64_t init_seed) {
  networks::Nb201Config config;
  config.stem_channels = 4;
  config.cells_per_stage = 1;
  config.input_channels = 1;
  config.num_classes = 4;
  config.init_seed = init_seed;
  auto net = networks::CreateNb201Network("(2,2,0,2,2,3)", config);
  EXPECT_TRUE(net.ok()) << net.status();
  return networks::AsNetwork(*net);
}

TrainerConfig TinyConfig(const std::string& checkpoint_path) {
  TrainerConfig config;
  config.schedule.epochs = 2;
  config.batch_size = 16;
  config.seed = 7;
  config.num_threads = 1;
  config.checkpoint.path = checkpoint_path;
  config.logging.log = nullptr;
  return config;
}

namespace {

// Every parameter and buffer, by name.
std::vector<std::pair<std::string, torch::Tensor>> State(networks::Network& net) {
  std::vector<std::pair<std::string, torch::Tensor>> state;
  for (const auto& item : net->named_parameters()) state.emplace_back(item.key(), item.value());
  for (const auto& item : net->named_buffers()) state.emplace_back(item.key(), item.value());
  return state;
}

}  // namespace

void ExpectIdentical(networks::Network& a, networks::Network& b) {
  const auto state_a = State(a);
  const auto state_b = State(b);
  ASSERT_EQ(state_a.size(), state_b.size());
  for (size_t i = 0; i < state_a.size(); ++i) {
    EXPECT_EQ(state_a[i].first, state_b[i].first);
    EXPECT_TRUE(torch::equal(state_a[i].second, state_b[i].second)) << state_a[i].first;
  }
}

}  // namespace aimc::training::testing
