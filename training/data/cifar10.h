// CIFAR-10 (Krizhevsky 2009) in its binary version (cifar-10-batches-bin).
// Each record is 3,073 bytes: 1 label byte (0 airplane .. 9 truck), then 1,024
// red, 1,024 green and 1,024 blue bytes (rows of 32 px). The full dataset is
// data_batch_1.bin .. data_batch_5.bin and test_batch.bin, 10,000 records each;
// ../shared/data/cifar10_subset holds train.bin (4,660) and test.bin (932) in
// the same format. Datasets are uint8, 3x32x32, 10 classes.
// Errors name the file: NotFound (no dataset in the directory; says what to
// pass), DataLoss (a file cut short or empty: record and byte), InvalidArgument
// (not this format: a label byte > 9, CIFAR-100's 3,074-byte records, a full
// batch of the wrong size). Thread-safe (no state).
#ifndef AIMC_TRAINING_DATA_CIFAR10_H_
#define AIMC_TRAINING_DATA_CIFAR10_H_

#include <array>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "training/data/dataset.h"

namespace aimc::training {

inline constexpr int kCifar10RecordBytes = 3073;
inline constexpr int kCifar10RecordsPerBatch = 10000;  // per file of the full dataset
inline constexpr std::array<absl::string_view, 10> kCifar10ClassNames = {
    "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"};

// Reads the records of `paths`, in order, into one dataset called `name`.
// records_per_file > 0 requires exactly that many records in each file
// (fewer: DataLoss; more: InvalidArgument); 0 accepts any positive number.
absl::StatusOr<Dataset> ReadCifar10Files(absl::Span<const std::string> paths,
                                         int64_t records_per_file, std::string name);

// The split from `dir` or from dir/cifar-10-batches-bin: the full dataset
// ("cifar10/train": 50,000 records; "cifar10/test": 10,000) when its files are
// there, else train.bin / test.bin of a subset ("cifar10-subset/<split>"; its
// provenance says results on it must say so). A partial full dataset (some of
// data_batch_1..5.bin missing) is NotFound naming the missing files.
absl::StatusOr<Dataset> LoadCifar10(absl::string_view dir, Split split);

}  // namespace aimc::training

#endif  // AIMC_TRAINING_DATA_CIFAR10_H_
