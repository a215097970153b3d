// Runs a fuzz target on the files it is given (each a file or a folder of
// files), without libFuzzer: how `make test` replays the inputs kept in
// fuzz/regressions/ under GCC and the sanitizers. A target aborts on a broken
// rule, so a replay that returns 0 passed every input.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  std::vector<fs::path> inputs;
  for (int index = 1; index < argc; ++index) {
    if (fs::is_directory(argv[index])) {
      for (const auto& entry : fs::directory_iterator(argv[index])) inputs.push_back(entry.path());
    } else {
      inputs.emplace_back(argv[index]);
    }
  }
  std::sort(inputs.begin(), inputs.end());
  if (inputs.empty()) {
    std::fprintf(stderr, "replay: no inputs\n");
    return 2;
  }
  for (const fs::path& path : inputs) {
    std::ifstream in(path, std::ios::binary);
    const std::string bytes(std::istreambuf_iterator<char>(in), {});
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  }
  std::printf("replay: %zu inputs passed\n", inputs.size());
  return 0;
}
