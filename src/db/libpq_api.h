#pragma once
// Internal to src/db: the libpq functions the PostgreSQL driver calls, loaded on first use
// (util/shared_library.h says why).
#include <libpq-fe.h>

#include "util/shared_library.h"

#define DRIFTGATE_LIBPQ_FUNCTIONS(X)                                                                          \
  X(PQconnectdbParams) X(PQpingParams) X(PQstatus) X(PQerrorMessage) X(PQfinish) X(PQsetNoticeProcessor)     \
  X(PQexec) X(PQresultStatus) X(PQresultErrorField) X(PQresultErrorMessage) X(PQclear) X(PQnfields)           \
  X(PQntuples) X(PQfname) X(PQgetisnull) X(PQgetvalue) X(PQgetlength) X(PQescapeLiteral) X(PQfreemem)         \
  X(PQputCopyEnd) X(PQgetCopyData) X(PQgetResult) X(PQgetCancel) X(PQcancel) X(PQfreeCancel)         \
  X(PQsendQuery)

namespace driftgate {

struct LibPq {
  DRIFTGATE_LIBPQ_FUNCTIONS(DRIFTGATE_LIBRARY_POINTER)
};

// libpq, loaded by the first call; throws driftgate::Error saying what to install when it is absent.
const LibPq& libpq();

}  // namespace driftgate
