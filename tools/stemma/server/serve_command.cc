// `stemma serve DIR`: the corpus over HTTP, until interrupted.
#include <fmt/format.h>
#include <signal.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <algorithm>
#include <iostream>
#include <thread>

#include "commands.h"
#include "server/api_server.h"

namespace stemma::cli {
namespace {

// glibc gives each thread that allocates an arena of its own, up to 8 per
// core; the server's 64 workers (and TBB's) each rebuilt the per-snapshot
// caches in whichever arena they held after every run an `add` committed,
// and the freed caches stayed behind in the others: resident memory grew by
// 40-70 MB with each run of 3 documents on Q1 (bench/serve_soak.sh). No
// more threads work at once than corpora are open, so as many arenas serve.
void LimitMallocArenas(const server::ServerOptions& options) {
#ifdef __GLIBC__
  mallopt(M_ARENA_MAX, static_cast<int>(std::max<size_t>(2, server::CorporaToOpen(options))));
#else
  (void)options;
#endif
}

int RunServe(const std::string& dir, const server::ServerOptions& options) {
  LimitMallocArenas(options);
  // SIGINT and SIGTERM are taken by a watcher thread (not a handler), which
  // stops the server cleanly: in-flight requests finish, the corpus closes.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  auto made = server::ApiServer::Create(dir, options);
  if (!made.ok()) {
    PrintError(made.status().message());
    return kExitFailed;
  }
  server::ApiServer& api = **made;
  auto port = api.Bind();
  if (!port.ok()) {
    PrintError(port.status().message());
    return kExitFailed;
  }
  std::cerr << fmt::format(
      "stemma: serving {} at http://{}:{}/ (writes need the token in {}/ACCESS_TOKEN); "
      "Ctrl-C stops\n",
      dir, options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host,
      *port, dir);
  std::thread watcher([&api, stop_signals]() {
    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    api.Stop();
  });
  const Status served = api.Run();
  // Wakes the watcher if the server ended by itself.
  pthread_kill(watcher.native_handle(), SIGTERM);
  watcher.join();
  if (!served.ok()) {
    PrintError(served.message());
    return kExitFailed;
  }
  std::cerr << "stemma: stopped\n";
  return kExitOk;
}

}  // namespace

Command AddServeCommand(CLI::App& parent) {
  auto* app = parent.add_subcommand(
      "serve", "Serve a corpus over HTTP: the JSON API (docs/http_api.md) and the web page");
  auto dir = std::make_shared<std::string>();
  auto options = std::make_shared<server::ServerOptions>();
  auto max_body_mb = std::make_shared<size_t>(options->max_upload_bytes >> 20);
  app->add_option("DIR", *dir, "The corpus")->required();
  app->add_option("--host", options->host,
                  "Address to listen on (loopback by default; 0.0.0.0 opens it to the network)")
      ->capture_default_str();
  app->add_option("--port", options->port, "Port (0: any free one, printed at start)")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));
  app->add_option("--workers", options->workers, "Threads answering requests")
      ->capture_default_str()
      ->check(CLI::Range(1, 1024));
  app->add_option("--corpora", options->corpora,
                  "Corpora open at once for requests, each with its own caches (0: twice the "
                  "cores)")
      ->capture_default_str()
      ->check(CLI::Range(0, 1024));
  app->add_option("--max-body-mb", *max_body_mb, "Largest POST /v1/documents body, in MiB")
      ->capture_default_str()
      ->check(CLI::Range(1, 4096));
  app->add_option("--timeout", options->timeout_seconds,
                  "Seconds a connection may take for each read or write")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  app->add_option("--request-timeout", options->request_timeout_seconds,
                  "Seconds a request may take before it is answered 503 (uploads excepted)")
      ->capture_default_str()
      ->check(CLI::Range(0.001, 3600.0));
  app->add_option("--web-dir", options->web_dir,
                  "Serve the page from this folder instead of the built-in files (for "
                  "developing it)")
      ->check(CLI::ExistingDirectory);
  return {app, [dir, options, max_body_mb]() {
            server::ServerOptions chosen = *options;
            chosen.max_upload_bytes = *max_body_mb << 20;
            return RunServe(*dir, chosen);
          }};
}

}  // namespace stemma::cli
