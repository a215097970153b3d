// The `stemma` command: a thin edge over the library. Parses the command
// line, runs one subcommand, and turns usage errors into exit code 2.
#include <csignal>
#include <iostream>
#include <vector>

#include "commands.h"

int main(int argc, char** argv) {
  // Past a file size limit (ulimit -f, a quota) a write should fail with EFBIG and be
  // reported like a full disk, not kill the process halfway through a run.
  std::signal(SIGXFSZ, SIG_IGN);
  CLI::App app{"stemma: find where news text came from", "stemma"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "stemma 0.1.0");
  std::vector<stemma::cli::Command> commands = {
      stemma::cli::AddCompareCommand(app), stemma::cli::AddScanCommand(app),
      stemma::cli::AddInitCommand(app),    stemma::cli::AddAddCommand(app),
      stemma::cli::AddTraceCommand(app),   stemma::cli::AddStatsCommand(app),
      stemma::cli::AddExportCommand(app),  stemma::cli::AddCompactCommand(app),
      stemma::cli::AddExtractCommand(app), stemma::cli::AddFamiliesCommand(app),
      stemma::cli::AddFamilyCommand(app),  stemma::cli::AddReportCommand(app),
      stemma::cli::AddOutletsCommand(app), stemma::cli::AddServeCommand(app),
      stemma::cli::AddCheckCommand(app),   stemma::cli::AddWatchCommand(app),
      stemma::cli::AddAlertsCommand(app),  stemma::cli::AddShardCommand(app)};
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForVersion& version) {
    return app.exit(version);
  } catch (const CLI::ParseError& error) {
    // The reason on one line, then the usage of the command the user was typing.
    std::cerr << "stemma: " << error.what() << "\n\n";
    const auto chosen = app.get_subcommands();
    std::cerr << (chosen.empty() ? app.help() : chosen.back()->help());
    return stemma::cli::kExitUsage;
  }
  for (const auto& command : commands) {
    if (command.app->parsed()) return command.run();
  }
  return stemma::cli::kExitUsage;
}
