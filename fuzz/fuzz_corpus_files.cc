// libFuzzer target: a corpus whose files were damaged on disk. A real corpus
// is made once; each input copies it, damages one of its files (CORPUS, the
// SQLite catalogue, the index MANIFEST or a segment) and opens and reads the
// copy. Input: one byte picking the file and the damage, four bytes of
// offset, then the bytes written there. Whatever the damage: no crash, and
// every call returns a value or an error.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_util.h"
#include "stemma/corpus.h"

namespace {

namespace fs = std::filesystem;

std::string template_dir;

void MakeTemplate() {
  using namespace stemma;
  template_dir = fuzz::ScratchDir() + "/template";
  fuzz::Require(Corpus::Create(template_dir, CorpusOptions{}).ok());
  auto corpus = Corpus::Open(template_dir);
  fuzz::Require(corpus.ok());
  const std::string shared =
      "Flooding closed the coastal road on Tuesday and the council said it expected the water "
      "to fall by the weekend, when crews would begin to clear the debris. ";
  for (int run = 0; run < 2; ++run) {  // two runs: two segments, then a merge of them
    std::vector<DocumentInput> documents(2);
    for (int index = 0; index < 2; ++index) {
      documents[index].external_id = "doc-" + std::to_string(run * 2 + index);
      documents[index].outlet = index == 0 ? "Wire" : "Paper";
      documents[index].published_at = "2022-01-1" + std::to_string(run * 2 + index);
      documents[index].text = std::to_string(run * 2 + index) + " report. " + shared;
      documents[index].metadata_json = "{}";
    }
    VectorDocumentStream stream(std::move(documents));
    fuzz::Require((*corpus)->Add(stream, AddCallbacks{}, "fuzz").ok());
  }
}

// The file the selector names, among the corpus's files in name order.
fs::path PickFile(const fs::path& dir, uint8_t selector) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().filename() != "LOCK") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files[selector % files.size()];
}

void Damage(const fs::path& file, uint8_t how, uint32_t offset, std::string_view bytes) {
  std::string contents;
  {
    std::ifstream in(file, std::ios::binary);
    contents.assign(std::istreambuf_iterator<char>(in), {});
  }
  const size_t at = contents.empty() ? 0 : offset % (contents.size() + 1);
  if (how % 3 == 0) {
    contents.resize(at);  // cut short
  } else if (how % 3 == 1) {
    contents.replace(at, std::min(bytes.size(), contents.size() - at), bytes);  // overwritten
  } else {
    contents.insert(at, bytes);  // bytes slipped in
  }
  stemma::fuzz::WriteBytes(file.string(), contents);
}

// The template copied to `work`, retried: libFuzzer's timer signal can interrupt a
// copy (EINTR), which is the harness's trouble, not the engine's.
bool FreshCopy(const fs::path& work) {
  for (int attempt = 0; attempt < 5; ++attempt) {
    std::error_code error;
    fs::remove_all(work, error);
    if (!error) fs::copy(template_dir, work, fs::copy_options::recursive, error);
    if (!error) return true;
  }
  return false;
}

void ReadEverything(stemma::Corpus& corpus) {
  (void)corpus.Stats();
  (void)corpus.Trace(
      "Flooding closed the coastal road on Tuesday and the council said it expected");
  (void)corpus.Families(10);
  (void)corpus.Family(1);
  (void)corpus.Text(1);
  (void)corpus.PassagesOf(2);
  stemma::DocumentQuery query;
  query.contains = "flooding";
  (void)corpus.Documents(query);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace stemma;
  if (template_dir.empty()) MakeTemplate();
  if (size < 5) return 0;
  const fs::path work = fuzz::ScratchDir() + "/work";
  if (!FreshCopy(work)) return 0;
  uint32_t offset = 0;
  std::memcpy(&offset, data + 1, sizeof(offset));
  Damage(PickFile(work, data[0] >> 2), data[0] & 3, offset,
         std::string_view(reinterpret_cast<const char*>(data) + 5, size - 5));
  auto corpus = Corpus::Open(work.string());
  if (corpus.ok()) ReadEverything(**corpus);
  return 0;
}
