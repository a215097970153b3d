// ApiServer: `stemma serve` — one corpus over HTTP (docs/http_api.md): the
// JSON API, /healthz, /metrics and the web page, on cpp-httplib.
//
// Safe by default: it binds to loopback unless told otherwise; every write
// needs the corpus's access token as a Bearer header, checked before the
// body is read; bodies and connection reads and writes are bounded; static
// files come only from the page's own files. Each worker thread borrows its
// own Corpus from a pool (a Corpus is used by one thread at a time); writes
// take turns.
#ifndef STEMMA_TOOLS_SERVER_API_SERVER_H_
#define STEMMA_TOOLS_SERVER_API_SERVER_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "server/api_handlers.h"
#include "server/corpus_pool.h"
#include "server/metrics.h"
#include "server/static_files.h"
#include "server/webhooks.h"
#include "stemma/status.h"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace stemma::server {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;      // 0: any free port (Bind() says which)
  std::string web_dir;  // serve the page from this folder; empty: the built-in files
  size_t max_query_bytes = size_t{1} << 20;    // POST /v1/trace, /v1/report
  size_t max_upload_bytes = size_t{64} << 20;  // POST /v1/documents
  int workers = 64;          // threads holding connections (one each while it is kept alive)
  int corpora = 0;           // corpora open at most, each with its own caches; 0: twice the cores
  int timeout_seconds = 30;  // each read and write of a connection
  // Each request's deadline, from when it is routed: past it, the answer is
  // 503 and the worker is free. Uploads (POST /v1/documents) have none: an
  // add stopped halfway would only be rolled back.
  double request_timeout_seconds = 5;
  // Webhooks (server/webhooks.h): how often new alerts are looked for, and
  // the first wait before a failed post is tried again.
  int webhook_poll_ms = 500;
  int webhook_first_retry_ms = 1000;
};

// How many corpora the server opens at most: `options.corpora`, or twice the
// cores. No more requests do work at once.
size_t CorporaToOpen(const ServerOptions& options);

class ApiServer {
 public:
  // Opens the corpus in `dir` (and its access token) and sets up the routes.
  static Result<std::unique_ptr<ApiServer>> Create(const std::string& dir,
                                                   const ServerOptions& options);
  ~ApiServer();

  // Binds the listening socket; returns the port.
  Result<int> Bind();
  // Answers requests until Stop() (from another thread or a signal watcher).
  Status Run();
  void Stop();

 private:
  ApiServer(const std::string& dir, const ServerOptions& options, std::string token);
  using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;
  using Answer = std::function<ApiResponse(Corpus&, const httplib::Request&)>;
  void AddRoutes();
  void AddServiceRoutes();
  void AddWatchRoutes();
  void AddGuards();
  // A route's handler: names the route for the metrics, borrows a corpus
  // until the request's deadline, answers with `answer`, says the engine's time.
  Handler WithCorpus(const char* route, Answer answer);
  // Every other GET: a file of the page, or 404 (405 for a POST-only path).
  void AddStaticFiles();
  bool HasToken(const std::string& authorization) const;

  // GET /v1/alerts/stream: Server-Sent Events of alerts as adds record them.
  void StreamAlerts(const httplib::Request& req, httplib::Response& res);

  std::string dir_;
  ServerOptions options_;
  std::string token_;
  CorpusPool pool_;
  Metrics metrics_;
  StaticFiles static_files_;
  std::mutex write_mutex_;  // one write at a time: a corpus has one writer
  std::unique_ptr<httplib::Server> http_;
  WebhookSender webhooks_;
};

}  // namespace stemma::server

#endif  // STEMMA_TOOLS_SERVER_API_SERVER_H_
