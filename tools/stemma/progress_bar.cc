#include "progress_bar.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

namespace stemma::cli {
namespace {

constexpr int kBarWidth = 30;
constexpr auto kRedrawInterval = std::chrono::milliseconds(100);

}  // namespace

ProgressBar::ProgressBar() : enabled_(::isatty(STDERR_FILENO) == 1) {}

void ProgressBar::Update(std::string_view stage, size_t done, size_t total) {
  if (!enabled_ || total == 0) return;
  const auto now = std::chrono::steady_clock::now();
  const bool finished = done >= total;
  if (drawn_ && stage == last_stage_ && !finished && now - last_draw_ < kRedrawInterval) return;
  last_stage_ = stage;
  last_draw_ = now;
  const int filled = static_cast<int>(kBarWidth * done / total);
  std::fprintf(stderr, "\r%-9.*s [%s%s] %3d%% %zu/%zu", static_cast<int>(stage.size()),
               stage.data(), std::string(filled, '#').c_str(),
               std::string(kBarWidth - filled, '.').c_str(), static_cast<int>(100 * done / total),
               done, total);
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressBar::Clear() {
  if (!drawn_) return;
  std::fprintf(stderr, "\r\033[K");
  std::fflush(stderr);
  drawn_ = false;
}

}  // namespace stemma::cli
