// libFuzzer target: the HTTP API's handlers (docs/http_api.md) on a small real
// corpus, with arbitrary request bodies and query strings. The first byte
// picks the endpoint; the rest is the JSON body or the query string
// ("k=v&k=v"). Every answer is a known status with a JSON body, and a 200 is
// never a body the page could not read.
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_util.h"
#include "server/api_handlers.h"
#include "stemma/corpus.h"

namespace {

using stemma::server::QueryParams;

std::unique_ptr<stemma::Corpus> corpus;

// Two texts sharing a sentence, so that trace, report and families have answers.
void OpenCorpus() {
  using namespace stemma;
  const std::string dir = fuzz::ScratchDir() + "/corpus";
  fuzz::Require(Corpus::Create(dir, CorpusOptions{}).ok());
  const std::string shared =
      "The ministry said in a statement on Monday that the situation in the city had stabilised "
      "and that the airport would reopen once repairs to the runway were complete. ";
  std::vector<DocumentInput> documents(2);
  documents[0].external_id = "one";
  documents[0].outlet = "Wire";
  documents[0].published_at = "2022-01-10";
  documents[0].text = shared + "Officials gave no figure for the damage.";
  documents[1].external_id = "two";
  documents[1].outlet = "Paper";
  documents[1].published_at = "2022-01-11";
  documents[1].text = "Reports from the capital continued. " + shared;
  for (DocumentInput& document : documents) document.metadata_json = "{}";
  auto opened = Corpus::Open(dir);
  fuzz::Require(opened.ok());
  corpus = std::move(opened).value();
  VectorDocumentStream stream(std::move(documents));
  fuzz::Require(corpus->Add(stream, AddCallbacks{}, "fuzz").ok());
}

QueryParams ParseQuery(std::string_view query) {
  QueryParams params;
  while (!query.empty()) {
    const size_t end = std::min(query.find('&'), query.size());
    const std::string_view pair = query.substr(0, end);
    const size_t equals = pair.find('=');
    params[std::string(pair.substr(0, equals))] =
        equals == std::string_view::npos ? "" : std::string(pair.substr(equals + 1));
    query.remove_prefix(std::min(end + 1, query.size()));
  }
  return params;
}

stemma::server::ApiResponse Answer(uint8_t endpoint, const std::string& rest) {
  using namespace stemma::server;
  switch (endpoint % 9) {
    case 0:
      return Trace(*corpus, rest);
    case 1:
      return ReportOnText(*corpus, rest);
    case 2:
      return ListDocuments(*corpus, ParseQuery(rest));
    case 3:
      return ListFamilies(*corpus, ParseQuery(rest));
    case 4:
      return CompareDocuments(*corpus, ParseQuery(rest));
    case 5:
      return GetDocument(*corpus, rest.empty() ? 0 : static_cast<uint8_t>(rest[0]) % 4);
    case 6:
      return DocumentPassages(*corpus, rest.empty() ? 0 : static_cast<uint8_t>(rest[0]) % 4);
    case 7:
      return OutletNetwork(*corpus, ParseQuery(rest));
    default:
      return GetFamily(*corpus, rest.empty() ? 0 : static_cast<uint8_t>(rest[0]) % 4,
                       ParseQuery(rest.empty() ? rest : rest.substr(1)));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace stemma;
  if (corpus == nullptr) OpenCorpus();
  if (size == 0) return 0;
  const std::string rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  const server::ApiResponse response = Answer(data[0], rest);
  fuzz::Require(response.status == 200 || response.status == 400 || response.status == 404);
  // The exports (?format=graphml or csv) answer 200 with their own types.
  if (response.content_type != "application/json") {
    fuzz::Require(response.status == 200 && !response.body.empty());
    return 0;
  }
  const auto body = nlohmann::json::parse(response.body, nullptr, false);
  fuzz::Require(!body.is_discarded() && body.is_object());
  if (response.status != 200) fuzz::Require(body.contains("error"));
  return 0;
}
