#pragma once
// Internal to src/db: the two drivers behind connect(), and the probes a starting shadow server is
// polled with.
#include <memory>

#include "db/connection.h"

namespace driftgate {

std::unique_ptr<Connection> connect_postgres(const ConnectionUrl& url, bool read_only);
std::unique_ptr<Connection> connect_mysql(const ConnectionUrl& url, bool read_only);

// True once the server accepts connections: "not yet" is an answer, not an error.
bool postgres_accepts_connections(const ConnectionUrl& url);
bool mysql_accepts_connections(const ConnectionUrl& url);

}  // namespace driftgate
