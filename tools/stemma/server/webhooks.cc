#include "server/webhooks.h"

#include <fmt/format.h>
#include <httplib.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>

#include "commands.h"
#include "stemma/corpus.h"
#include "stemma/json.h"

namespace stemma::server {
namespace {

constexpr int kAttempts = 5;
constexpr size_t kAlertsPerRead = 100;

std::string StatePath(const std::string& dir) { return dir + "/WEBHOOKS"; }

// "http://host:port" and the path of a webhook URL.
std::pair<std::string, std::string> SplitUrl(const std::string& url) {
  const size_t path = url.find('/', std::string("http://").size());
  if (path == std::string::npos) return {url, "/"};
  return {url.substr(0, path), url.substr(path)};
}

}  // namespace

std::string WebhookSignature(const std::string& key, const std::string& body) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(body.data()), body.size(), digest, &length);
  std::string hex = "sha256=";
  for (unsigned int at = 0; at < length; ++at) hex += fmt::format("{:02x}", digest[at]);
  return hex;
}

WebhookSender::WebhookSender(std::string dir, std::string token, std::chrono::milliseconds poll,
                             std::chrono::milliseconds first_retry)
    : dir_(std::move(dir)), token_(std::move(token)), poll_(poll), first_retry_(first_retry) {}

WebhookSender::~WebhookSender() { Stop(); }

void WebhookSender::Start() {
  thread_ = std::thread([this] { Loop(); });
}

void WebhookSender::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool WebhookSender::Pause(std::chrono::milliseconds wait) {
  std::unique_lock lock(mutex_);
  return !wake_.wait_for(lock, wait, [this] { return stopping_; });
}

uint64_t WebhookSender::ReadState() const {
  std::ifstream file(StatePath(dir_));
  uint64_t id = 0;
  if (!(file >> id)) return 0;
  return id;
}

void WebhookSender::WriteState(uint64_t id) const {
  const std::string path = StatePath(dir_);
  const std::string partial = path + ".partial";
  {
    std::ofstream file(partial, std::ios::trunc);
    file << id << '\n';
    if (!file.flush()) return;  // kept in memory; written with the next alert
  }
  std::error_code error;
  std::filesystem::rename(partial, path, error);
}

bool WebhookSender::Deliver(const std::string& url, uint64_t id, const std::string& body) {
  const auto [origin, path] = SplitUrl(url);
  const httplib::Headers headers = {{"X-Stemma-Alert", std::to_string(id)},
                                    {"X-Stemma-Signature", WebhookSignature(token_, body)}};
  std::chrono::milliseconds wait = first_retry_;
  std::string problem;
  for (int attempt = 1; attempt <= kAttempts; ++attempt) {
    httplib::Client client(origin);
    client.set_connection_timeout(5);
    client.set_read_timeout(10);
    const auto answer = client.Post(path, headers, body, "application/json");
    if (answer && answer->status >= 200 && answer->status < 300) return true;
    problem =
        answer ? fmt::format("answered {}", answer->status) : httplib::to_string(answer.error());
    if (attempt == kAttempts || !Pause(wait)) break;
    wait *= 2;
  }
  std::cerr << fmt::format("stemma serve: webhook {} gave up alert {}: {}\n", url, id, problem);
  return false;
}

void WebhookSender::Loop() {
  uint64_t done = ReadState();
  std::unique_ptr<Corpus> corpus;
  while (Pause(poll_)) {
    if (corpus == nullptr) {
      auto opened = cli::OpenCorpus(dir_);
      if (!opened.ok()) continue;
      corpus = std::move(*opened);
    }
    auto watches = corpus->Watches();
    if (!watches.ok()) continue;
    std::map<std::string, std::string> hooks;
    for (const Watch& watch : *watches) {
      if (!watch.spec.webhook.empty()) hooks[watch.spec.name] = watch.spec.webhook;
    }
    // No webhook, no alert read: reading one finds its changes again.
    if (hooks.empty()) continue;
    auto alerts = corpus->Alerts(done, kAlertsPerRead);
    if (!alerts.ok() || alerts->empty()) continue;
    for (const Alert& alert : *alerts) {
      done = alert.id;
      const auto hook = hooks.find(alert.watch);
      if (hook == hooks.end()) continue;
      (void)Deliver(hook->second, alert.id, json::AlertJson(alert));  // given up: logged
      if (std::lock_guard lock(mutex_); stopping_) return;            // posted again on restart
      WriteState(done);
    }
    WriteState(done);
  }
}

}  // namespace stemma::server
