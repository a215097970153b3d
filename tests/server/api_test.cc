// The HTTP API of `stemma serve` over real HTTP on loopback: every endpoint,
// the token on writes, the body limits, malformed JSON, path traversal, and
// untrusted text kept as text. The server runs in this process on a free
// port; the corpus is a real one on disk holding the seeds.
#include <arpa/inet.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "engine/corpus_lock.h"
#include "server/access_token.h"
#include "server/api_server.h"
#include "server/corpus_pool.h"
#include "server/webhooks.h"
#include "stemma/corpus.h"

namespace stemma::server {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::string kSeeds = std::string(STEMMA_SHARED_DIR) + "/seeds";
const std::string kSeed000 = kSeeds + "/000_eae5aba72e740d9d.txt";
const std::string kSeed003 = kSeeds + "/003_f205e2133bbe4ba5.txt";

std::string ReadWhole(const std::string& path) {
  std::ifstream stream(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(stream), {});
}

std::string SeedLine(const std::string& id, const std::string& outlet, const std::string& date,
                     const std::string& path) {
  return json{{"id", id},
              {"outlet", outlet},
              {"title", id + " title"},
              {"published_at", date},
              {"text", ReadWhole(path)}}
             .dump() +
         "\n";
}

// The answer to a raw request line, as a client that does not tidy paths sends it.
std::string RawGet(int port, const std::string& target) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    close(fd);
    return "";
  }
  const std::string request =
      "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
  (void)!write(fd, request.data(), request.size());
  std::string answer;
  char buffer[4096];
  for (ssize_t got; (got = read(fd, buffer, sizeof(buffer))) > 0;) answer.append(buffer, got);
  close(fd);
  return answer;
}

class ServerApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fs::exists(kSeed000) && fs::exists(kSeed003))
        << "the seeds are missing: " << kSeeds;
    std::string pattern = (fs::temp_directory_path() / "stemma_server_test_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    work_ = pattern;
    dir_ = work_ + "/corpus";
    ASSERT_TRUE(Corpus::Create(dir_, CorpusOptions{}).ok());
    auto corpus = Corpus::Open(dir_);
    ASSERT_TRUE(corpus.ok());
    DocumentInput seed;
    seed.external_id = "seed-000";
    seed.outlet = "The Manila Times";
    seed.title = "China lauds end of violence in Kazakhstan";
    seed.published_at = "2022-01-11";
    seed.text = ReadWhole(kSeed000);
    seed.metadata_json = "{}";
    VectorDocumentStream one({seed});
    ASSERT_TRUE((*corpus)->Add(one, {}, "test").ok());
    // As `stemma serve` makes it when it first starts.
    auto token = ReadOrMakeAccessToken(dir_);
    ASSERT_TRUE(token.ok()) << token.status().ToString();
    token_ = *token;
  }

  void Start(ServerOptions options = {}) {
    options.port = 0;
    auto made = ApiServer::Create(dir_, options);
    ASSERT_TRUE(made.ok()) << made.status().message();
    server_ = std::move(*made);
    auto port = server_->Bind();
    ASSERT_TRUE(port.ok());
    port_ = *port;
    runner_ = std::thread([this] { (void)server_->Run(); });
    client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
    client_->set_read_timeout(60);
  }

  void TearDown() override {
    if (server_ != nullptr) {
      server_->Stop();
      runner_.join();
    }
    fs::remove_all(work_);
  }

  httplib::Result Post(const std::string& path, const std::string& body, bool with_token = false) {
    httplib::Headers headers;
    if (with_token) headers.emplace("Authorization", "Bearer " + token_);
    return client_->Post(path.c_str(), headers, body, "application/json");
  }

  std::string work_;
  std::string dir_;
  std::string token_;
  int port_ = 0;
  std::unique_ptr<ApiServer> server_;
  std::thread runner_;
  std::unique_ptr<httplib::Client> client_;
};

// The error shape every refusal has: {"error": "..."} as JSON.
std::string ErrorOf(const httplib::Result& result) {
  const json body = json::parse(result->body, nullptr, false);
  if (body.is_discarded() || !body.contains("error"))
    return "<not a JSON error: " + result->body + ">";
  return body["error"].get<std::string>();
}

TEST_F(ServerApiTest, TraceOfTheReprintNamesTheSourceWithOffsetsIntoBothTexts) {
  Start();
  const std::string article = ReadWhole(kSeed003);
  auto result = Post("/v1/trace", json{{"text", article}}.dump());
  ASSERT_TRUE(result);
  ASSERT_EQ(result->status, 200) << result->body;
  EXPECT_EQ(result->get_header_value("Content-Type"), "application/json");
  const json body = json::parse(result->body);
  ASSERT_FALSE(body["passages"].empty());
  EXPECT_GT(body["coverage"].get<double>(), 0.0);
  EXPECT_LE(body["coverage"].get<double>(), 1.0);
  const std::string source_text = ReadWhole(kSeed000);
  for (const json& passage : body["passages"]) {
    EXPECT_EQ(passage["source"]["id"], 1);
    EXPECT_EQ(passage["source"]["outlet"], "The Manila Times");
    // Every equal edit is the same bytes in both texts.
    for (const json& edit : passage["edits"]) {
      if (edit["op"] != "equal") continue;
      const auto source = edit["source"].get<std::vector<size_t>>();
      const auto query = edit["query"].get<std::vector<size_t>>();
      EXPECT_EQ(source_text.substr(source[0], source[1] - source[0]),
                article.substr(query[0], query[1] - query[0]));
    }
  }
}

TEST_F(ServerApiTest, MalformedJsonAndMissingTextAre400WithAMessage) {
  Start();
  auto broken = Post("/v1/trace", "{\"text\": \"unfinished");
  ASSERT_TRUE(broken);
  EXPECT_EQ(broken->status, 400);
  EXPECT_NE(ErrorOf(broken).find("malformed JSON"), std::string::npos) << ErrorOf(broken);
  auto no_text = Post("/v1/trace", R"({"txt": "hello"})");
  EXPECT_EQ(no_text->status, 400);
  EXPECT_NE(ErrorOf(no_text).find("\"text\""), std::string::npos);
  auto not_object = Post("/v1/report", "[1, 2]");
  EXPECT_EQ(not_object->status, 400);
  auto bad_utf8 = Post("/v1/trace", "{\"text\": \"caf\xC3\x28\"}");
  EXPECT_EQ(bad_utf8->status, 400);
  auto bad_min = Post("/v1/trace", R"({"text": "some words here", "min_tokens": -3})");
  EXPECT_EQ(bad_min->status, 400);
}

TEST_F(ServerApiTest, BodiesOverTheLimitAre413) {
  ServerOptions options;
  options.max_query_bytes = 4096;
  options.max_upload_bytes = 8192;
  Start(options);
  auto trace = Post("/v1/trace", json{{"text", std::string(5000, 'a')}}.dump());
  ASSERT_TRUE(trace);
  EXPECT_EQ(trace->status, 413);
  EXPECT_NE(ErrorOf(trace).find("limit"), std::string::npos);
  auto upload = Post("/v1/documents", std::string(9000, ' '), /*with_token=*/true);
  ASSERT_TRUE(upload);
  EXPECT_EQ(upload->status, 413);
}

TEST_F(ServerApiTest, WritesNeedTheTokenAndStoreWithIt) {
  Start();
  const std::string line = SeedLine("seed-003", "Op-ed", "2022-01-14", kSeed003);
  auto anonymous = Post("/v1/documents", line);
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
  EXPECT_NE(ErrorOf(anonymous).find("token"), std::string::npos);
  httplib::Headers wrong = {{"Authorization", "Bearer " + std::string(64, '0')}};
  EXPECT_EQ(client_->Post("/v1/documents", wrong, line, "application/x-ndjson")->status, 401);
  EXPECT_EQ(client_->Get("/v1/documents")->status, 200);
  EXPECT_EQ(json::parse(client_->Get("/v1/documents")->body)["total"], 1) << "nothing was stored";

  auto stored = Post("/v1/documents", line + "{not json}\n{\"text\": \"\"}\n", /*with_token=*/true);
  ASSERT_TRUE(stored);
  ASSERT_EQ(stored->status, 200) << stored->body;
  const json added = json::parse(stored->body);
  EXPECT_EQ(added["documents_added"], 1);
  EXPECT_GT(added["passages"].get<int>(), 0);
  ASSERT_EQ(added["problems"].size(), 2u);
  EXPECT_NE(added["problems"][0].get<std::string>().find("line 2"), std::string::npos);
  EXPECT_EQ(added["problems"][1], "line 3: empty text") << "an empty text is never stored";
  EXPECT_EQ(json::parse(client_->Get("/v1/documents")->body)["total"], 2);

  auto nothing = Post("/v1/documents", "{\"no\": \"text\"}\n", /*with_token=*/true);
  EXPECT_EQ(nothing->status, 400);
}

// curl --data-binary sends application/x-www-form-urlencoded; httplib, reading
// such a body itself, refused it past 8 KiB as a form too large (413). The
// soak's uploads of 5 pages (about 100 KB) all failed so.
TEST_F(ServerApiTest, BodiesAreReadWhateverTheirContentTypeSays) {
  Start();
  std::string upload;
  for (int index = 0; index < 5; ++index) {
    std::string text;
    for (int sentence = 0; sentence < 400; ++sentence) {
      text += "Report " + std::to_string(index) + " said the pier opened on day " +
              std::to_string(sentence) + ". ";
    }
    upload += json{{"id", "form-" + std::to_string(index)}, {"text", text}}.dump() + "\n";
  }
  ASSERT_GT(upload.size(), 8192u * 4);
  const httplib::Headers token = {{"Authorization", "Bearer " + token_}};
  auto stored = client_->Post("/v1/documents", token, upload, "application/x-www-form-urlencoded");
  ASSERT_TRUE(stored);
  ASSERT_EQ(stored->status, 200) << stored->body;
  EXPECT_EQ(json::parse(stored->body)["documents_added"], 5);
  const std::string article = json{{"text", upload.substr(0, 20000)}}.dump();
  auto traced = client_->Post("/v1/trace", article, "application/x-www-form-urlencoded");
  ASSERT_TRUE(traced);
  EXPECT_EQ(traced->status, 200) << traced->body;
}

// A `stemma add` from cron holds the corpus for its whole run: an upload then
// waits for it instead of failing (the soak's uploads beside adds were 500s).
TEST_F(ServerApiTest, AnUploadWaitsForAnotherWriterAndTellsWhenItGivesUp) {
  Start();
  auto acquired = engine::CorpusLock::Acquire(dir_);
  ASSERT_TRUE(acquired.ok());
  std::optional<engine::CorpusLock> lock(std::move(acquired).value());
  std::thread release([&lock] {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    lock.reset();
  });
  const std::string line = SeedLine("seed-003", "Op-ed", "2022-01-14", kSeed003);
  auto stored = Post("/v1/documents", line, /*with_token=*/true);
  release.join();
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->status, 200) << stored->body;

  auto held = engine::CorpusLock::Acquire(dir_);
  ASSERT_TRUE(held.ok());
  auto corpus = Corpus::Open(dir_);
  ASSERT_TRUE(corpus.ok());
  const ApiResponse refused = AddDocuments(**corpus, line, std::chrono::milliseconds(200));
  EXPECT_EQ(refused.status, 503);
  EXPECT_NE(refused.body.find("is locked by pid"), std::string::npos) << refused.body;
}

TEST_F(ServerApiTest, TheTokenIsMadeWhenFirstServedReadableByItsOwnerOnly) {
  struct stat info {};
  ASSERT_EQ(stat((dir_ + "/ACCESS_TOKEN").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  EXPECT_EQ(token_.size(), 64u);
  // A token others may read is refused: the server does not start on it.
  chmod((dir_ + "/ACCESS_TOKEN").c_str(), 0644);
  auto refused = ApiServer::Create(dir_, ServerOptions{});
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("readable by others"), std::string::npos);
  // A corpus without one gets a new one when served.
  fs::remove(dir_ + "/ACCESS_TOKEN");
  ASSERT_TRUE(ApiServer::Create(dir_, ServerOptions{}).ok());
  EXPECT_NE(ReadWhole(dir_ + "/ACCESS_TOKEN"), token_ + "\n");
  // Only a corpus gets one: the server does not start elsewhere.
  EXPECT_FALSE(ApiServer::Create(work_, ServerOptions{}).ok());
  EXPECT_FALSE(fs::exists(work_ + "/ACCESS_TOKEN"));
}

TEST_F(ServerApiTest, DocumentsAreListedFilteredAndReadWithTheirPassagesAndReport) {
  Start();
  ASSERT_EQ(
      Post("/v1/documents", SeedLine("seed-003", "Op-ed", "2022-01-14", kSeed003), true)->status,
      200);
  const json all = json::parse(client_->Get("/v1/documents")->body);
  EXPECT_EQ(all["total"], 2);
  EXPECT_EQ(all["documents"][0]["outlet"], "The Manila Times");
  EXPECT_FALSE(all["documents"][0].contains("text")) << "lists carry summaries, not texts";
  EXPECT_EQ(json::parse(client_->Get("/v1/documents?outlet=Op-ed")->body)["total"], 1);
  EXPECT_EQ(json::parse(client_->Get("/v1/documents?q=MANILA")->body)["total"], 1);
  EXPECT_EQ(json::parse(client_->Get("/v1/documents?from=2022-01-12")->body)["total"], 1);
  EXPECT_EQ(json::parse(client_->Get("/v1/documents?to=2022-01-11")->body)["total"], 1);
  const json page = json::parse(client_->Get("/v1/documents?limit=1&offset=1")->body);
  ASSERT_EQ(page["documents"].size(), 1u);
  EXPECT_EQ(page["documents"][0]["id"], 2);
  EXPECT_EQ(client_->Get("/v1/documents?limit=many")->status, 400);
  EXPECT_EQ(client_->Get("/v1/documents?limit=100000")->status, 400);

  auto one = client_->Get("/v1/documents/1");
  ASSERT_EQ(one->status, 200);
  EXPECT_EQ(json::parse(one->body)["text"], ReadWhole(kSeed000));
  auto missing = client_->Get("/v1/documents/999");
  EXPECT_EQ(missing->status, 404);
  EXPECT_NE(ErrorOf(missing).find("999"), std::string::npos);

  const json passages = json::parse(client_->Get("/v1/documents/2/passages")->body);
  ASSERT_FALSE(passages["passages"].empty());
  const json& first = passages["passages"][0];
  EXPECT_EQ(first["other"]["id"], 1);
  EXPECT_TRUE(first["other"]["duplicate_of"].is_null()) << "seed 000 is nobody's copy";
  ASSERT_TRUE(first["family"].is_number()) << "a stored passage belongs to a reuse family";
  EXPECT_EQ(client_->Get("/v1/families/" + std::to_string(first["family"].get<int>()))->status,
            200);
  // "this" is the side in document 2, whichever side the corpus stored it on.
  const std::string seed003 = ReadWhole(kSeed003);
  const std::string seed000 = ReadWhole(kSeed000);
  for (const json& edit : first["edits"]) {
    if (edit["op"] != "equal") continue;
    const auto here = edit["this"].get<std::vector<size_t>>();
    const auto there = edit["that"].get<std::vector<size_t>>();
    EXPECT_EQ(seed003.substr(here[0], here[1] - here[0]),
              seed000.substr(there[0], there[1] - there[0]));
  }

  auto report = client_->Get("/v1/documents/2/report");
  ASSERT_EQ(report->status, 200) << report->body;
  const json story = json::parse(report->body);
  EXPECT_EQ(story["article"], 2);
  ASSERT_FALSE(story["passages"].empty());
  EXPECT_EQ(story["passages"][0]["earliest_source"]["id"], 1);
  EXPECT_TRUE(story["documents"].contains("1")) << "the chain's documents come with it";
}

TEST_F(ServerApiTest, QSearchesTheWordsOfTextsWithASnippetOfByteRanges) {
  Start();
  // "Tileuberdi" is in the text of seed 000 only, not in its metadata.
  auto found = client_->Get("/v1/documents?q=tileuberdi");
  ASSERT_EQ(found->status, 200);
  const json page = json::parse(found->body);
  ASSERT_EQ(page["total"], 1);
  const json& document = page["documents"][0];
  EXPECT_EQ(document["id"], 1);
  const std::string text = ReadWhole(kSeed000);
  const json& snippet = document["snippet"];
  const size_t begin = snippet["begin"];
  const size_t end = snippet["end"];
  ASSERT_LT(begin, end);
  ASSERT_LE(end, text.size());
  EXPECT_EQ(snippet["text"], text.substr(begin, end - begin));
  ASSERT_EQ(snippet["highlights"].size(), 1u);
  const size_t word_begin = snippet["highlights"][0][0];
  const size_t word_end = snippet["highlights"][0][1];
  EXPECT_EQ(text.substr(word_begin, word_end - word_begin), "Tileuberdi");
  EXPECT_LE(begin, word_begin);
  EXPECT_LE(word_end, end);
  // Two words, both in the text; a metadata match carries a null snippet.
  EXPECT_EQ(json::parse(client_->Get("/v1/documents?q=rainbow%20Tokayev")->body)["total"], 1);
  const json by_title = json::parse(client_->Get("/v1/documents?q=seed-000")->body);
  ASSERT_EQ(by_title["total"], 1);
  EXPECT_TRUE(by_title["documents"][0]["snippet"].is_null());
  EXPECT_FALSE(json::parse(client_->Get("/v1/documents")->body)["documents"][0].contains("snippet"))
      << "no q, no snippet";
  // q is words, never FTS5 syntax.
  for (const char* hostile : {"%22a%22%20OR%20NOT%20(", "(((", "%22", "*", "NEAR(a%20b)"}) {
    auto answer = client_->Get(std::string("/v1/documents?q=") + hostile);
    ASSERT_TRUE(answer) << hostile;
    EXPECT_EQ(answer->status, 200) << hostile << ": " << answer->body;
  }
  EXPECT_EQ(json::parse(client_->Get("/v1/documents?q=(((")->body)["total"], 0);
  // Metadata is matched character for character: % and _ are no wildcards.
  EXPECT_EQ(json::parse(client_->Get("/v1/documents?q=%25")->body)["total"], 0);
  EXPECT_EQ(json::parse(client_->Get("/v1/documents?q=seed_000")->body)["total"], 0);
  EXPECT_EQ(json::parse(client_->Get("/v1/documents?q=SEED-0")->body)["total"], 1);
}

TEST_F(ServerApiTest, FamiliesTreesAndCompare) {
  Start();
  ASSERT_EQ(
      Post("/v1/documents", SeedLine("seed-003", "Op-ed", "2022-01-14", kSeed003), true)->status,
      200);
  const json families = json::parse(client_->Get("/v1/families")->body);
  ASSERT_FALSE(families["families"].empty());
  const int id = families["families"][0]["id"];
  auto tree = client_->Get("/v1/families/" + std::to_string(id));
  ASSERT_EQ(tree->status, 200);
  const json nodes = json::parse(tree->body)["nodes"];
  ASSERT_GE(nodes.size(), 2u);
  EXPECT_TRUE(nodes[0]["parent"].is_null()) << "the root copied nobody";
  EXPECT_EQ(client_->Get("/v1/families/4000000")->status, 404);
  EXPECT_EQ(families["total"], families["families"].size()) << "every family fits one page";
  const json past_end = json::parse(client_->Get("/v1/families?offset=50")->body);
  EXPECT_EQ(past_end["families"].size(), 0u);
  EXPECT_EQ(past_end["total"], families["total"]) << "the total does not depend on the page";
  EXPECT_EQ(client_->Get("/v1/families?limit=0")->status, 400);

  auto compare = client_->Get("/v1/compare?a=1&b=2");
  ASSERT_EQ(compare->status, 200);
  const json compared = json::parse(compare->body);
  EXPECT_EQ(compared["a"]["id"], 1);
  EXPECT_FALSE(compared["passages"].empty());
  EXPECT_EQ(client_->Get("/v1/compare?a=1")->status, 400);
  EXPECT_EQ(client_->Get("/v1/compare?a=1&b=77")->status, 404);
}

// The outlet network and the exports the page offers for download: the
// edge names the families that open from it, and GraphML and CSV are the
// command's writers with their own content types.
TEST_F(ServerApiTest, OutletNetworkAndExports) {
  Start();
  ASSERT_EQ(
      Post("/v1/documents", SeedLine("seed-003", "Op-ed", "2022-01-14", kSeed003), true)->status,
      200);
  auto answer = client_->Get("/v1/outlets");
  ASSERT_EQ(answer->status, 200);
  const json outlets = json::parse(answer->body)["outlets"];
  const auto copier = std::find_if(outlets.begin(), outlets.end(),
                                   [](const json& outlet) { return outlet["outlet"] == "Op-ed"; });
  ASSERT_NE(copier, outlets.end()) << answer->body;
  ASSERT_EQ((*copier)["sources"].size(), 1u);
  const json& source = (*copier)["sources"][0];
  EXPECT_GE(source["passages"].get<int>(), 1);
  ASSERT_EQ(source["families"].size(), 1u);
  const int family = source["families"][0];
  EXPECT_EQ(json::parse(client_->Get("/v1/families/" + std::to_string(family))->body)["id"],
            family);

  auto graphml = client_->Get("/v1/outlets?format=graphml");
  ASSERT_EQ(graphml->status, 200);
  EXPECT_EQ(graphml->get_header_value("Content-Type"), "application/graphml+xml; charset=utf-8");
  EXPECT_NE(graphml->body.find("target=\"Op-ed\""), std::string::npos);
  auto csv = client_->Get("/v1/outlets?format=csv");
  ASSERT_EQ(csv->status, 200);
  EXPECT_EQ(csv->body.rfind("source,outlet,passages,attribution_dropped\n", 0), 0u);
  auto tree = client_->Get("/v1/families/" + std::to_string(family) + "?format=graphml");
  ASSERT_EQ(tree->status, 200);
  EXPECT_NE(tree->body.find("<graphml"), std::string::npos);
  EXPECT_EQ(client_->Get("/v1/outlets?format=xlsx")->status, 400);
  EXPECT_NE(ErrorOf(client_->Get("/v1/families/1?format=csv")).find("json, graphml"),
            std::string::npos);
}

// Browsers accept br, gzip and more; the library's Brotli runs at its
// slowest quality (seconds for a megabyte), so answers come gzipped instead.
TEST_F(ServerApiTest, BrowsersGetGzipNotBrotli) {
  Start();
  client_->set_decompress(false);
  for (const char* accepted : {"gzip, deflate, br, zstd", "br;q=1.0, gzip;q=0.8", "br"}) {
    auto answer = client_->Get("/v1/families", {{"Accept-Encoding", accepted}});
    ASSERT_EQ(answer->status, 200);
    EXPECT_NE(answer->get_header_value("Content-Encoding"), "br") << accepted;
  }
  auto gzipped = client_->Get("/v1/documents?limit=100", {{"Accept-Encoding", "gzip, br"}});
  ASSERT_EQ(gzipped->status, 200);
  EXPECT_EQ(gzipped->get_header_value("Content-Encoding"), "gzip");
}

// A request past --request-timeout is answered 503 with a JSON error and
// gives its corpus back: with one corpus in the pool, an upload (which has no
// deadline) after a run of timed-out reads still gets it.
TEST_F(ServerApiTest, RequestsPastTheirDeadlineAre503AndFreeTheirCorpus) {
  ServerOptions options;
  options.request_timeout_seconds = 1e-9;
  options.corpora = 1;
  Start(options);
  for (int round = 0; round < 5; ++round) {
    auto trace = Post("/v1/trace", json{{"text", ReadWhole(kSeed003)}}.dump());
    ASSERT_TRUE(trace);
    EXPECT_EQ(trace->status, 503);
    EXPECT_NE(ErrorOf(trace).find("deadline"), std::string::npos) << ErrorOf(trace);
    EXPECT_EQ(trace->get_header_value("Retry-After"), "1");
    auto tree = client_->Get("/v1/families/1");
    ASSERT_TRUE(tree);
    EXPECT_TRUE(tree->status == 503 || tree->status == 404) << tree->status;
  }
  auto upload = Post("/v1/documents", SeedLine("seed-003", "Op-ed", "2022-01-14", kSeed003), true);
  ASSERT_TRUE(upload);
  EXPECT_EQ(upload->status, 200) << upload->body;
  EXPECT_EQ(client_->Get("/healthz")->status, 200);
}

// Requests waiting for a corpus get one in the order they came: with one
// corpus lent out, the first of three waiters gets it back first, a request
// arriving just as it comes back queues behind them instead of taking it,
// and a waiter past its deadline leaves the queue without taking a turn.
TEST_F(ServerApiTest, CorpusPoolServesWaitersInTheOrderTheyCame) {
  using Clock = std::chrono::steady_clock;
  CorpusPool pool(dir_, 1);
  auto held = pool.Borrow(Clock::now() + std::chrono::seconds(30));
  ASSERT_TRUE(held.ok()) << held.status().message();
  const auto wait_for_queue = [&](size_t length) {
    for (int tries = 0; tries < 5000 && pool.waiting() != length; ++tries) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ASSERT_EQ(pool.waiting(), length);
  };
  std::mutex order_mutex;
  std::vector<int> order;
  const auto borrower = [&](int name) {
    auto lease = pool.Borrow(Clock::now() + std::chrono::seconds(30));
    ASSERT_TRUE(lease.ok()) << lease.status().message();
    std::lock_guard lock(order_mutex);
    order.push_back(name);
  };
  auto expired = pool.Borrow(Clock::now() + std::chrono::milliseconds(1));
  EXPECT_FALSE(expired.ok()) << "the only corpus is lent out";
  EXPECT_EQ(pool.waiting(), 0u) << "a waiter past its deadline leaves the queue";
  std::vector<std::thread> borrowers;
  for (int name = 1; name <= 3; ++name) {
    borrowers.emplace_back(borrower, name);
    wait_for_queue(static_cast<size_t>(name));
  }
  { auto done = std::move(*held); }  // returned: the queue takes it in turn
  borrower(4);                       // arrives at once, while the others wake
  for (std::thread& thread : borrowers) thread.join();
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3, 4}));
}

// Each answer that used the engine says how long the engine took, so that a
// client can tell the engine's time from the server's and the network's.
TEST_F(ServerApiTest, AnswersNameTheEnginesTimeInServerTiming) {
  Start();
  auto trace = Post("/v1/trace", json{{"text", ReadWhole(kSeed003)}}.dump());
  ASSERT_TRUE(trace);
  ASSERT_EQ(trace->status, 200);
  const std::string timing = trace->get_header_value("Server-Timing");
  double engine = -1;
  double wait = -1;
  ASSERT_EQ(std::sscanf(timing.c_str(), "engine;dur=%lf, wait;dur=%lf", &engine, &wait), 2)
      << timing;
  EXPECT_GT(engine, 0.0) << "a trace takes some time";
  EXPECT_GE(wait, 0.0);
  EXPECT_LT(engine, 60'000.0);
  EXPECT_FALSE(client_->Get("/v1/families")->get_header_value("Server-Timing").empty());
}

TEST_F(ServerApiTest, HealthAndPrometheusMetrics) {
  Start();
  auto health = client_->Get("/healthz");
  ASSERT_EQ(health->status, 200);
  EXPECT_EQ(json::parse(health->body)["documents"], 1);
  ASSERT_EQ(Post("/v1/trace", json{{"text", ReadWhole(kSeed003)}}.dump())->status, 200);
  EXPECT_EQ(client_->Get("/v1/documents/999")->status, 404);
  // A request is counted just after its response is sent (cpp-httplib's
  // logger), so the client may ask for the metrics before the last ones are in.
  const std::vector<std::string> expected = {
      R"(stemma_http_requests_total{route="/v1/trace",method="POST",status="200"} 1)",
      R"(route="/v1/documents/{id}",method="GET",status="404"} 1)",
      R"(stemma_http_request_duration_seconds_count{route="/v1/trace"} 1)"};
  const auto all_counted = [&](const std::string& body) {
    return std::all_of(expected.begin(), expected.end(), [&](const std::string& line) {
      return body.find(line) != std::string::npos;
    });
  };
  auto metrics = client_->Get("/metrics");
  for (int attempt = 0; attempt < 100 && metrics && !all_counted(metrics->body); ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    metrics = client_->Get("/metrics");
  }
  ASSERT_TRUE(metrics);
  ASSERT_EQ(metrics->status, 200);
  EXPECT_EQ(metrics->get_header_value("Content-Type").rfind("text/plain; version=0.0.4", 0), 0u);
  const std::string& text = metrics->body;
  for (const std::string& line : expected) EXPECT_NE(text.find(line), std::string::npos) << text;
  EXPECT_NE(text.find("\nstemma_corpus_documents 1\n"), std::string::npos);
}

TEST_F(ServerApiTest, StaticFilesNeverLeaveThePagesFiles) {
  Start();
  auto page = client_->Get("/");
  ASSERT_EQ(page->status, 200);
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(page->body.find("<html"), std::string::npos);
  EXPECT_NE(page->get_header_value("Content-Security-Policy").find("script-src 'self'"),
            std::string::npos);
  for (const std::string target :
       {"/../../etc/passwd", "/..%2f..%2fetc%2fpasswd", "/%2e%2e/%2e%2e/etc/passwd",
        "/web/../../../etc/passwd", "//etc/passwd", "/index.html/../../etc/passwd"}) {
    const std::string answer = RawGet(port_, target);
    EXPECT_EQ(answer.find("root:"), std::string::npos) << target;
    EXPECT_NE(answer.rfind("HTTP/1.1 4", 0), std::string::npos) << target << ": " << answer;
  }
  EXPECT_EQ(client_->Get("/no-such-file.js")->status, 404);
  EXPECT_EQ(client_->Get("/v1/trace")->status, 405);
  EXPECT_EQ(client_->Get("/v1/nothing")->status, 404);
}

TEST_F(ServerApiTest, AWebDirOnDiskIsServedWithoutEscapingIt) {
  const std::string web = work_ + "/web";
  fs::create_directories(web);
  std::ofstream(web + "/index.html") << "<html>on disk</html>";
  fs::create_symlink("/etc/passwd", web + "/passwd.txt");
  ServerOptions options;
  options.web_dir = web;
  Start(options);
  EXPECT_EQ(client_->Get("/")->body, "<html>on disk</html>");
  EXPECT_EQ(client_->Get("/passwd.txt")->status, 404) << "a link out of the folder is not followed";
  EXPECT_EQ(RawGet(port_, "/../corpus/ACCESS_TOKEN").find(token_), std::string::npos);
}

TEST_F(ServerApiTest, UntrustedMarkupInATextComesBackAsJsonText) {
  Start();
  const std::string text =
      "<script>alert(1)</script> An article whose words are all its own, told in a new way.";
  ASSERT_EQ(
      Post("/v1/documents",
           json{{"text", text}, {"title", "<img src=x onerror=alert(1)>"}}.dump() + "\n", true)
          ->status,
      200);
  auto document = client_->Get("/v1/documents/2");
  ASSERT_EQ(document->status, 200);
  EXPECT_EQ(document->get_header_value("Content-Type"), "application/json");
  EXPECT_EQ(document->get_header_value("X-Content-Type-Options"), "nosniff");
  const json body = json::parse(document->body);
  EXPECT_EQ(body["text"], text);
  EXPECT_EQ(body["title"], "<img src=x onerror=alert(1)>");
}

// Eight clients share two corpora: requests wait for a free one, none fails.
TEST_F(ServerApiTest, ConcurrentTracesAllAnswerTheSame) {
  ServerOptions options;
  options.corpora = 2;
  Start(options);
  const std::string body = json{{"text", ReadWhole(kSeed003)}}.dump();
  const std::string expected = Post("/v1/trace", body)->body;
  std::vector<std::thread> clients;
  std::atomic<int> same{0};
  for (int thread = 0; thread < 8; ++thread) {
    clients.emplace_back([&] {
      httplib::Client client("127.0.0.1", port_);
      client.set_read_timeout(60);
      for (int round = 0; round < 4; ++round) {
        auto result = client.Post("/v1/trace", body, "application/json");
        if (result && result->status == 200 && result->body == expected) ++same;
      }
    });
  }
  for (auto& client : clients) client.join();
  EXPECT_EQ(same.load(), 32);
}

// Watches over HTTP: created and removed only with the token, alerts listed
// after an id, and a Server-Sent Events stream that gets each alert once.
TEST_F(ServerApiTest, WatchesAlertsAndTheAlertStream) {
  Start();
  json watch = {{"name", "manila"}, {"document", 1}, {"min_tokens", 10}};
  EXPECT_EQ(Post("/v1/watches", watch.dump())->status, 401);
  auto made = Post("/v1/watches", watch.dump(), /*with_token=*/true);
  ASSERT_EQ(made->status, 201) << made->body;
  EXPECT_EQ(json::parse(made->body)["name"], "manila");
  EXPECT_EQ(Post("/v1/watches", watch.dump(), true)->status, 400) << "the name is taken";
  EXPECT_EQ(Post("/v1/watches", R"({"name":"x","text":"a","outlet":"b"})", true)->status, 400);

  // A client on the stream before the alert comes.
  std::string events;
  std::thread listener([&] {
    httplib::Client stream("127.0.0.1", port_);
    stream.set_read_timeout(20);
    (void)stream.Get("/v1/alerts/stream", [&](const char* data, size_t size) {
      events.append(data, size);
      return events.find("event: alert") == std::string::npos;
    });
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const std::string line = SeedLine("seed-003", "Op-ed", "2022-01-14", kSeed003);
  ASSERT_EQ(Post("/v1/documents", line, true)->status, 200);
  listener.join();
  EXPECT_NE(events.find("id: 1\nevent: alert\ndata: {\"id\":1,\"watch\":\"manila\""),
            std::string::npos)
      << events;
  EXPECT_EQ(events.find("event: alert"), events.rfind("event: alert")) << "one alert, once";

  const json alerts = json::parse(client_->Get("/v1/alerts?since=0")->body);
  ASSERT_EQ(alerts["alerts"].size(), 1u);
  EXPECT_EQ(alerts["last"], 1);
  EXPECT_EQ(alerts["alerts"][0]["document"]["external_id"], "seed-003");
  EXPECT_EQ(alerts["alerts"][0]["passages"][0]["watched"]["doc"], 1);
  EXPECT_TRUE(json::parse(client_->Get("/v1/alerts?since=1")->body)["alerts"].empty());
  EXPECT_EQ(client_->Get("/v1/alerts?since=x")->status, 400);
  // A reconnecting browser sends the last id it saw: nothing is sent twice.
  std::string resumed;
  httplib::Client again("127.0.0.1", port_);
  again.set_read_timeout(2);
  (void)again.Get("/v1/alerts/stream", {{"Last-Event-ID", "1"}},
                  [&](const char* data, size_t size) {
                    resumed.append(data, size);
                    return true;
                  });
  EXPECT_EQ(resumed.find("event: alert"), std::string::npos) << resumed;

  EXPECT_EQ(client_->Delete("/v1/watches/manila")->status, 401);
  httplib::Headers token = {{"Authorization", "Bearer " + token_}};
  EXPECT_EQ(client_->Delete("/v1/watches/manila", token)->status, 204);
  EXPECT_EQ(client_->Delete("/v1/watches/manila", token)->status, 404);
  EXPECT_TRUE(json::parse(client_->Get("/v1/watches")->body)["watches"].empty());
}

// A watch with a webhook: the server posts its alert to a receiver on
// loopback, signed with the access token, and tries again after a failure.
TEST_F(ServerApiTest, WebhooksPostEachAlertSignedAndRetryAfterAFailure) {
  httplib::Server receiver;
  std::mutex mutex;
  std::vector<std::pair<std::string, httplib::Headers>> posts;
  receiver.Post("/hook", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mutex);
    posts.emplace_back(req.body, req.headers);
    res.status = posts.size() == 1 ? 500 : 200;  // the first attempt fails
  });
  const int hook_port = receiver.bind_to_any_port("127.0.0.1");
  std::thread receiving([&] { receiver.listen_after_bind(); });
  ServerOptions options;
  options.webhook_poll_ms = 50;
  options.webhook_first_retry_ms = 100;
  Start(options);
  const json watch = {{"name", "manila"},
                      {"document", 1},
                      {"min_tokens", 10},
                      {"webhook", fmt::format("http://127.0.0.1:{}/hook", hook_port)}};
  ASSERT_EQ(Post("/v1/watches", watch.dump(), true)->status, 201);
  ASSERT_EQ(
      Post("/v1/documents", SeedLine("seed-003", "Op-ed", "2022-01-14", kSeed003), true)->status,
      200);
  for (int waited = 0; waited < 100; ++waited) {
    if (std::lock_guard lock(mutex); posts.size() >= 2) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // no third post comes
  receiver.stop();
  receiving.join();
  ASSERT_EQ(posts.size(), 2u) << "one failed attempt, then one delivery";
  EXPECT_EQ(posts[0].first, posts[1].first);
  const json alert = json::parse(posts[1].first);
  EXPECT_EQ(alert["watch"], "manila");
  EXPECT_EQ(alert["document"]["external_id"], "seed-003");
  const auto header = [&](const std::string& name) { return posts[1].second.find(name)->second; };
  EXPECT_EQ(header("X-Stemma-Alert"), "1");
  EXPECT_EQ(header("X-Stemma-Signature"), WebhookSignature(token_, posts[1].first));
  EXPECT_NE(header("X-Stemma-Signature"), WebhookSignature("another key", posts[1].first));
  EXPECT_EQ(Post("/v1/watches", R"({"name":"x","outlet":"y","webhook":"ftp://h/"})", true)->status,
            400);
}

}  // namespace
}  // namespace stemma::server
