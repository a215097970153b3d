// A progress bar on stderr, drawn only when stderr is a terminal, redrawn
// at most ten times a second. Not thread-safe: call from one thread at a time.
#ifndef STEMMA_TOOLS_PROGRESS_BAR_H_
#define STEMMA_TOOLS_PROGRESS_BAR_H_

#include <chrono>
#include <string>
#include <string_view>

namespace stemma::cli {

class ProgressBar {
 public:
  ProgressBar();
  ~ProgressBar() { Clear(); }

  void Update(std::string_view stage, size_t done, size_t total);
  // Removes the bar so that a message can be printed on a clean line.
  void Clear();
  bool enabled() const { return enabled_; }

 private:
  bool enabled_ = false;
  bool drawn_ = false;
  std::string last_stage_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace stemma::cli

#endif  // STEMMA_TOOLS_PROGRESS_BAR_H_
