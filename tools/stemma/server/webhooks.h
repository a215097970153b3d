// WebhookSender: `stemma serve` posts each alert of a watch that has a
// webhook (stemma/watch.h) to its URL.
//
// Design. A thread reads the alerts after the last one it has dealt with
// every `poll` (whoever recorded them: an upload here, `stemma add`, Python)
// and posts, one at a time and in order, those whose watch has a webhook:
// the alert's JSON, with X-Stemma-Alert (its id) and X-Stemma-Signature
// ("sha256=" and the hex HMAC-SHA256 of the body, keyed with the corpus's
// access token, so a receiver can tell the post came from this corpus). A
// 2xx answer delivers it; otherwise it is tried again after 1, 2, 4 and 8
// times `first_retry`, then given up with a line on stderr, so that one dead
// receiver cannot hold up every other watch for ever. The id dealt with last
// is kept in DIR/WEBHOOKS (replaced atomically after each alert): a server
// stopped between a post and that update posts the alert again when it
// starts (at least once; receivers drop repeats by X-Stemma-Alert).
#ifndef STEMMA_TOOLS_SERVER_WEBHOOKS_H_
#define STEMMA_TOOLS_SERVER_WEBHOOKS_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace stemma::server {

// "sha256=" and the hex HMAC-SHA256 of `body` keyed with `key`.
std::string WebhookSignature(const std::string& key, const std::string& body);

class WebhookSender {
 public:
  WebhookSender(std::string dir, std::string token, std::chrono::milliseconds poll,
                std::chrono::milliseconds first_retry);
  ~WebhookSender();
  WebhookSender(const WebhookSender&) = delete;
  WebhookSender& operator=(const WebhookSender&) = delete;

  void Start();
  void Stop();  // waits for the thread; a post under way is finished or abandoned

 private:
  void Loop();
  // Posts one alert, retrying; false when it was given up.
  bool Deliver(const std::string& url, uint64_t id, const std::string& body);
  // Sleeps for `wait`, or less when stopped; false when stopped.
  bool Pause(std::chrono::milliseconds wait);
  uint64_t ReadState() const;
  void WriteState(uint64_t id) const;

  const std::string dir_;
  const std::string token_;
  const std::chrono::milliseconds poll_;
  const std::chrono::milliseconds first_retry_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace stemma::server

#endif  // STEMMA_TOOLS_SERVER_WEBHOOKS_H_
