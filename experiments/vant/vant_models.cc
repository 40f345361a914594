#include "experiments/vant/vant_models.h"

#include <cinttypes>
#include <cmath>
#include <filesystem>
#include <system_error>
#include <memory>
#include <utility>
#include <vector>

#include <torch/torch.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/file.h"
#include "common/status_macros.h"
#include "networks/noisy_lenet5.h"
#include "training/data/named_dataset.h"
#include "training/evaluate.h"
#include "training/trainer.h"

namespace aimc::experiments::vant {
namespace {

namespace tv = training::vant;

// Evaluation noise comes from its own streams, apart from the training
// steps' (keyed by the trainer seed and the global step < 2^20 here).
constexpr uint64_t kEvalNoiseSeedOffset = 0x5EED0000;

training::Normalization ReferenceNormalization() { return {{0.5f}, {0.5f}}; }

std::string SpecText(const ModelSpec& m) {
  if (!m.per_image) return m.noise.sigma_train == 0 ? "clean" : absl::StrCat("nt", m.noise.sigma_train);
  return absl::StrCat("vant", m.noise.sigma_train, "_a", m.noise.alpha, "_t", m.noise.theta,
                      m.noise.sampler == tv::SigmaSampler::kReferenceHalfNormal ? "_ref" : "_paper");
}

std::string CurveText(const std::string& key, const tv::AccuracyCurve& c,
                      const std::vector<double>& sd) {
  std::string out = absl::StrCat("key ", key, "\n");
  for (size_t i = 0; i < c.sigma.size(); ++i) {
    absl::StrAppendFormat(&out, "%.17g %.17g %.17g\n", c.sigma[i], c.accuracy_pct[i], sd[i]);
  }
  return out;
}

// The stored curve, or NotFound if it is missing, from another key, or torn.
absl::StatusOr<tv::AccuracyCurve> ReadCurve(const std::string& path, const std::string& key) {
  if (!FileExists(path)) return absl::NotFoundError("no curve");
  ASSIGN_OR_RETURN(const std::string text, ReadFile(path));
  std::vector<std::string> lines = absl::StrSplit(text, '\n', absl::SkipEmpty());
  if (lines.empty() || lines[0] != absl::StrCat("key ", key)) {
    return absl::NotFoundError(absl::StrCat(path, ": another model's curve"));
  }
  tv::AccuracyCurve c;
  for (size_t i = 1; i < lines.size(); ++i) {
    std::vector<std::string> f = absl::StrSplit(lines[i], ' ');
    double s, a;
    if (f.size() != 3 || !absl::SimpleAtod(f[0], &s) || !absl::SimpleAtod(f[1], &a)) {
      return absl::NotFoundError(absl::StrCat(path, ": line ", i + 1, " unreadable"));
    }
    c.sigma.push_back(s);
    c.accuracy_pct.push_back(a);
  }
  if (c.sigma.size() != tv::TestSigmaGrid().size() || !tv::Validate(c).ok()) {
    return absl::NotFoundError(absl::StrCat(path, ": incomplete curve"));
  }
  return c;
}

}  // namespace

absl::StatusOr<VantScale> VantScaleByName(const std::string& name) {
  if (name == "small") return VantScale{.name = "small"};
  if (name == "quick") {
    return VantScale{.name = "quick", .train_images = 10000, .test_images = 5000, .epochs = 5,
                     .batch_size = 128, .eval_passes = 1};
  }
  if (name == "test") {
    return VantScale{.name = "test", .train_images = 512, .test_images = 256, .epochs = 1,
                     .batch_size = 64, .eval_passes = 1};
  }
  return absl::NotFoundError(
      absl::StrCat("vant scale \"", name, "\": unknown (known: small, quick, test)"));
}

std::string DescribeScale(const VantScale& s) {
  return absl::StrCat(s.name, ": LeNet-5-N (avg pool, 12 noise sites), Fashion-MNIST 32x32, first ",
                      s.train_images, " train / ", s.test_images, " test images, ", s.epochs,
                      " epochs, batch ", s.batch_size, ", Adam 1e-3 cosine, no weight decay, crop 4 + flip, ",
                      s.eval_passes,
                      " eval passes (paper: ResNet-18 / CIFAR-10, 400 epochs; spec small: 20000 / "
                      "10000, 15 epochs, 3 passes)");
}

absl::StatusOr<VantData> LoadVantData(const VantScale& scale, const std::string& dir) {
  training::NamedDatasetOptions o{.name = "fashion_mnist", .dir = dir, .image_size = 32};
  o.max_images = scale.train_images;
  ASSIGN_OR_RETURN(training::Dataset train, LoadNamedDataset(o, training::Split::kTrain));
  o.max_images = scale.test_images;
  ASSIGN_OR_RETURN(training::Dataset test, LoadNamedDataset(o, training::Split::kTest));
  return VantData{std::move(train), std::move(test)};
}

std::string ModelKey(const VantRun& run, const ModelSpec& model) {
  const VantScale& s = run.scale;
  return absl::StrCat("lenet5n_avg fmnist32 train", s.train_images, " test", s.test_images, " e",
                      s.epochs, " b", s.batch_size, " adam1e-3 cosine wd0 crop4flip norm0.5 ",
                      SpecText(model), " seed", run.seed, " passes", s.eval_passes);
}

absl::StatusOr<tv::AccuracyCurve> ModelCurve(const VantRun& run, const VantData& data,
                                             const ModelSpec& model) {
  RETURN_IF_ERROR(tv::Validate(model));
  const std::string key = ModelKey(run, model);
  const std::string base = absl::StrCat(run.store_dir, "/", SpecText(model), "_", StableHash(key));
  absl::StatusOr<tv::AccuracyCurve> stored = ReadCurve(base + ".curve", key);
  if (stored.ok()) return stored;
  std::error_code ec_dir;
  std::filesystem::create_directories(run.store_dir, ec_dir);
  if (ec_dir) {
    return absl::UnavailableError(
        absl::StrCat("model store ", run.store_dir, ": ", ec_dir.message()));
  }

  const absl::Time start = absl::Now();
  networks::NoisyLeNet5Config config;
  config.lenet.image_size = 32;
  config.lenet.init_seed = run.seed;
  ASSIGN_OR_RETURN(networks::NoisyLeNet5 net, networks::CreateNoisyLeNet5(config));
  ASSIGN_OR_RETURN(std::unique_ptr<tv::NoisyTrainingRegime> regime,
                   tv::NoisyTrainingRegime::Create(model, net->shared_noise()));
  training::TrainerConfig tc;
  tc.optimizer.kind = training::OptimizerKind::kAdam;
  tc.optimizer.lr = 1e-3;
  tc.optimizer.weight_decay = 0;
  tc.schedule.epochs = run.scale.epochs;
  tc.batch_size = run.scale.batch_size;
  tc.seed = run.seed;
  tc.num_threads = run.threads;
  tc.checkpoint.path = base + ".ckpt";
  tc.logging.log = run.log;
  tc.augment = {.crop_padding = 4, .random_flip = true, .normalization = ReferenceNormalization()};
  networks::Network network = networks::AsNetwork(net);
  ASSIGN_OR_RETURN(std::unique_ptr<training::Trainer> trainer,
                   training::Trainer::Create(network, &data.train, tc, std::move(regime)));
  RETURN_IF_ERROR(trainer->Train());

  const absl::Span<const double> grid = tv::TestSigmaGrid();
  tv::AccuracyCurve curve;
  std::vector<double> sd;
  networks::ActivationNoise& noise = net->noise();
  for (size_t k = 0; k < grid.size(); ++k) {
    RETURN_IF_ERROR(noise.SetSigma(grid[k]));
    training::EvalConfig ec;
    ec.repetitions = run.scale.eval_passes;
    ec.augment.normalization = ReferenceNormalization();
    ec.before_repetition = [&](int r) {
      noise.SetStream(run.seed + kEvalNoiseSeedOffset,
                      static_cast<uint32_t>(k * run.scale.eval_passes + r));
      return absl::OkStatus();
    };
    ASSIGN_OR_RETURN(const training::EvalResult e, training::Evaluate(network, data.test, ec));
    curve.sigma.push_back(grid[k]);
    curve.accuracy_pct.push_back(e.mean_accuracy_pct);
    sd.push_back(e.std_accuracy_pct);
  }
  noise.Disable();
  RETURN_IF_ERROR(WriteFileAtomically(base + ".curve", CurveText(key, curve, sd)));
  if (run.log != nullptr) {
    std::fprintf(run.log, "vant model %s: trained and evaluated in %.1f s (%s)\n",
                 SpecText(model).c_str(), absl::ToDoubleSeconds(absl::Now() - start),
                 (base + ".curve").c_str());
  }
  return curve;
}

}  // namespace aimc::experiments::vant
