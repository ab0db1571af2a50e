#pragma once
// MySQL 8 functions that a MariaDB shadow lacks, emulated as stored functions in the shadow
// database driftgate created, so that a history written for MySQL 8 replays there (issue "MySQL 8
// histories without a MySQL 8 server"). Everything about the emulation is here:
//   - which functions: BIN_TO_UUID and UUID_TO_BIN, with MySQL's semantics (swap flag included);
//   - when: before the replay, for the functions a history calls and does not define itself, and
//     only when a query shows the server lacks them (never on a MySQL 8 server, which has them);
//   - how the second argument is reached: MariaDB's stored functions have a fixed arity, so the
//     one-argument forms are stored functions of MySQL's name, and a two-argument call is sent to
//     the shadow as a call of a `driftgate_`-named two-argument function (rewrite_mysql8_calls);
//   - that none of it is part of the replayed schema (drop_emulated_routines).
// Any other MySQL-8-only function still fails the replay as DG001 (db/replayer.cpp advice()).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/schema.h"
#include "db/connection.h"
#include "migrations/migration.h"

namespace driftgate {

// The emulated functions (MySQL's names, upper case) that `history` calls and defines nowhere
// itself (no CREATE/DROP FUNCTION of that name), in a fixed order.
std::vector<std::string> mysql8_functions_called(const MigrationDir& history);

// Whether the server `c` is connected to lacks `function` (a query fails with "FUNCTION ... does
// not exist").
bool mysql_lacks_function(Connection& c, const std::string& function);

// Creates, in c's current database, the stored functions that emulate `function` (one of
// mysql8_functions_called's names). Throws DatabaseError when the server refuses.
void define_mysql8_function(Connection& c, const std::string& function);

// `statement` with each two-argument call of an emulated function among `emulated` renamed to its
// two-argument stored function; nullopt when there is none.
std::optional<std::string> rewrite_mysql8_calls(std::string_view statement, const std::vector<std::string>& emulated);

// Removes the stored functions that emulate `emulated` from a schema introspected from the shadow.
void drop_emulated_routines(Schema& schema, const std::vector<std::string>& emulated);

// The MySQL 8 function (its name) that the stored function `routine` emulates, if it is one of them.
std::optional<std::string> emulated_mysql8_function(std::string_view routine);

// The line a report gives about the emulation ("the MariaDB shadow emulated ...").
std::string mysql8_emulation_note(const std::vector<std::string>& emulated);

}  // namespace driftgate
