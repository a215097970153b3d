// Runs the real `stemma` binary, as a user would, and captures what it
// printed and how it exited. Test-only.
#ifndef STEMMA_TESTS_CLI_COMMAND_RUNNER_H_
#define STEMMA_TESTS_CLI_COMMAND_RUNNER_H_

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace stemma::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string ReadWhole(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream buffer;
  buffer << file.rdbuf();
  return buffer.str();
}

inline std::string Quote(const std::string& argument) {
  std::string quoted = "'";
  for (char c : argument) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

inline std::string StemmaBinary() {
  return std::string(STEMMA_BINARY_DIR) + "/tools/stemma/stemma";
}

// Runs a shell command line with stdout and stderr captured through temporary files.
inline CommandResult RunCapturing(std::string command) {
  const auto dir = std::filesystem::temp_directory_path();
  const std::string tag = std::to_string(::getpid()) + "_" + std::to_string(std::rand());
  const auto out_path = dir / ("stemma_out_" + tag);
  const auto err_path = dir / ("stemma_err_" + tag);
  command += " >" + Quote(out_path.string()) + " 2>" + Quote(err_path.string()) + " </dev/null";
  const int status = std::system(command.c_str());
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = ReadWhole(out_path);
  result.err = ReadWhole(err_path);
  std::filesystem::remove(out_path);
  std::filesystem::remove(err_path);
  return result;
}

// Runs `stemma ARGS...` with stdout and stderr captured.
inline CommandResult RunStemma(const std::vector<std::string>& arguments) {
  std::string command = Quote(StemmaBinary());
  for (const auto& argument : arguments) command += " " + Quote(argument);
  return RunCapturing(std::move(command));
}

// Starts `stemma ARGS...` in the background, its output discarded; returns its pid
// (for tests that kill a command halfway).
inline pid_t StartStemma(const std::vector<std::string>& arguments) {
  std::vector<std::string> argv = {StemmaBinary()};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  std::vector<char*> pointers;
  for (std::string& argument : argv) pointers.push_back(argument.data());
  pointers.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, STDOUT_FILENO);
    ::dup2(null, STDERR_FILENO);
    ::execv(pointers[0], pointers.data());
    ::_exit(127);
  }
  return pid;
}

inline std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::stringstream stream(text);
  for (std::string line; std::getline(stream, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

}  // namespace stemma::testing

#endif  // STEMMA_TESTS_CLI_COMMAND_RUNNER_H_
