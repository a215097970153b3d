#include "server/api_server.h"

#include <fmt/format.h>
#include <httplib.h>

#include <charconv>
#include <chrono>
#include <exception>
#include <iostream>
#include <thread>

#include "commands.h"
#include "server/access_token.h"
#include "server/api_handlers.h"
#include "server/watch_handlers.h"

namespace stemma::server {
namespace {

using Clock = std::chrono::steady_clock;

// What the access log of the request being answered on this thread knows:
// when it began (set before routing) and which route answered it.
thread_local Clock::time_point request_start;
thread_local const char* request_route = nullptr;

constexpr const char* kTracePath = "/v1/trace";
constexpr const char* kShardPath = "/v1/shard";
constexpr const char* kReportPath = "/v1/report";
constexpr const char* kDocumentsPath = "/v1/documents";
constexpr const char* kWatchesPath = "/v1/watches";
// How often an alert stream looks for new alerts, and how often it says it
// is alive when there are none (proxies close silent connections).
constexpr auto kAlertPoll = std::chrono::milliseconds(500);
constexpr int kPollsPerKeepAlive = 30;

// Headers on every answer. The page is a script of our own that shows
// untrusted text: the policy forbids any other script, inline or not, so
// that text that slipped past escaping still could not run.
httplib::Headers SecurityHeaders() {
  return {{"Content-Security-Policy",
           "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
           "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
           "form-action 'self'"},
          {"X-Content-Type-Options", "nosniff"},
          {"Referrer-Policy", "no-referrer"},
          {"X-Frame-Options", "DENY"}};
}

// Debian's cpp-httplib answers "Accept-Encoding: br", which every browser
// sends, with Brotli at its highest quality, whose speed is about 0.25 MB/s:
// 6.8 s for the 1.7 MB outlet network of Q1 1916, where gzip adds 0.09 s.
// The library has no setting for it, so "br" is taken out of what a client
// accepts before the library reads the header. httplib passes its own
// (non-const) Request as const; this edit, made before any handler reads
// it, stays within the request.
void AcceptGzipNotBrotli(const httplib::Request& req) {
  auto& headers = const_cast<httplib::Request&>(req).headers;
  const auto [first, last] = headers.equal_range("Accept-Encoding");
  for (auto header = first; header != last; ++header) {
    std::string kept;
    std::string_view rest = header->second;
    while (!rest.empty()) {
      const size_t comma = rest.find(',');
      std::string_view token = rest.substr(0, comma);
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
      const std::string_view coding = token.substr(0, token.find(';'));
      if (coding.empty() || coding == "br" || coding.starts_with("br ")) continue;
      kept += kept.empty() ? "" : ", ";
      kept += token;
    }
    header->second = kept;
  }
}

void Send(httplib::Response& res, const ApiResponse& response) {
  res.status = response.status;
  res.set_content(response.body, response.content_type.c_str());
}

QueryParams ParamsOf(const httplib::Request& req) {
  QueryParams params;
  for (const auto& [name, value] : req.params) params.emplace(name, value);  // the first one wins
  return params;
}

// The document or family id of the route's first capture; 0 if out of range.
uint32_t IdOf(const httplib::Request& req) {
  const std::string text = req.matches[1];
  uint64_t id = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc() || end != text.data() + text.size() || id > UINT32_MAX) return 0;
  return static_cast<uint32_t>(id);
}

// Constant time in the length of `expected`, so that timing tells nothing of the token.
bool SameSecret(const std::string& given, const std::string& expected) {
  unsigned char difference = given.size() == expected.size() ? 0 : 1;
  for (size_t index = 0; index < expected.size(); ++index) {
    const unsigned char other = index < given.size() ? static_cast<unsigned char>(given[index]) : 0;
    difference |= other ^ static_cast<unsigned char>(expected[index]);
  }
  return difference == 0;
}

size_t DeclaredLength(const httplib::Request& req) {
  if (!req.has_header("Content-Length")) return 0;
  const std::string text = req.get_header_value("Content-Length");
  size_t length = 0;
  std::from_chars(text.data(), text.data() + text.size(), length);
  return length;
}

// Why httplib refused a request by itself.
std::string ReasonOf(int status) {
  switch (status) {
    case 400:
      return "bad request";
    case 404:
      return "not found";
    case 405:
      return "method not allowed";
    case 408:
      return "the request took too long to arrive";
    case 413:
      return "the body is over the limit";
    case 414:
      return "the URI is too long";
    default:
      return fmt::format("HTTP status {}", status);
  }
}

// Answers httplib made itself (no route, a body over the global limit, a bad
// request line) and exceptions get the same JSON shape as ours.
void AddErrorAnswers(httplib::Server& http) {
  http.set_error_handler(
      httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        Send(res, ErrorResponse(res.status, ReasonOf(res.status)));
        return httplib::Server::HandlerResponse::Handled;
      }));
  http.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr error) {
        std::string reason = "internal error";
        try {
          std::rethrow_exception(error);
        } catch (const std::exception& exception) {
          reason += std::string(": ") + exception.what();
        } catch (...) {
        }
        Send(res, ErrorResponse(500, reason));
      });
}

// A POST handler that reads the body itself. httplib, left to read it, takes a
// body without a JSON or JSON Lines content type (curl's --data-binary sends
// application/x-www-form-urlencoded) as a form and refuses it past 8 KiB with
// 413 (found by the soak's uploads); the body limits are ours (AddGuards).
httplib::Server::HandlerWithContentReader WithBody(
    std::function<void(const httplib::Request&, httplib::Response&)> handler) {
  return [handler = std::move(handler)](const httplib::Request& req, httplib::Response& res,
                                        const httplib::ContentReader& content) {
    httplib::Request with_body = req;
    content([&with_body](const char* data, size_t length) {
      with_body.body.append(data, length);
      return true;
    });
    handler(with_body, res);
  };
}

}  // namespace

size_t CorporaToOpen(const ServerOptions& options) {
  return options.corpora > 0 ? static_cast<size_t>(options.corpora)
                             : 2 * std::max<size_t>(1, std::thread::hardware_concurrency());
}

ApiServer::ApiServer(const std::string& dir, const ServerOptions& options, std::string token)
    : dir_(dir),
      options_(options),
      token_(std::move(token)),
      pool_(dir, CorporaToOpen(options)),
      static_files_(options.web_dir),
      http_(std::make_unique<httplib::Server>()),
      webhooks_(dir, token_, std::chrono::milliseconds(options.webhook_poll_ms),
                std::chrono::milliseconds(options.webhook_first_retry_ms)) {}

ApiServer::~ApiServer() = default;

Result<std::unique_ptr<ApiServer>> ApiServer::Create(const std::string& dir,
                                                     const ServerOptions& options) {
  if (options.workers < 1) return Status::InvalidArgument("--workers must be at least 1");
  if (options.corpora < 0) return Status::InvalidArgument("--corpora must not be negative");
  if (options.timeout_seconds < 1) return Status::InvalidArgument("--timeout must be at least 1");
  // Opened once now, so that a wrong directory fails at start, not at the first request.
  STEMMA_ASSIGN_OR_RETURN(std::unique_ptr<Corpus> corpus, cli::OpenCorpus(dir));
  // The token writes carry: made now when the corpus has none yet.
  STEMMA_ASSIGN_OR_RETURN(std::string token, ReadOrMakeAccessToken(dir));
  std::unique_ptr<ApiServer> server(new ApiServer(dir, options, std::move(token)));
  server->AddGuards();
  server->AddRoutes();
  return server;
}

bool ApiServer::HasToken(const std::string& authorization) const {
  constexpr std::string_view kScheme = "Bearer ";
  if (authorization.compare(0, kScheme.size(), kScheme) != 0) return false;
  return SameSecret(authorization.substr(kScheme.size()), token_);
}

// What is refused before a body is read: writes without the token, and
// bodies declared over their route's limit.
void ApiServer::AddGuards() {
  httplib::Server& http = *http_;
  http.set_payload_max_length(std::max(options_.max_query_bytes, options_.max_upload_bytes));
  http.set_read_timeout(options_.timeout_seconds);
  http.set_write_timeout(options_.timeout_seconds);
  http.set_keep_alive_timeout(5);
  // httplib writes the headers and the body of an answer apart; with Nagle's
  // algorithm on, the body then waits for the client's delayed ACK of the
  // headers (40 ms on Linux) on every request of a kept-alive connection
  // after the first. Measured by bench/keepalive_latency.py and tested.
  http.set_tcp_nodelay(true);
  http.set_default_headers(SecurityHeaders());
  const size_t workers = static_cast<size_t>(options_.workers);
  http.new_task_queue = [workers] { return new httplib::ThreadPool(workers); };

  http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    request_start = Clock::now();
    request_route = nullptr;
    AcceptGzipNotBrotli(req);
    if (req.method != "POST" && req.method != "DELETE") {
      return httplib::Server::HandlerResponse::Unhandled;
    }
    size_t limit = options_.max_query_bytes;
    const bool write =
        req.method == "DELETE" || req.path == kDocumentsPath || req.path == kWatchesPath;
    // A shard request carries every n-gram hash of a traced text: 8 bytes a word.
    if (req.path == kDocumentsPath || req.path == kShardPath) limit = options_.max_upload_bytes;
    if (write) {
      if (!HasToken(req.get_header_value("Authorization"))) {
        request_route = req.path == kDocumentsPath ? kDocumentsPath : kWatchesPath;
        res.set_header("WWW-Authenticate", "Bearer");
        res.set_header("Connection", "close");
        Send(res, ErrorResponse(401,
                                "writes need the corpus's access token: Authorization: "
                                "Bearer <the token in ACCESS_TOKEN>"));
        return httplib::Server::HandlerResponse::Handled;
      }
    }
    if (DeclaredLength(req) > limit) {
      res.set_header("Connection", "close");
      Send(res, ErrorResponse(413, fmt::format("the body is over the limit of {} bytes for {}",
                                               limit, req.path)));
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });

  AddErrorAnswers(http);
  http.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    const double seconds = std::chrono::duration<double>(Clock::now() - request_start).count();
    metrics_.Observe(request_route != nullptr ? request_route : "other", req.method, res.status,
                     seconds);
    if (res.status >= 500) {
      std::cerr << fmt::format("stemma serve: {} {} -> {}: {}\n", req.method, req.path, res.status,
                               res.body);
    }
  });
}

ApiServer::Handler ApiServer::WithCorpus(const char* route, Answer answer) {
  return [this, route, answer](const httplib::Request& req, httplib::Response& res) {
    request_route = route;
    const bool upload = req.method == "POST" && req.path == kDocumentsPath;
    const auto deadline =
        upload
            ? Clock::time_point::max()
            : request_start + std::chrono::duration_cast<Clock::duration>(
                                  std::chrono::duration<double>(options_.request_timeout_seconds));
    auto corpus = pool_.Borrow(deadline);
    if (!corpus.ok()) return Send(res, ErrorResponse(503, corpus.status().message()));
    if (!upload) (*corpus)->SetDeadline(deadline);
    const Clock::time_point engine_start = Clock::now();
    ApiResponse response = answer(**corpus, req);
    (*corpus)->SetDeadline(std::nullopt);
    if (response.status == 503) res.set_header("Retry-After", "1");
    // The engine's time and the wait for a corpus, as browsers' developer
    // tools and bench/keepalive_latency.py read them: what a client sees
    // beyond them is the server's and the network's.
    const auto millis = [](Clock::duration duration) {
      return std::chrono::duration<double, std::milli>(duration).count();
    };
    res.set_header("Server-Timing", fmt::format("engine;dur={:.3f}, wait;dur={:.3f}",
                                                millis(Clock::now() - engine_start),
                                                millis(engine_start - request_start)));
    Send(res, response);
  };
}

// Each stream reads alerts through a corpus of its own (a stream lasts as long
// as its client: it must not hold one of the pool's), from `since` or the
// Last-Event-ID a reconnecting browser sends, so each alert reaches a client
// once even across reconnections.
void ApiServer::StreamAlerts(const httplib::Request& req, httplib::Response& res) {
  request_route = "/v1/alerts/stream";
  uint64_t since = 0;
  const std::string resume = req.has_header("Last-Event-ID") ? req.get_header_value("Last-Event-ID")
                                                             : req.get_param_value("since");
  if (!resume.empty()) {
    const auto [end, error] = std::from_chars(resume.data(), resume.data() + resume.size(), since);
    if (error != std::errc() || end != resume.data() + resume.size()) {
      return Send(res, ErrorResponse(400, "since: not a whole number"));
    }
  }
  auto corpus = cli::OpenCorpus(dir_);
  if (!corpus.ok()) return Send(res, ErrorResponse(corpus.status()));
  std::shared_ptr<Corpus> reader(std::move(*corpus));
  auto last = std::make_shared<uint64_t>(since);
  auto quiet = std::make_shared<int>(0);
  res.set_header("Cache-Control", "no-cache");
  res.set_chunked_content_provider(
      "text/event-stream", [reader, last, quiet](size_t, httplib::DataSink& sink) {
        auto alerts = reader->Alerts(*last, 100);
        if (!alerts.ok()) return false;
        std::string events = AlertEvents(*alerts, last.get());
        if (events.empty() && ++*quiet >= kPollsPerKeepAlive) {
          events = ": alive\n\n";
          *quiet = 0;
        }
        if (!events.empty() && !sink.write(events.data(), events.size())) return false;
        if (alerts->empty()) std::this_thread::sleep_for(kAlertPoll);
        return sink.is_writable();
      });
}

void ApiServer::AddStaticFiles() {
  http_->Get(".*", [this](const httplib::Request& req, httplib::Response& res) {
    request_route = "static";
    if (req.path.rfind("/v1/", 0) == 0) {
      const bool post_only = req.path == kTracePath || req.path == kReportPath;
      return Send(res, post_only ? ErrorResponse(405, req.path + " takes POST")
                                 : ErrorResponse(404, "no such endpoint: " + req.path));
    }
    const std::optional<StaticFile> file = static_files_.Find(req.path);
    if (!file.has_value()) return Send(res, ErrorResponse(404, "no such file"));
    res.set_content(file->body, file->content_type.c_str());
    // The page's files change only with the binary; scripts check each time.
    res.set_header("Cache-Control", "no-cache");
  });
}

void ApiServer::AddRoutes() {
  httplib::Server& http = *http_;
  const auto with_corpus = [this](const char* route, Answer answer) {
    return WithCorpus(route, std::move(answer));
  };
  using Request = const httplib::Request&;

  http.Post(kTracePath, WithBody(with_corpus(kTracePath, [](Corpus& corpus, Request req) {
              return Trace(corpus, req.body);
            })));
  http.Post(kReportPath, WithBody(with_corpus(kReportPath, [](Corpus& corpus, Request req) {
              return ReportOnText(corpus, req.body);
            })));
  http.Get(kDocumentsPath, with_corpus(kDocumentsPath, [](Corpus& corpus, Request req) {
             return ListDocuments(corpus, ParamsOf(req));
           }));
  http.Post(kDocumentsPath,
            WithBody(with_corpus(kDocumentsPath, [this](Corpus& corpus, Request req) {
              std::lock_guard lock(write_mutex_);
              return AddDocuments(corpus, req.body);
            })));
  http.Get(R"(/v1/documents/(\d{1,10}))",
           with_corpus("/v1/documents/{id}",
                       [](Corpus& corpus, Request req) { return GetDocument(corpus, IdOf(req)); }));
  http.Get(R"(/v1/documents/(\d{1,10})/passages)",
           with_corpus("/v1/documents/{id}/passages", [](Corpus& corpus, Request req) {
             return DocumentPassages(corpus, IdOf(req));
           }));
  http.Get(R"(/v1/documents/(\d{1,10})/report)",
           with_corpus("/v1/documents/{id}/report", [](Corpus& corpus, Request req) {
             return DocumentReport(corpus, IdOf(req));
           }));
  http.Get("/v1/families", with_corpus("/v1/families", [](Corpus& corpus, Request req) {
             return ListFamilies(corpus, ParamsOf(req));
           }));
  http.Get(R"(/v1/families/(\d{1,10}))",
           with_corpus("/v1/families/{id}", [](Corpus& corpus, Request req) {
             return GetFamily(corpus, IdOf(req), ParamsOf(req));
           }));
  http.Get("/v1/outlets", with_corpus("/v1/outlets", [](Corpus& corpus, Request req) {
             return OutletNetwork(corpus, ParamsOf(req));
           }));
  http.Get("/v1/compare", with_corpus("/v1/compare", [](Corpus& corpus, Request req) {
             return CompareDocuments(corpus, ParamsOf(req));
           }));
  AddWatchRoutes();
  AddServiceRoutes();
  // Everything else a GET names is a file of the page, or nothing.
  AddStaticFiles();
}

// What other programs ask: health, metrics, and a sharded corpus's requests
// to this corpus when it is one of the shards.
void ApiServer::AddServiceRoutes() {
  httplib::Server& http = *http_;
  const auto with_corpus = [this](const char* route, Answer answer) {
    return WithCorpus(route, std::move(answer));
  };
  using Request = const httplib::Request&;
  http.Get("/healthz",
           with_corpus("/healthz", [](Corpus& corpus, Request) { return Health(corpus); }));
  http.Get("/metrics", with_corpus("/metrics", [this](Corpus& corpus, Request) {
             auto stats = corpus.Stats();
             if (!stats.ok()) return ErrorResponse(stats.status());
             return ApiResponse{200, metrics_.Exposition(*stats),
                                "text/plain; version=0.0.4; charset=utf-8"};
           }));
  http.Post(kShardPath, WithBody(with_corpus(kShardPath, [](Corpus& corpus, Request req) {
              return AnswerShardRequest(corpus, req.body);
            })));
}

// Watches and alerts (docs/http_api.md, "Watches").
void ApiServer::AddWatchRoutes() {
  httplib::Server& http = *http_;
  const auto with_corpus = [this](const char* route, Answer answer) {
    return WithCorpus(route, std::move(answer));
  };
  using Request = const httplib::Request&;
  http.Get("/v1/alerts", with_corpus("/v1/alerts", [](Corpus& corpus, Request req) {
             return ListAlerts(corpus, ParamsOf(req));
           }));
  http.Get("/v1/alerts/stream",
           [this](const httplib::Request& req, httplib::Response& res) { StreamAlerts(req, res); });
  http.Get(kWatchesPath,
           with_corpus(kWatchesPath, [](Corpus& corpus, Request) { return ListWatches(corpus); }));
  http.Post(kWatchesPath, WithBody(with_corpus(kWatchesPath, [this](Corpus& corpus, Request req) {
              std::lock_guard lock(write_mutex_);
              return CreateWatch(corpus, req.body);
            })));
  http.Delete(R"(/v1/watches/([^/]{1,200}))",
              with_corpus("/v1/watches/{name}", [this](Corpus& corpus, Request req) {
                std::lock_guard lock(write_mutex_);
                return DeleteWatch(corpus, httplib::detail::decode_url(req.matches[1], false));
              }));
}

Result<int> ApiServer::Bind() {
  if (options_.port == 0) {
    const int port = http_->bind_to_any_port(options_.host);
    if (port < 0) return Status::IoError("cannot listen on " + options_.host);
    return port;
  }
  if (!http_->bind_to_port(options_.host, options_.port)) {
    return Status::IoError(fmt::format("cannot listen on {}:{} (in use, or not an address here)",
                                       options_.host, options_.port));
  }
  return options_.port;
}

Status ApiServer::Run() {
  webhooks_.Start();
  const bool listened = http_->listen_after_bind();
  webhooks_.Stop();
  if (!listened) return Status::IoError("the server stopped listening");
  return Status::Ok();
}

void ApiServer::Stop() { http_->stop(); }

}  // namespace stemma::server
