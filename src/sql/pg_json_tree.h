#pragma once
// libpg_query's JSON parse tree read straight into the protobuf-c structs of pg_query.pb-c.h.
//
// Why not its protobuf: pg_query_parse_protobuf packs the tree with protobuf-c, which visits every
// field of a message's descriptor for each message, and a Node has one per node type (over 200),
// once to size each message (again at every level above it) and once to write it; unpacking
// visits them again. That was 60% of lint's instructions, ten times the parse itself; printing
// the JSON and reading it here cost a quarter of it.
#include <pg_query/pg_query.pb-c.h>

#include <cstddef>
#include <memory_resource>
#include <string_view>

namespace driftgate {

// Reads `json`, the tree pg_query_parse printed, into messages allocated from `arena`: the same
// structs, field for field, that unpacking pg_query_parse_protobuf's output gives, but for one
// thing the JSON loses: it prints no Integer value below 1, so a negative one reads as 0. That is
// exact where driftgate reads integers, in type modifiers: a 0 there makes the result null, as do
// a double (printed with fewer digits than protobuf keeps), messages nested deeper than
// `max_depth`, and anything that is not the JSON libpg_query writes. The caller then takes the
// protobuf.
PgQuery__ParseResult* read_json_tree(std::string_view json, std::size_t max_depth, std::pmr::memory_resource& arena);

}  // namespace driftgate
