#include "stemma/options.h"

#include <string>

namespace stemma {
namespace {

Status OutOfRange(const std::string& name, const std::string& rule) {
  return Status::InvalidArgument(name + " must be " + rule);
}

}  // namespace

Status Validate(const FingerprintOptions& options) {
  if (options.ngram < 1 || options.ngram > 64) return OutOfRange("ngram", "between 1 and 64");
  if (options.window < 1 || options.window > 1024) {
    return OutOfRange("window", "between 1 and 1024");
  }
  return Status::Ok();
}

Status Validate(const AlignOptions& options) {
  if (options.min_tokens < 1) return OutOfRange("min_tokens", "at least 1");
  if (!(options.match > 0)) return OutOfRange("match", "positive");
  if (!(options.mismatch < 0)) return OutOfRange("mismatch", "negative");
  if (!(options.gap_open <= 0)) return OutOfRange("gap_open", "zero or negative");
  if (!(options.gap_extend < 0)) return OutOfRange("gap_extend", "negative");
  if (!(options.x_drop > 0)) return OutOfRange("x_drop", "positive");
  if (!(options.extension_x_drop > 0)) return OutOfRange("extension_x_drop", "positive");
  if (options.max_gap < 0 || options.max_gap > 4096) {
    return OutOfRange("max_gap", "between 0 and 4096");
  }
  if (options.max_extension < 0 || options.max_extension > 4096) {
    return OutOfRange("max_extension", "between 0 and 4096");
  }
  return Status::Ok();
}

Status Validate(const LetterOptions& options) {
  if (options.fingerprint.ngram < 4 || options.fingerprint.ngram > 64) {
    return OutOfRange("letter ngram", "between 4 and 64");
  }
  if (options.fingerprint.window < 1 || options.fingerprint.window > 1024) {
    return OutOfRange("letter window", "between 1 and 1024");
  }
  if (options.min_seeds < 1) return OutOfRange("letter min_seeds", "at least 1");
  return Status::Ok();
}

Status Validate(const ScanOptions& options) {
  STEMMA_RETURN_IF_ERROR(Validate(options.fingerprint));
  STEMMA_RETURN_IF_ERROR(Validate(options.align));
  if (options.letters.enabled) STEMMA_RETURN_IF_ERROR(Validate(options.letters));
  if (options.max_document_frequency < 2) return OutOfRange("max_document_frequency", "at least 2");
  if (options.threads < 0) return OutOfRange("threads", "zero (all cores) or more");
  if (options.documents_per_wave < 0) {
    return OutOfRange("documents_per_wave", "zero (automatic) or more");
  }
  return Status::Ok();
}

}  // namespace stemma
