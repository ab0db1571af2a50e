#include "sql/pg_parse.h"

#include <pg_query.h>

#include <algorithm>
#include <cstdint>
#include <memory_resource>
#include <new>
#include <vector>

#include "sql/pg_json_tree.h"

namespace driftgate {
namespace {

// How deep messages nest in the packed message `data` of type `type`, read without recursion;
// stops counting past `limit`. 0 when the data is malformed (unpacking then says so).
std::size_t nesting_depth(const ProtobufCMessageDescriptor* type, const std::uint8_t* data, std::size_t size,
                          std::size_t limit) {
  struct Open {
    const ProtobufCMessageDescriptor* type;
    std::size_t end;
  };
  std::vector<Open> open{{type, size}};
  std::size_t deepest = 1, at = 0;
  auto varint = [&](std::uint64_t& value) {
    value = 0;
    for (int shift = 0; at < size && shift < 64; shift += 7) {
      std::uint8_t byte = data[at++];
      value |= std::uint64_t(byte & 0x7F) << shift;
      if (!(byte & 0x80)) return true;
    }
    return false;
  };
  while (!open.empty()) {
    if (at >= open.back().end) {
      open.pop_back();
      continue;
    }
    std::uint64_t key = 0, value = 0;
    if (!varint(key)) return 0;
    switch (key & 7) {  // the wire type
      case 0: if (!varint(value)) return 0; break;
      case 1: at += 8; break;
      case 5: at += 4; break;
      case 2: {
        if (!varint(value) || value > size - at) return 0;
        const ProtobufCFieldDescriptor* field =
            protobuf_c_message_descriptor_get_field(open.back().type, static_cast<unsigned>(key >> 3));
        if (field && field->type == PROTOBUF_C_TYPE_MESSAGE) {
          open.push_back({static_cast<const ProtobufCMessageDescriptor*>(field->descriptor), at + value});
          deepest = std::max(deepest, open.size());
          if (deepest > limit) return deepest;
        } else {
          at += value;  // a string, bytes or packed numbers
        }
        break;
      }
      default: return 0;
    }
  }
  return deepest;
}

// A tree's messages and the arena they live in. A tree is thousands of small messages: allocated
// one by one and freed one by one, they cost as much as the parse itself. The arena frees them all
// at once, with the last statement that uses the tree.
struct TreeArena {
  explicit TreeArena(std::size_t initial_size) : arena(initial_size) {}
  static void* allocate(void* self, std::size_t size) {
    return static_cast<TreeArena*>(self)->arena.allocate(size, alignof(std::max_align_t));
  }
  static void release(void*, void*) {}

  std::pmr::monotonic_buffer_resource arena;
  ProtobufCAllocator allocator{&allocate, &release, this};  // for protobuf-c's unpacking
};

std::optional<PgParse::Error> error_of(const PgQueryError* error) {
  if (!error) return std::nullopt;
  return PgParse::Error{error->message, error->cursorpos};
}

}  // namespace

PgParse::PgParse(const std::string& sql) {
  PgQueryParseResult json = pg_query_parse(sql.c_str());
  std::unique_ptr<PgQueryParseResult, void (*)(PgQueryParseResult*)> guard(
      &json, [](PgQueryParseResult* r) { pg_query_free_parse_result(*r); });
  if ((error_ = error_of(json.error))) return;
  std::string_view text = json.parse_tree;
  // The structs take about two and a half times the bytes of their JSON (measured on the corpus's
  // Prisma migrations): one block for most trees.
  auto arena = std::make_shared<TreeArena>(text.size() * 5 / 2);
  if (PgQuery__ParseResult* tree = read_json_tree(text, kMaxTreeDepth, arena->arena)) {
    tree_ = {arena, tree};  // shares the arena's ownership
    return;
  }
  guard.reset();
  arena.reset();
  unpack_protobuf(sql);
}

void PgParse::unpack_protobuf(const std::string& sql) {
  PgQueryProtobufParseResult packed = pg_query_parse_protobuf(sql.c_str());
  std::unique_ptr<PgQueryProtobufParseResult, void (*)(PgQueryProtobufParseResult*)> guard(
      &packed, [](PgQueryProtobufParseResult* r) { pg_query_free_protobuf_parse_result(*r); });
  if ((error_ = error_of(packed.error))) return;
  const auto* data = reinterpret_cast<const std::uint8_t*>(packed.parse_tree.data);
  too_deep_ = nesting_depth(&pg_query__parse_result__descriptor, data, packed.parse_tree.len, kMaxTreeDepth) >
              kMaxTreeDepth;
  if (too_deep_) return;
  auto arena = std::make_shared<TreeArena>(packed.parse_tree.len + 1024);
  PgQuery__ParseResult* tree = pg_query__parse_result__unpack(&arena->allocator, packed.parse_tree.len, data);
  if (!tree) throw std::bad_alloc();
  tree_ = {arena, tree};
}

}  // namespace driftgate
