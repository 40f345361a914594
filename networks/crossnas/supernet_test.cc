#include "networks/crossnas/supernet.h"

#include <torch/torch.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/random.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nas/crossnas/arch_genotype.h"
#include "networks/network.h"

namespace aimc::networks::crossnas {
namespace {

using nas::crossnas::ArchGenotype;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// T0 (spec §9.3): D_max 3, rho 1/8 -> channels {4, 8, 16}.
CrossNasSupernetOptions T0Options(uint64_t seed = 0) {
  CrossNasSupernetOptions options = T0SupernetOptions();
  options.init_seed = seed;
  return options;
}

CrossNasSupernet MustCreate(const CrossNasSupernetOptions& options) {
  absl::StatusOr<CrossNasSupernet> net = CreateCrossNasSupernet(options);
  EXPECT_TRUE(net.ok()) << net.status();
  return *net;
}

ArchGenotype MustParse(const std::string& text, int slots) {
  absl::StatusOr<ArchGenotype> g =
      nas::crossnas::ParseArchGenotype(text, nas::crossnas::ArchSpaceOptions{.max_blocks = slots});
  EXPECT_TRUE(g.ok()) << g.status();
  return *g;
}

torch::Tensor Param(CrossNasSupernet& net, const std::string& name) {
  // Keep the dict alive: find() points into it (ASan caught a use after free).
  const auto all = net->named_parameters();
  const torch::Tensor* t = all.find(name);
  EXPECT_NE(t, nullptr) << name;
  return t == nullptr ? torch::Tensor() : *t;
}

torch::Tensor Buffer(CrossNasSupernet& net, const std::string& name) {
  // Keep the dict alive: find() points into it (ASan caught a use after free).
  const auto all = net->named_buffers();
  const torch::Tensor* t = all.find(name);
  EXPECT_NE(t, nullptr) << name;
  return t == nullptr ? torch::Tensor() : *t;
}

torch::Tensor Images(int64_t n, int channels = 3, int size = 32) {
  torch::manual_seed(1);  // test inputs only; the network never reads the global generator
  return torch::rand({n, channels, size, size});
}

TEST(CrossNasSupernetTest, ChannelsScaleWithRho) {
  EXPECT_THAT(MustCreate(T0Options())->channel_choices(), ElementsAre(4, 8, 16));
  EXPECT_EQ(T0SupernetOptions().max_blocks, 3);
  CrossNasSupernetOptions t1;
  t1.width_scale = 0.25;
  t1.max_blocks = 2;
  EXPECT_THAT(MustCreate(t1)->channel_choices(), ElementsAre(8, 16, 32));
  EXPECT_EQ(ScaledChannels(32, 0.001), 1);
  // Storage (spec §2.5): slot 1 takes the image, later slots Kmax; fc1 4 Kmax.
  CrossNasSupernet net = MustCreate(T0Options());
  EXPECT_EQ(Param(net, "slots.0.res.conv1.weight").sizes(), (std::vector<int64_t>{16, 3, 3, 3}));
  EXPECT_EQ(Param(net, "slots.0.res.shortcut.weight").sizes(), (std::vector<int64_t>{16, 3, 1, 1}));
  EXPECT_EQ(Param(net, "slots.2.vgg.conv2.weight").sizes(), (std::vector<int64_t>{16, 16, 3, 3}));
  EXPECT_EQ(Param(net, "slots.1.mvgg.conv1.weight").sizes(), (std::vector<int64_t>{16, 16, 3, 3}));
  EXPECT_EQ(Param(net, "head.fc1_weight").sizes(), (std::vector<int64_t>{200, 64}));
  EXPECT_EQ(net->named_parameters().find("slots.0.vgg.shortcut.weight"), nullptr);
}

TEST(CrossNasSupernetTest, BadOptionsNameTheField) {
  CrossNasSupernetOptions options = T0Options();
  options.width_scale = 0;
  absl::StatusOr<CrossNasSupernet> net = CreateCrossNasSupernet(options);
  EXPECT_EQ(net.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(net.status().message(), HasSubstr("width_scale"));
  options = T0Options();
  options.max_blocks = 0;
  EXPECT_THAT(CreateCrossNasSupernet(options).status().message(), HasSubstr("max_blocks"));
}

TEST(CrossNasSupernetTest, ShapesForSeveralPaths) {
  CrossNasSupernet net = MustCreate(T0Options());
  const torch::Tensor x = Images(4);
  for (const std::string path : {"VGG-32", "MVGG-128", "RES-64", "RES-128,VGG-64,MVGG-32",
                                 "VGG-128,VGG-128,VGG-128", "MVGG-32,skip,RES-128"}) {
    ASSERT_TRUE(net->SetPath(MustParse(path, 3)).ok()) << path;
    for (bool training : {true, false}) {
      net->train(training);
      const torch::Tensor y = net->forward(x);
      EXPECT_EQ(y.sizes(), (std::vector<int64_t>{4, 10})) << path;
      EXPECT_TRUE(torch::isfinite(y).all().item<bool>()) << path;
    }
  }
  // Canonical form: the skip moves to the end.
  EXPECT_EQ(net->path().ToString(), "MVGG-32,RES-128");
  // D_max = 8, 1 input channel (Fashion-MNIST padded to 32x32), CIFAR-100 head.
  CrossNasSupernetOptions options = T0Options();
  options.max_blocks = 8;
  options.input_channels = 1;
  options.num_classes = 100;
  options.single_fc_head = true;
  options.res_stride2 = true;
  CrossNasSupernet wide = MustCreate(options);
  ASSERT_TRUE(wide->SetPath(MustParse("RES-32,MVGG-64,RES-128,VGG-32,MVGG-32,MVGG-64,RES-32,"
                                      "MVGG-128",
                                      8))
                  .ok());
  EXPECT_EQ(wide->forward(Images(2, 1)).sizes(), (std::vector<int64_t>{2, 100}));
}

TEST(CrossNasSupernetTest, IllegalPathIsInvalidArgument) {
  CrossNasSupernet net = MustCreate(T0Options());
  const ArchGenotype before = net->path();
  absl::Status status = net->SetPath(*ArchGenotype::FromGenes({9, 10, 9}, 3));
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  status = net->SetPath(*ArchGenotype::FromGenes({0}, 8));  // wrong slot count
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(net->path(), before);
  // 8x8 input: at most 2 down-sampling blocks keep the map >= 2x2.
  CrossNasSupernetOptions small = T0Options();
  small.input_size = 8;
  CrossNasSupernet net8 = MustCreate(small);
  EXPECT_EQ(net8->arch_space().max_downsampling_blocks, 2);
  EXPECT_EQ(net8->SetPath(MustParse("VGG-32,VGG-32,VGG-32", 3)).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(net8->SetPath(MustParse("VGG-32,VGG-32,MVGG-32", 3)).ok());
}

// MACs of the active path, and a VGG block halving the map: the next block's
// conv runs on 16x16 instead of 32x32.
TEST(CrossNasSupernetTest, VggHalvesSpatialSizeAndMacsFollowThePath) {
  CrossNasSupernet net = MustCreate(T0Options());
  ASSERT_TRUE(net->SetPath(MustParse("VGG-32,MVGG-64", 3)).ok());
  absl::StatusOr<std::vector<LayerMacs>> layers = net->ActivePathLayerMacs(32, 32);
  ASSERT_TRUE(layers.ok()) << layers.status();
  ASSERT_EQ(layers->size(), 7u);
  EXPECT_EQ((*layers)[0].name, "slots.0.vgg.conv1");
  EXPECT_EQ((*layers)[0].macs, 4 * 3 * 9 * 32 * 32);
  EXPECT_EQ((*layers)[1].macs, 4 * 4 * 9 * 32 * 32);
  EXPECT_EQ((*layers)[2].name, "slots.1.mvgg.conv1");
  EXPECT_EQ((*layers)[2].macs, 8 * 4 * 9 * 16 * 16);
  EXPECT_EQ((*layers)[3].macs, 8 * 8 * 9 * 16 * 16);
  EXPECT_EQ((*layers)[4].name, "head.fc1");
  EXPECT_EQ((*layers)[4].macs, 200 * 4 * 8);
  EXPECT_EQ((*layers)[5].macs, 200 * 50);
  EXPECT_EQ((*layers)[6].macs, 50 * 10);
  ASSERT_TRUE(net->SetPath(MustParse("MVGG-32,MVGG-64", 3)).ok());
  absl::StatusOr<std::vector<LayerMacs>> plain = net->ActivePathLayerMacs(32, 32);
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ((*plain)[2].macs, 8 * 4 * 9 * 32 * 32);
  // RES: two convs and the 1x1 shortcut.
  ASSERT_TRUE(net->SetPath(MustParse("RES-128", 3)).ok());
  absl::StatusOr<int64_t> total = net->ActivePathMacCount(32, 32);
  ASSERT_TRUE(total.ok());
  EXPECT_EQ(*total, (16 * 3 * 9 + 16 * 16 * 9 + 16 * 3) * 32 * 32 + 200 * 64 + 200 * 50 + 500);
  EXPECT_EQ(net->ActivePathMacCount(0, 32).status().code(), absl::StatusCode::kInvalidArgument);
}

// Weight sharing through slices: a gradient step on MVGG-32 (K = 4) in slot 0
// changes exactly [:4, :3] of conv1, [:4, :4] of conv2, BN [:4] and fc1's
// first 16 columns, nothing else.
TEST(CrossNasSupernetTest, GradientStepChangesExactlyTheLeadingSlice) {
  CrossNasSupernet net = MustCreate(T0Options(3));
  ASSERT_TRUE(net->SetPath(MustParse("MVGG-32", 3)).ok());
  std::vector<torch::Tensor> before;
  for (const torch::Tensor& p : net->parameters()) before.push_back(p.detach().clone());
  net->train();
  torch::optim::SGD sgd(net->parameters(), torch::optim::SGDOptions(0.1));
  sgd.zero_grad();
  torch::nn::functional::cross_entropy(net->forward(Images(8)), torch::arange(8) % 10).backward();
  sgd.step();
  auto changed = [&](const std::string& name) {
    int index = 0;
    for (const auto& item : net->named_parameters()) {
      if (item.key() == name) return item.value().detach().ne(before[index]);
      ++index;
    }
    ADD_FAILURE() << name;
    return torch::Tensor();
  };
  const torch::Tensor c1 = changed("slots.0.mvgg.conv1.weight");
  EXPECT_TRUE(c1.slice(0, 0, 4).all().item<bool>());
  EXPECT_FALSE(c1.slice(0, 4).any().item<bool>());
  const torch::Tensor c2 = changed("slots.0.mvgg.conv2.weight");
  EXPECT_TRUE(c2.slice(0, 0, 4).slice(1, 0, 4).all().item<bool>());
  EXPECT_EQ(c2.sum().item<int64_t>(), c2.slice(0, 0, 4).slice(1, 0, 4).sum().item<int64_t>());
  const torch::Tensor gamma = changed("slots.0.mvgg.conv2.bn_weight");
  EXPECT_TRUE(gamma.slice(0, 0, 4).all().item<bool>());
  EXPECT_FALSE(gamma.slice(0, 4).any().item<bool>());
  const torch::Tensor fc1 = changed("head.fc1_weight");
  EXPECT_FALSE(fc1.slice(1, 16).any().item<bool>());
  EXPECT_TRUE(fc1.slice(1, 0, 16).any().item<bool>());
  for (const std::string other :
       {"slots.0.vgg.conv1.weight", "slots.0.res.conv1.weight", "slots.1.mvgg.conv1.weight"}) {
    EXPECT_FALSE(changed(other).any().item<bool>()) << other;
  }
}

// Batch statistics reach the stored buffers through the [:K] views.
TEST(CrossNasSupernetTest, BatchNormRunningStatsUpdateThroughTheSlice) {
  CrossNasSupernet net = MustCreate(T0Options(5));
  ASSERT_TRUE(net->SetPath(MustParse("MVGG-64", 3)).ok());  // K = 8 of 16
  net->train();
  net->SetBatchNormMomentum(1.0);  // running := this batch's statistics
  const torch::Tensor x = Images(6);
  {
    torch::NoGradGuard no_grad;
    net->forward(x);
  }
  const torch::Tensor w = Param(net, "slots.0.mvgg.conv1.weight").detach().slice(0, 0, 8);
  const torch::Tensor z = torch::conv2d(x, w, {}, 1, 1);
  const torch::Tensor mean = z.mean({0, 2, 3});
  const torch::Tensor var = z.var({0, 2, 3}, /*unbiased=*/true);
  const torch::Tensor rm = Buffer(net, "slots.0.mvgg.conv1.running_mean");
  const torch::Tensor rv = Buffer(net, "slots.0.mvgg.conv1.running_var");
  EXPECT_TRUE(torch::allclose(rm.slice(0, 0, 8), mean, 1e-5, 1e-5)) << rm << mean;
  EXPECT_TRUE(torch::allclose(rv.slice(0, 0, 8), var, 1e-4, 1e-5)) << rv << var;
  EXPECT_TRUE(rm.slice(0, 8).eq(0).all().item<bool>());
  EXPECT_TRUE(rv.slice(0, 8).eq(1).all().item<bool>());
  net->ResetBatchNormStats();
  EXPECT_TRUE(rm.eq(0).all().item<bool>());
  EXPECT_TRUE(rv.eq(1).all().item<bool>());
}

TEST(CrossNasSupernetTest, SameSeedAndStreamGiveTheSameNumbers) {
  CrossNasSupernet a = MustCreate(T0Options(11));
  CrossNasSupernet b = MustCreate(T0Options(11));
  CrossNasSupernet c = MustCreate(T0Options(12));
  const auto pa = a->parameters(), pb = b->parameters(), pc = c->parameters();
  ASSERT_EQ(pa.size(), pb.size());
  bool any_differs = false;
  for (size_t i = 0; i < pa.size(); ++i) {
    EXPECT_TRUE(torch::equal(pa[i], pb[i])) << i;
    any_differs |= !torch::equal(pa[i], pc[i]);
  }
  EXPECT_TRUE(any_differs);
  const torch::Tensor x = Images(4);
  for (CrossNasSupernet* net : {&a, &b}) {
    ASSERT_TRUE((*net)->SetPath(MustParse("RES-64,VGG-128", 3)).ok());
    (*net)->train();
    (*net)->SetDropoutStream(RandomStream(StreamKey{.seed = 9}));
  }
  const torch::Tensor ya = a->forward(x);
  EXPECT_TRUE(torch::equal(ya, b->forward(x)));
  // The same stream again: the same masks; another stream: other masks.
  EXPECT_TRUE(torch::equal(ya, a->forward(x)));
  a->SetDropoutStream(RandomStream(StreamKey{.seed = 10}));
  EXPECT_FALSE(torch::equal(ya, a->forward(x)));
  // Eval mode has no dropout: the stream does not matter.
  a->eval();
  const torch::Tensor eval_a = a->forward(x);
  a->SetDropoutStream(RandomStream(StreamKey{.seed = 11}));
  EXPECT_TRUE(torch::equal(eval_a, a->forward(x)));
  // Usable as a Network.
  Network as_network = AsNetwork(a);
  EXPECT_EQ(as_network->forward(x).size(1), 10);
}

}  // namespace
}  // namespace aimc::networks::crossnas
