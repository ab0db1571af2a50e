#pragma once
// Reads Prisma Migrate's ledger (`_prisma_migrations`) from a live database with SELECTs only,
// inside one read-only transaction; never waits for, nor takes, Prisma's migration lock.
#include <string>

#include "db/connection.h"
#include "migrations/ledger.h"

namespace driftgate {

// `schema` is the PostgreSQL schema Prisma keeps the table in (the URL's ?schema=, else
// "public"); ignored on MySQL, where it is the connection's database. Throws driftgate::Error
// naming the query that failed.
Ledger read_ledger(Connection& connection, const std::string& schema);

}  // namespace driftgate
