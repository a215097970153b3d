// libFuzzer target: every reader of `stemma add` on one file of arbitrary
// bytes. The first byte picks the file's name (its extension steers nothing
// but the .txt sidecar and gzip; the readers sniff the content), the rest is
// the file. Whatever the bytes: no crash, no document without text or with
// a date that is not ISO 8601, and a failure is an error value, never an abort.
// (Invalid UTF-8 may stay in a text: the tokenizer skips it, offsets keep it.)
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_util.h"
#include "stemma/input.h"

namespace {

constexpr std::array<const char*, 10> kNames = {
    "input.txt",  "input.jsonl", "input.csv",     "input.sgm",     "input.html",
    "input.warc", "input.arc",   "input.warc.gz", "input.html.gz", "input.tsv"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace stemma;
  if (size == 0) return 0;
  const std::string path = fuzz::ScratchDir() + "/" + kNames[data[0] % kNames.size()];
  fuzz::WriteBytes(path, std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1));
  InputOptions options;
  options.csv.outlet = "publisher";  // a mapping other than the default, as users give one
  auto inputs = OpenInputs({path}, options, [](const std::string&) {});
  DocumentInput document;
  for (int count = 0; count < 10000; ++count) {
    auto next = inputs->Next(&document);
    if (!next.ok() || !*next) break;
    fuzz::Require(!document.text.empty());
    if (document.published_at.has_value()) fuzz::Require(IsIsoDate(*document.published_at));
  }
  std::filesystem::remove(path);
  return 0;
}
