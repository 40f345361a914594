#include "experiments/rasch2023/rasch_models.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <memory>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/file.h"
#include "common/status_macros.h"
#include "crossbar/config.h"
#include "crossbar/layer.h"
#include "experiments/checks.h"
#include "experiments/rasch2023/rasch_stats.h"
#include "networks/analog/analog_layer.h"
#include "networks/lenet5.h"
#include "networks/resnet.h"
#include "training/analog/analog_eval.h"
#include "training/analog/hwt.h"
#include "training/analog/hwt_recipe.pb.h"
#include "training/data/augment.h"
#include "training/data/named_dataset.h"
#include "training/evaluate.h"
#include "training/trainer.h"

namespace aimc::experiments::rasch2023 {
namespace {

using training::ClipConfig;
using training::HwtRecipe;
using training::RemapConfig;
using training::WeightNoiseConfig;

// Fashion-MNIST as VANT's models see it (x = (p/255 − 0.5) / 0.5).
training::Normalization DataNormalization() { return {{0.5f}, {0.5f}}; }

// Seeds of the analog noise and of the training order, apart per trial.
uint64_t TrialSeed(uint64_t seed, int trial) { return seed * 1000003ULL + 17 * trial + 1; }

absl::StatusOr<networks::Network> CreateNet(RaschNet net, uint64_t init_seed) {
  if (net == RaschNet::kR20) {
    networks::ResNetConfig c;
    c.depth = 20;
    c.input_channels = 1;
    c.num_classes = 10;
    c.shortcut = networks::ResNetShortcut::kProjection;
    c.base_width = 8;
    c.init_seed = init_seed;
    ASSIGN_OR_RETURN(networks::ResNet r, networks::CreateResNet(c));
    return networks::AsNetwork(r);
  }
  networks::LeNet5Config c;
  c.image_size = 32;
  c.init_seed = init_seed;
  ASSIGN_OR_RETURN(networks::LeNet5 l, networks::CreateLeNet5(c));
  return networks::AsNetwork(l);
}

absl::Status EnsureStore(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return absl::UnavailableError(absl::StrCat("model store ", dir, ": ", ec.message()));
  return absl::OkStatus();
}

std::string StorePath(const RaschRun& run, const std::string& stem, const std::string& key) {
  return absl::StrCat(run.store_dir, "/", stem, "_", StableHash(key));
}

training::TrainerConfig BaseTrainerConfig(const RaschRun& run, int epochs, double lr,
                                          double weight_decay, uint64_t seed) {
  training::TrainerConfig tc;
  tc.optimizer.kind = training::OptimizerKind::kSgd;
  tc.optimizer.lr = lr;
  tc.optimizer.momentum = 0.9;
  tc.optimizer.nesterov = false;
  tc.optimizer.weight_decay = weight_decay;
  tc.schedule.kind = training::LrScheduleKind::kStep;
  tc.schedule.epochs = epochs;
  tc.schedule.step_warmup_epochs = 1;
  tc.schedule.step_warmup_factor = 0.05;
  tc.schedule.step_milestones = {0.5, 0.75};
  tc.schedule.step_gamma = 0.1;
  tc.batch_size = run.scale.batch_size;
  tc.seed = seed;
  tc.num_threads = run.threads;
  tc.logging.log = run.log;
  tc.augment = {.crop_padding = 4, .random_flip = true, .normalization = DataNormalization()};
  return tc;
}

training::EvalConfig TestEvalConfig(int repetitions) {
  training::EvalConfig ec;
  ec.repetitions = repetitions;
  ec.augment.normalization = DataNormalization();
  return ec;
}

// The HWA recipe of a variant (B.2.3, B.4 Supp. Table 2).
HwtRecipe VariantRecipe(const HwaSpec& spec, int64_t total_batches, int64_t batches_per_epoch) {
  HwtRecipe r;
  r.set_tile_preset("rasch2023_standard_pcm");
  WeightNoiseConfig* noise = r.mutable_weight_noise();
  if (spec.variant == HwaVariant::kOurs) {
    switch (spec.injection) {
      case HwaInjection::kPcmT0:
        noise->set_type(WeightNoiseConfig::PCM);
        break;
      case HwaInjection::kP:
        noise->set_type(WeightNoiseConfig::PCM_PROGRAMMING);
        break;
      case HwaInjection::kR:
        noise->set_type(WeightNoiseConfig::RERAM_PROGRAMMING);
        break;
      case HwaInjection::kC:
        noise->set_type(WeightNoiseConfig::CONSTANT);
        break;
    }
    noise->set_scale(spec.noise_scale);
    noise->set_ramp_up_batches(static_cast<int64_t>(std::ceil(0.15 * total_batches)));
  } else if (spec.variant == HwaVariant::kJoshiStyle) {
    noise->set_type(WeightNoiseConfig::ADDITIVE_GAUSSIAN);
    noise->set_scale(0.038);
  }
  if (spec.variant == HwaVariant::kJoshiStyle) {
    r.mutable_clip()->set_type(ClipConfig::LAYER_GAUSSIAN);
    r.mutable_clip()->set_sigma(2.5);
    r.mutable_remap()->set_type(RemapConfig::NONE);
  } else {
    if (spec.gaussian_clip_sigma > 0) {
      r.mutable_clip()->set_type(ClipConfig::LAYER_GAUSSIAN);
      r.mutable_clip()->set_sigma(spec.gaussian_clip_sigma);
    } else {
      r.mutable_clip()->set_type(ClipConfig::FIXED);
      r.mutable_clip()->set_fixed_value(1.0);
    }
    r.mutable_remap()->set_type(spec.tile_scale ? RemapConfig::LAYERWISE : RemapConfig::COLUMNWISE);
    r.mutable_remap()->set_learn_out_scale(true);
    r.mutable_remap()->set_every_batches(std::max<int64_t>(1, batches_per_epoch / 2));
  }
  r.mutable_optimizer()->set_lr(spec.lr);
  r.set_epochs(1);  // informational: the trainer config sets the epochs
  return r;
}

// The training forward's tile: the standard PCM tile with IR drop off (B.5-7)
// and the ablations' reduced forward noise.
absl::StatusOr<crossbar::TileConfig> TrainingTile(const HwaSpec& spec) {
  const HwaVariant variant = spec.variant;
  ASSIGN_OR_RETURN(crossbar::TileConfig tile, StandardPcmTile());
  crossbar::IoConfig* io = tile.mutable_forward();
  io->set_ir_drop(0);
  if (variant == HwaVariant::kOnlyOutputNoise || variant == HwaVariant::kNoNoise) {
    io->set_w_noise(0);
    io->set_w_noise_type(crossbar::IoConfig::NO_WEIGHT_NOISE);
  }
  if (variant == HwaVariant::kOnlyShortTermNoise || variant == HwaVariant::kNoNoise) {
    io->set_out_noise(0);
  }
  if (variant == HwaVariant::kJoshiStyle || (variant == HwaVariant::kOurs && spec.tile_scale)) {
    tile.mutable_mapping()->set_output_scale(crossbar::MappingConfig::TILE);
  }
  return tile;
}

// Sets every analog layer's input range from the data (the first `batches`
// training batches, unaugmented; the layers' own init rule: running mean of
// init_std_alpha · std). BatchNorm stays in eval mode.
// Training mode with BatchNorm in eval mode: the analog layers' training
// forward on fixed normalisation statistics.
void TrainWithFrozenBatchNorm(torch::nn::Module& network) {
  network.train();
  for (auto& m : network.modules(/*include_self=*/false)) {
    if (m->as<torch::nn::BatchNorm2dImpl>() != nullptr) m->eval();
  }
}

// Training images first..first+n-1, normalised (no augmentation), as an
// [n, C, H, W] tensor viewing *buf. REQUIRES: n >= 1.
torch::Tensor TrainBatch(const training::Augmenter& aug, const training::Dataset& train,
                         int64_t first, int64_t n, std::vector<float>* buf) {
  const training::ImageShape& s = train.shape();
  buf->resize(static_cast<size_t>(n * s.pixels()));
  for (int64_t i = 0; i < n; ++i) {
    aug.Apply(train, first + i, {},
              absl::MakeSpan(*buf).subspan(static_cast<size_t>(i * s.pixels()), s.pixels()));
  }
  return torch::from_blob(buf->data(), {n, s.channels, s.height, s.width});
}

absl::StatusOr<training::Augmenter> NormalizingAugmenter(const training::Dataset& train) {
  training::AugmentConfig ac;
  ac.normalization = DataNormalization();
  return training::Augmenter::Create(ac, train.shape());
}

absl::Status InitInputRangesFromData(networks::Network& network, const training::Dataset& train,
                                     int batches, int batch_size) {
  ASSIGN_OR_RETURN(const training::Augmenter aug, NormalizingAugmenter(train));
  TrainWithFrozenBatchNorm(*network);
  torch::NoGradGuard no_grad;
  std::vector<float> buf;
  for (int b = 0; b < batches; ++b) {
    const int64_t first = static_cast<int64_t>(b) * batch_size;
    const int64_t n = std::min<int64_t>(batch_size, train.size() - first);
    if (n <= 0) break;
    network->forward(TrainBatch(aug, train, first, n, &buf));
  }
  network->eval();
  return absl::OkStatus();
}

// "" without exemptions, else " exempt " and one 0/1 string per layer.
std::string ExemptKey(const std::vector<std::vector<bool>>& exempt) {
  bool any = false;
  std::string key = " exempt";
  for (const std::vector<bool>& layer : exempt) {
    key += ' ';
    for (bool e : layer) {
      key += e ? '1' : '0';
      any = any || e;
    }
  }
  return any ? key : "";
}

std::string ErrorsText(const std::string& key, const DriftErrors& e) {
  std::string out = absl::StrCat("key ", key, "\n");
  for (size_t k = 0; k < e.times_s.size(); ++k) {
    absl::StrAppendFormat(&out, "%.17g", e.times_s[k]);
    for (double v : e.errors_pct[k]) absl::StrAppendFormat(&out, " %.17g", v);
    out += "\n";
  }
  return out;
}

// The stored errors, or NotFound if missing, of another key or torn.
absl::StatusOr<DriftErrors> ReadErrors(const std::string& path, const std::string& key,
                                       size_t times, size_t trials) {
  if (!FileExists(path)) return absl::NotFoundError("no evaluation");
  ASSIGN_OR_RETURN(const std::string text, ReadFile(path));
  std::vector<std::string> lines = absl::StrSplit(text, '\n', absl::SkipEmpty());
  if (lines.empty() || lines[0] != absl::StrCat("key ", key)) {
    return absl::NotFoundError(absl::StrCat(path, ": another evaluation"));
  }
  DriftErrors e;
  for (size_t i = 1; i < lines.size(); ++i) {
    std::vector<std::string> f = absl::StrSplit(lines[i], ' ');
    std::vector<double> v(f.size());
    for (size_t j = 0; j < f.size(); ++j) {
      if (!absl::SimpleAtod(f[j], &v[j])) {
        return absl::NotFoundError(absl::StrCat(path, ": line ", i + 1, " unreadable"));
      }
    }
    if (v.size() != trials + 1) return absl::NotFoundError(absl::StrCat(path, ": torn"));
    e.times_s.push_back(v[0]);
    e.errors_pct.emplace_back(v.begin() + 1, v.end());
  }
  if (e.times_s.size() != times) return absl::NotFoundError(absl::StrCat(path, ": incomplete"));
  return e;
}

std::string NetKey(const RaschRun& run, RaschNet net) {
  const RaschScale& s = run.scale;
  return absl::StrCat(RaschNetName(net), " fmnist32 fp_train", s.fp_train_images, " e", s.fp_epochs,
                      " b", s.batch_size, " sgd0.025 step(1x0.05,0.5,0.75) wd5e-4 crop4flip",
                      " seed", run.seed);
}

}  // namespace

absl::StatusOr<RaschScale> RaschScaleByName(const std::string& name) {
  if (name == "small") return RaschScale{.name = "small"};
  if (name == "quick") {
    return RaschScale{.name = "quick", .hwa_train_images = 10000, .training_trials = 1};
  }
  if (name == "test") {
    return RaschScale{.name = "test",
                      .fp_train_images = 2000,
                      .fp_epochs = 4,  // the warm-up epoch, then 0.025, 0.0025, 0.00025
                      .hwa_train_images = 200,
                      .hwa_epochs = 1,
                      .test_images = 100,
                      .batch_size = 50,
                      .training_trials = 1,
                      .inference_trials = 2,
                      .input_range_init_batches = 2};
  }
  return absl::NotFoundError(
      absl::StrCat("rasch2023 scale \"", name, "\": unknown (known: small, quick, test)"));
}

std::string DescribeScale(const RaschScale& s) {
  return absl::StrCat(
      s.name,
      ": R20 (ResNet-20, widths 8/16/32, 1x1 shortcuts) and L5 (LeNet-5) on Fashion-MNIST "
      "32x32; FP: first ",
      s.fp_train_images, " train images, ", s.fp_epochs, " epochs; HWA: first ", s.hwa_train_images,
      ", ", s.hwa_epochs, " epochs, batch ", s.batch_size, ", ", s.training_trials,
      " training trial(s) x ", s.inference_trials, " inference trials (fresh chips) on the first ",
      s.test_images, " test images (paper: ResNet-32 / CIFAR-10, 600 epochs, 25 inference trials)");
}

const char* RaschNetName(RaschNet net) { return net == RaschNet::kR20 ? "R20" : "L5"; }

absl::StatusOr<RaschNet> ParseRaschNet(const std::string& name) {
  if (name == "r20" || name == "R20") return RaschNet::kR20;
  if (name == "l5" || name == "L5") return RaschNet::kL5;
  return absl::InvalidArgumentError(absl::StrCat("net \"", name, "\": unknown (known: r20, l5)"));
}

const char* HwaInjectionName(HwaInjection injection) {
  switch (injection) {
    case HwaInjection::kPcmT0:
      return "pcm_t0";
    case HwaInjection::kP:
      return "P";
    case HwaInjection::kR:
      return "R";
    case HwaInjection::kC:
      return "C";
  }
  return "?";
}

const char* HwaVariantName(HwaVariant v) {
  switch (v) {
    case HwaVariant::kOurs:
      return "ours";
    case HwaVariant::kJoshiStyle:
      return "joshi_style";
    case HwaVariant::kOnlyOutputNoise:
      return "only_output_noise";
    case HwaVariant::kOnlyShortTermNoise:
      return "only_short_term_noise";
    case HwaVariant::kNoNoise:
      return "no_noise";
  }
  return "?";
}

absl::StatusOr<RaschData> LoadRaschData(const RaschScale& scale, const std::string& dir) {
  training::NamedDatasetOptions o{.name = "fashion_mnist", .dir = dir, .image_size = 32};
  o.max_images = std::max(scale.fp_train_images, scale.hwa_train_images);
  ASSIGN_OR_RETURN(training::Dataset train, LoadNamedDataset(o, training::Split::kTrain));
  o.max_images = scale.test_images;
  ASSIGN_OR_RETURN(training::Dataset test, LoadNamedDataset(o, training::Split::kTest));
  return RaschData{std::move(train), std::move(test)};
}

absl::StatusOr<std::string> DescribeHwaRecipe(const RaschScale& scale, const HwaSpec& spec) {
  const int64_t per_epoch = (scale.hwa_train_images + scale.batch_size - 1) / scale.batch_size;
  HwtRecipe recipe = VariantRecipe(spec, per_epoch * scale.hwa_epochs, per_epoch);
  recipe.clear_epochs();  // the trainer's epochs apply (printed first)
  ASSIGN_OR_RETURN(const crossbar::TileConfig tile, TrainingTile(spec));
  return absl::StrFormat(
      "%d epochs on %d images, batch %d (%d batches/epoch), SGD momentum 0.9 lr %g: 1 epoch at "
      "1/20, /10 at 50 %% and 75 %%; weight (and bias) decay 1e-3; HWT recipe {%s}; training "
      "tile: IR drop %g, out_noise %g, w_noise %g (evaluation: the standard PCM tile)",
      scale.hwa_epochs, scale.hwa_train_images, scale.batch_size, per_epoch, spec.lr,
      recipe.ShortDebugString(), tile.forward().ir_drop(), tile.forward().out_noise(),
      tile.forward().w_noise());
}

absl::StatusOr<crossbar::TileConfig> StandardPcmTile() {
  return crossbar::LoadTileConfig("rasch2023_standard_pcm");
}

absl::StatusOr<crossbar::TileConfig> ReramTile() {
  return crossbar::LoadTileConfig("rasch2023_reram");
}

absl::StatusOr<TrainedModel> FpModel(const RaschRun& run, const RaschData& data, RaschNet net) {
  RETURN_IF_ERROR(EnsureStore(run.store_dir));
  TrainedModel m;
  m.net = net;
  m.label = absl::StrCat(RaschNetName(net), " FP");
  m.key = NetKey(run, net);
  ASSIGN_OR_RETURN(m.network, CreateNet(net, run.seed));
  ASSIGN_OR_RETURN(const training::Dataset train,
                   training::FirstExamples(data.train, run.scale.fp_train_images));
  training::TrainerConfig tc =
      BaseTrainerConfig(run, run.scale.fp_epochs, 0.025, 5e-4, TrialSeed(run.seed, 0));
  tc.checkpoint.path = StorePath(run, absl::StrCat("fp_", RaschNetName(net)), m.key) + ".ckpt";
  const absl::Time start = absl::Now();
  ASSIGN_OR_RETURN(std::unique_ptr<training::Trainer> trainer,
                   training::Trainer::Create(m.network, &train, tc));
  RETURN_IF_ERROR(trainer->Train());
  ASSIGN_OR_RETURN(const training::EvalResult e,
                   training::Evaluate(m.network, data.test, TestEvalConfig(1)));
  m.fp_error_pct = 100.0 - e.mean_accuracy_pct;
  if (run.log != nullptr) {
    std::fprintf(run.log, "rasch model %s: test error %.2f %% (%.1f s; %s)\n", m.label.c_str(),
                 m.fp_error_pct, absl::ToDoubleSeconds(absl::Now() - start),
                 tc.checkpoint.path.c_str());
  }
  return m;
}

absl::StatusOr<TrainedModel> HwaModel(const RaschRun& run, const RaschData& data, RaschNet net,
                                      const HwaSpec& spec, int trial) {
  ASSIGN_OR_RETURN(TrainedModel fp, FpModel(run, data, net));
  const RaschScale& s = run.scale;
  ASSIGN_OR_RETURN(const training::Dataset train,
                   training::FirstExamples(data.train, s.hwa_train_images));
  const int64_t per_epoch = (train.size() + s.batch_size - 1) / s.batch_size;
  const HwtRecipe recipe = VariantRecipe(spec, per_epoch * s.hwa_epochs, per_epoch);
  ASSIGN_OR_RETURN(const crossbar::TileConfig tile, TrainingTile(spec));

  TrainedModel m;
  m.net = net;
  m.analog = true;
  m.trial = trial;
  m.fp_error_pct = fp.fp_error_pct;
  m.mapping = tile.mapping().output_scale();
  m.label = absl::StrCat(
      RaschNetName(net), " HWA ", HwaVariantName(spec.variant),
      spec.variant == HwaVariant::kOurs && spec.injection != HwaInjection::kPcmT0
          ? absl::StrCat(" ", HwaInjectionName(spec.injection))
          : "",
      spec.tile_scale ? " tile-scale" : "",
      spec.gaussian_clip_sigma > 0 ? absl::StrCat(" gclip", spec.gaussian_clip_sigma) : "", " s",
      spec.noise_scale, " lr", spec.lr, " trial ", trial);
  m.key = absl::StrCat(fp.key, " | hwa train", s.hwa_train_images, " e", s.hwa_epochs,
                       " wd1e-3 trial", trial, " recipe{", recipe.ShortDebugString(), "} tile{",
                       tile.ShortDebugString(), "}");
  m.convert = training::HwtConvertOptions(recipe, TrialSeed(run.seed, trial));
  ASSIGN_OR_RETURN(m.network, CreateNet(net, run.seed));
  RETURN_IF_ERROR(networks::CopyModuleState(*fp.network, *m.network));
  RETURN_IF_ERROR(training::ConvertForHwt(m.network, tile, recipe, m.convert.seed));
  if (recipe.remap().type() != RemapConfig::NONE) {
    // Auto weight scaling (B.1): max |w| of each column mapped to 1 at the start.
    torch::NoGradGuard no_grad;
    for (auto* layer : networks::analog::AnalogLayers(*m.network)) layer->Remap();
  }
  training::TrainerConfig tc =
      BaseTrainerConfig(run, s.hwa_epochs, spec.lr, 1e-3, TrialSeed(run.seed, trial));
  tc.checkpoint.path =
      StorePath(run, absl::StrCat("hwa_", RaschNetName(net), "_", HwaVariantName(spec.variant)),
                m.key) +
      ".ckpt";
  const absl::Time start = absl::Now();
  ASSIGN_OR_RETURN(std::unique_ptr<training::HwtRegime> regime,
                   training::HwtRegime::Create(recipe));
  ASSIGN_OR_RETURN(std::unique_ptr<training::Trainer> trainer,
                   training::Trainer::Create(m.network, &train, tc, std::move(regime)));
  RETURN_IF_ERROR(trainer->Train());
  m.network->eval();
  if (run.log != nullptr) {
    std::fprintf(run.log, "rasch model %s: ready (%.1f s; %s)\n", m.label.c_str(),
                 absl::ToDoubleSeconds(absl::Now() - start), tc.checkpoint.path.c_str());
  }
  return m;
}

absl::StatusOr<DriftErrors> EvaluateOnTile(const RaschRun& run, const RaschData& data,
                                           const TrainedModel& model, const EvalSetting& setting) {
  RETURN_IF_ERROR(crossbar::Validate(setting.tile));
  const RaschScale& s = run.scale;
  if (setting.out_scale_levels > 0 &&
      (!model.analog || setting.tile.mapping().output_scale() != crossbar::MappingConfig::TILE)) {
    return absl::InvalidArgumentError(
        "EvalSetting.out_scale_levels: needs an HWA model and a TILE-mapped tile");
  }
  const std::string key =
      absl::StrCat(model.key, " | eval ", setting.name, " tile{", setting.tile.ShortDebugString(),
                   "} times ", absl::StrJoin(setting.times_s, ","), " trials", s.inference_trials,
                   " test", s.test_images, " init", s.input_range_init_batches, " levels",
                   setting.out_scale_levels, ExemptKey(setting.exempt_columns));
  const std::string path = StorePath(run, "eval", key) + ".errors";
  absl::StatusOr<DriftErrors> stored =
      ReadErrors(path, key, setting.times_s.size(), static_cast<size_t>(s.inference_trials));
  if (stored.ok()) return stored;

  const absl::Time start = absl::Now();
  ASSIGN_OR_RETURN(networks::Network net, CreateNet(model.net, run.seed));
  networks::Network trained = model.network;  // shares the module; only read
  if (model.analog) {
    RETURN_IF_ERROR(networks::analog::ConvertToAnalog(*net, setting.tile, model.convert));
    RETURN_IF_ERROR(networks::CopyModuleState(*trained, *net));
    if (setting.out_scale_levels > 0) {
      RETURN_IF_ERROR(CompressOutScales(net, setting.out_scale_levels));
    }
  } else {
    RETURN_IF_ERROR(networks::CopyModuleState(*trained, *net));
    networks::analog::ConvertOptions co;
    co.seed = TrialSeed(run.seed, model.trial);
    RETURN_IF_ERROR(networks::analog::ConvertToAnalog(*net, setting.tile, co));
    RETURN_IF_ERROR(
        InitInputRangesFromData(net, data.train, s.input_range_init_batches, s.batch_size));
  }
  {
    const std::vector<networks::analog::AnalogLayerBaseImpl*> layers =
        networks::analog::AnalogLayers(*net);
    if (setting.exempt_columns.size() > layers.size()) {
      return absl::InvalidArgumentError(
          absl::StrCat("EvalSetting.exempt_columns: ", setting.exempt_columns.size(),
                       " layers, the net has ", layers.size()));
    }
    for (size_t i = 0; i < setting.exempt_columns.size(); ++i) {
      RETURN_IF_ERROR(layers[i]->crossbar_layer().SetNoiseExemptColumns(setting.exempt_columns[i]));
    }
  }
  net->eval();
  training::DriftEvalConfig dc;
  dc.eval = TestEvalConfig(s.inference_trials);
  dc.times_s = setting.times_s;
  dc.fresh_programming = true;
  dc.instance = 1000u * static_cast<uint32_t>(model.trial) + 1;
  ASSIGN_OR_RETURN(const std::vector<training::DriftEvalResult> results,
                   training::EvaluateDrift(net, data.test, dc));
  DriftErrors e;
  for (const training::DriftEvalResult& r : results) {
    e.times_s.push_back(r.t_inference_s);
    std::vector<double> errors;
    for (double a : r.result.accuracies_pct) errors.push_back(100.0 - a);
    e.errors_pct.push_back(std::move(errors));
  }
  RETURN_IF_ERROR(EnsureStore(run.store_dir));
  RETURN_IF_ERROR(WriteFileAtomically(path, ErrorsText(key, e)));
  if (run.log != nullptr) {
    std::fprintf(run.log, "rasch eval %s on %s: %.1f s\n", model.label.c_str(),
                 setting.name.c_str(), absl::ToDoubleSeconds(absl::Now() - start));
  }
  return e;
}

absl::Status CompressOutScales(networks::Network& network, int levels) {
  AIMC_CHECK(levels >= 1);
  torch::NoGradGuard no_grad;
  int index = 0;
  for (auto* layer : networks::analog::AnalogLayers(*network)) {
    const int64_t out = layer->weight.size(0);
    if (layer->out_scale.numel() != out || out < 1) {
      return absl::FailedPreconditionError(
          absl::StrCat("CompressOutScales: analog layer ", index, " has no column scales"));
    }
    ++index;
    const torch::Tensor gamma = layer->out_scale.detach().abs().clone();
    const double a = gamma.max().item<double>() / levels;
    if (!(a > 0)) continue;
    const torch::Tensor q = (gamma / a).ceil().clamp_min(1) * a;
    std::vector<int64_t> view(static_cast<size_t>(layer->weight.dim()), 1);
    view[0] = out;
    layer->weight.mul_((gamma / q).view(view));
    // Keep each scale's sign (a learned scale may have crossed 0).
    layer->out_scale.copy_(q * layer->out_scale.detach().sign());
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::vector<double>>> ColumnGradientScores(const RaschRun& run,
                                                                      const RaschData& data,
                                                                      const TrainedModel& model,
                                                                      int batches) {
  if (!model.analog) {
    return absl::FailedPreconditionError("ColumnGradientScores: needs an HWA model");
  }
  ASSIGN_OR_RETURN(const crossbar::TileConfig tile, StandardPcmTile());
  ASSIGN_OR_RETURN(networks::Network net, CreateNet(model.net, run.seed));
  networks::Network trained = model.network;  // only read
  RETURN_IF_ERROR(networks::analog::ConvertToAnalog(*net, tile, model.convert));
  RETURN_IF_ERROR(networks::CopyModuleState(*trained, *net));
  const std::vector<networks::analog::AnalogLayerBaseImpl*> layers =
      networks::analog::AnalogLayers(*net);
  for (auto* layer : layers) layer->set_weight_noise({});
  ASSIGN_OR_RETURN(const training::Augmenter aug, NormalizingAugmenter(data.train));
  TrainWithFrozenBatchNorm(*net);
  std::vector<torch::Tensor> sums(layers.size());
  const int batch_size = run.scale.batch_size;
  std::vector<float> buf;
  int used = 0;
  for (int b = 0; b < batches; ++b) {
    const int64_t first = static_cast<int64_t>(b) * batch_size;
    const int64_t n = std::min<int64_t>(batch_size, data.train.size() - first);
    if (n <= 0) break;
    const absl::Span<const uint8_t> labels =
        data.train.labels().subspan(static_cast<size_t>(first), static_cast<size_t>(n));
    const torch::Tensor y = torch::tensor(std::vector<int64_t>(labels.begin(), labels.end()));
    net->zero_grad();
    torch::nn::functional::cross_entropy(net->forward(TrainBatch(aug, data.train, first, n, &buf)),
                                         y)
        .backward();
    for (size_t l = 0; l < layers.size(); ++l) {
      const torch::Tensor g = layers[l]->weight.grad().detach().abs().flatten(1).mean(1);
      sums[l] = sums[l].defined() ? sums[l] + g : g.clone();
    }
    ++used;
  }
  if (used == 0) return absl::InvalidArgumentError("ColumnGradientScores: no training batches");
  std::vector<std::vector<double>> scores(layers.size());
  for (size_t l = 0; l < layers.size(); ++l) {
    const torch::Tensor mean = (sums[l] / used).contiguous().to(torch::kDouble);
    scores[l].assign(mean.data_ptr<double>(), mean.data_ptr<double>() + mean.numel());
  }
  return scores;
}

std::string DescribeRun(const RaschRun& run) {
  return DescribeRunLine(run.seed, run.threads, run.store_dir);
}

}  // namespace aimc::experiments::rasch2023
