// libFuzzer target: the requests a sharded corpus sends its shards
// (stemma/shards.h), which a shard's `stemma serve` reads from the network
// (POST /v1/shard), and their answers, which a sharded corpus reads back.
// The first byte picks the side:
//   even: the rest is a request to a real shard (a small corpus split in 1);
//         the answer is a value or InvalidArgument, never anything else;
//   odd:  the rest is what a shard at a URL answers every request with after
//         a true hello; a trace through it returns a value or an error.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_util.h"
#include "stemma/corpus.h"
#include "stemma/shards.h"

namespace {

std::unique_ptr<stemma::Corpus> shard;
std::string sharded_dir;
std::string answer;  // what the fuzzed shard says

const std::string kShared =
    "The ministry said in a statement on Monday that the situation in the city had stabilised "
    "and that the airport would reopen once repairs to the runway were complete. ";

// A shard at a URL that answers hello truly and everything else with the input.
class FuzzedShard : public stemma::ShardTransport {
 public:
  stemma::Result<std::string> Call(std::string_view request) override {
    // A hello is the protocol (4 bytes) and method 1, nothing more.
    if (request.size() == 5 && request[4] == 1) return shard->AnswerShardRequest(request);
    return answer;
  }
};

void MakeShards() {
  using namespace stemma;
  const std::string whole = fuzz::ScratchDir() + "/whole";
  fuzz::Require(Corpus::Create(whole, CorpusOptions{}).ok());
  std::vector<DocumentInput> documents(3);
  documents[0].text = kShared + "Officials gave no figure for the damage.";
  documents[1].text = "Reports from the capital continued. " + kShared;
  documents[2].text = documents[1].text + " (Reprinted.)";  // a copy: a family of two
  for (DocumentInput& document : documents) document.metadata_json = "{}";
  auto opened = Corpus::Open(whole);
  fuzz::Require(opened.ok());
  VectorDocumentStream stream(std::move(documents));
  fuzz::Require((*opened)->Add(stream, AddCallbacks{}, "fuzz").ok());
  const std::string local = fuzz::ScratchDir() + "/sharded";
  fuzz::Require(SplitIntoShards(whole, local, 1).ok());
  auto part = Corpus::Open(local + "/shard-00000-of-00001");
  fuzz::Require(part.ok());
  shard = std::move(*part);
  // The same sharded corpus, its shard named by a URL.
  sharded_dir = fuzz::ScratchDir() + "/remote";
  std::filesystem::create_directories(sharded_dir);
  std::filesystem::copy_file(local + "/CORPUS", sharded_dir + "/CORPUS");
  std::ifstream in(local + "/SHARDS");
  std::string shards((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  shards.replace(shards.find("shard-00000-of-00001"), 20, "http://fuzz");
  fuzz::WriteBytes(sharded_dir + "/SHARDS", shards);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace stemma;
  if (shard == nullptr) MakeShards();
  if (size == 0) return 0;
  const std::string rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] % 2 == 0) {
    const auto answered = shard->AnswerShardRequest(rest);
    fuzz::Require(answered.ok() || answered.status().code() == Status::Code::kInvalidArgument);
    return 0;
  }
  answer = rest;
  const ShardConnector connector =
      [](const std::string&) -> Result<std::unique_ptr<ShardTransport>> {
    return std::unique_ptr<ShardTransport>(new FuzzedShard());
  };
  auto sharded = Corpus::Open(sharded_dir, connector);
  fuzz::Require(sharded.ok());
  const auto traced = (*sharded)->Trace(kShared);
  if (traced.ok()) {
    for (const TracedPassage& passage : traced->passages) {
      fuzz::Require(passage.passage.b.bytes.end <= kShared.size());
    }
  }
  (void)(*sharded)->Document(static_cast<uint32_t>(size % 5));
  return 0;
}
