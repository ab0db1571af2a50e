# Every dependency is a Debian package; nothing is downloaded or vendored.
# scripts/install-deps.sh installs the packages named in the messages below.
find_package(PkgConfig REQUIRED)
find_package(CLI11 2.1 CONFIG REQUIRED)              # libcli11-dev
find_package(nlohmann_json 3.10 CONFIG REQUIRED)     # nlohmann-json3-dev
find_package(tomlplusplus 3 CONFIG REQUIRED)         # libtomlplusplus-dev
find_package(doctest 2.4 CONFIG REQUIRED)            # doctest-dev
find_package(OpenSSL 3 REQUIRED COMPONENTS Crypto)   # libssl-dev
find_package(PostgreSQL REQUIRED)                    # libpq-dev
pkg_check_modules(XXHASH REQUIRED IMPORTED_TARGET libxxhash)    # libxxhash-dev
pkg_check_modules(MARIADB REQUIRED IMPORTED_TARGET libmariadb)  # libmariadb-dev

# libpg_query (libpg-query-dev) ships no CMake or pkg-config file.
find_path(PG_QUERY_INCLUDE_DIR pg_query.h REQUIRED)
find_path(PROTOBUF_C_INCLUDE_DIR protobuf-c/protobuf-c.h REQUIRED)  # libprotobuf-c-dev: pg_query.pb-c.h includes it
find_library(PG_QUERY_LIBRARY pg_query REQUIRED)
add_library(pg_query::pg_query UNKNOWN IMPORTED)
set_target_properties(pg_query::pg_query PROPERTIES
  IMPORTED_LOCATION "${PG_QUERY_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${PG_QUERY_INCLUDE_DIR};${PROTOBUF_C_INCLUDE_DIR}")
