#pragma once
// Internal to src/db: what the PostgreSQL and MySQL/MariaDB shadow servers share. A ShadowProcess
// owns a private temp directory and the one child process working in it at a time (first a
// one-shot tool such as initdb, then the server itself); destroying it stops the child and removes
// the directory. See shadow_server.cpp for how a SIGINT/SIGTERM reaches every live one.
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "db/replay_key.h"
#include "db/shadow_server.h"

namespace driftgate {

struct ShadowSlot;  // the signal handler's view of a ShadowProcess

class ShadowProcess : public ShadowServer {
 public:
  ~ShadowProcess() override;
  ShadowProcess(const ShadowProcess&) = delete;
  ShadowProcess& operator=(const ShadowProcess&) = delete;

  const std::filesystem::path& directory() const override { return directory_; }
  std::size_t restored_migrations() const override { return restored_; }
  void save(std::span<const std::uint64_t> applied) override;

 protected:
  // `server_name` for messages ("PostgreSQL"); `system_user`: the account the server runs as when
  // driftgate runs as root; `socket_name`: the socket file the server will create in the directory,
  // whose whole path must fit in a sockaddr_un; `cache`: what initialise() may restore.
  ShadowProcess(const std::string& server_name, const char* system_user, const std::string& socket_name,
                ReplayCacheRequest cache);

  // Runs a one-shot program (argv[0] an absolute path) to completion in the directory, as the
  // server's account, its output in directory()/log_name. Throws driftgate::Error with the end of
  // that output when it fails or outlasts `timeout`.
  void run(const std::vector<std::string>& argv, const std::string& log_name, std::chrono::seconds timeout);

  // Creates the data directory `data`: a copy of the cached state after the longest prefix of the
  // requested migrations, else of the cached pristine directory `init_argv` creates, else by
  // running `init_argv` as run() does (then cached for the next run). `server_program` is the
  // server the directory is for; it is part of the replay states' keys.
  void initialise(const std::vector<std::string>& init_argv, const std::filesystem::path& server_program,
                  const std::filesystem::path& data, const std::string& log_name, std::chrono::seconds timeout);

  // Starts the server the same way, then polls `ready` until it returns true. `stop_signal` is what
  // makes the server shut down; it is also what the server gets should driftgate die.
  // `clean_stop_signal` makes it shut down leaving a data directory that can be copied (save()).
  // Throws driftgate::Error with the end of the server's output when it exits or outlasts
  // `timeout` first.
  void serve(const std::vector<std::string>& argv, const std::string& log_name, int stop_signal, int clean_stop_signal,
             const std::function<bool()>& ready, std::chrono::seconds timeout);

  const std::string& server_name() const { return server_name_; }

  // Stops the server now (the destructor would otherwise), so that a subclass can clean up what
  // a server killed outright leaves outside the directory. Stopping twice is harmless.
  void stop();

 private:
  pid_t spawn(const std::vector<std::string>& argv, const std::filesystem::path& log, int stop_signal);
  // Reaps the child if it has exited, with its wait status.
  std::optional<int> reap(pid_t pid);
  std::string failure(const std::string& what, const std::filesystem::path& log) const;
  ReplayKeys replay_keys() const;

  std::string server_name_;
  bool switch_user_ = false;  // driftgate is root: children run as uid_/gid_
  uid_t uid_ = 0;
  gid_t gid_ = 0;
  std::filesystem::path directory_;
  ShadowSlot* slot_ = nullptr;
  ReplayCacheRequest cache_;
  std::filesystem::path data_;          // the data directory initialise() made
  std::vector<std::string> init_argv_;  // and how; with the server, what the replay keys start from
  std::filesystem::path server_program_;
  std::size_t restored_ = 0;
  int clean_stop_signal_ = 0;
};

// The provider-specific halves; *_available says whether the server binaries are installed.
std::unique_ptr<ShadowServer> start_postgres_shadow(const ReplayCacheRequest& cache);
std::unique_ptr<ShadowServer> start_mysql_shadow(const ReplayCacheRequest& cache);
bool postgres_shadow_available();
bool mysql_shadow_available();

}  // namespace driftgate
