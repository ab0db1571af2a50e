#include "sql/pg_json_tree.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <deque>
#include <limits>
#include <string>
#include <unordered_map>
#include <vector>

namespace driftgate {
namespace {

// A JSON key in the object of a message type.
using TypedKey = std::pair<const ProtobufCMessageDescriptor*, std::string_view>;
struct TypedKeyHash {
  // The type, the length and the first eight bytes tell most keys apart, at a fraction of the
  // cost of hashing them whole; the table compares the rest.
  std::size_t operator()(const TypedKey& k) const noexcept {
    std::uint64_t head = 0;
    std::memcpy(&head, k.second.data(), std::min<std::size_t>(k.second.size(), sizeof head));
    return ((head + k.second.size()) * 0x9E3779B97F4A7C15ull) ^ reinterpret_cast<std::uintptr_t>(k.first);
  }
};

// A reader of exactly the JSON libpg_query prints (pg_query_outfuncs_json.c): no white space, an
// object per message with its fields under their JSON names, a Node as {"TypeName": {...}}, enums
// by name, lists as arrays, and fields at their default value left out. Anything else fails it.
class JsonTreeReader {
 public:
  JsonTreeReader(std::string_view json, std::size_t max_depth, std::pmr::memory_resource& arena)
      : in_(json), max_depth_(max_depth), arena_(arena) {}

  PgQuery__ParseResult* read() {
    ProtobufCMessage* result = new_message(&pg_query__parse_result__descriptor);
    if (!message(result, 1) || at_ != in_.size()) return nullptr;
    return reinterpret_cast<PgQuery__ParseResult*>(result);
  }

 private:
  ProtobufCMessage* new_message(const ProtobufCMessageDescriptor* type) {
    auto* m = static_cast<ProtobufCMessage*>(arena_.allocate(type->sizeof_message, alignof(std::max_align_t)));
    type->message_init(m);
    return m;
  }

  bool eat(char c) {
    if (at_ >= in_.size() || in_[at_] != c) return false;
    ++at_;
    return true;
  }
  bool eat(std::string_view word) {
    if (in_.substr(at_, word.size()) != word) return false;
    at_ += word.size();
    return true;
  }

  // The members of an object into `m`, a message `depth` levels down from the root.
  bool message(ProtobufCMessage* m, std::size_t depth) {
    if (depth > max_depth_ || !eat('{')) return false;
    if (!eat('}')) {
      do {
        const ProtobufCFieldDescriptor* field = key(m->descriptor);
        if (!field || !eat(':') || !value(m, *field, depth)) return false;
      } while (eat(','));
      if (!eat('}')) return false;
    }
    return m->descriptor != &pg_query__type_name__descriptor ||
           exact_modifiers(*reinterpret_cast<const PgQuery__TypeName*>(m));
  }

  // _outInteger prints an Integer's value only when above 0, so 0 here may stand for a negative
  // one. Type modifiers are the integers driftgate reads (numeric(10, 0), numeric(3, -2),
  // timestamp(0)): a 0 among them leaves the tree to protobuf.
  static bool exact_modifiers(const PgQuery__TypeName& type) {
    return std::none_of(type.typmods, type.typmods + type.n_typmods, [](const PgQuery__Node* mod) {
      return mod->node_case == PG_QUERY__NODE__NODE_A_CONST && mod->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL &&
             mod->a_const->ival->ival == 0;
    });
  }

  // The field an object key names. The JSON names are the C structs' (typeName, A_Const); the
  // protobuf fields are them in snake case (type_name, a_const), all but one (base_stmt, printed
  // "base", of CREATE FOREIGN TABLE, which then fails the reader).
  const ProtobufCFieldDescriptor* key(const ProtobufCMessageDescriptor* type) {
    if (!eat('"')) return nullptr;
    std::size_t end = in_.find('"', at_);
    if (end == std::string_view::npos) return nullptr;
    std::string_view name = in_.substr(at_, end - at_);
    at_ = end + 1;
    // Converting a key and searching the descriptor for it was a third of the reading, and a
    // history repeats a few hundred keys: each thread remembers the answers.
    thread_local std::unordered_map<TypedKey, const ProtobufCFieldDescriptor*, TypedKeyHash> known;
    thread_local std::deque<std::string> known_keys;  // what known's views point into
    if (auto it = known.find({type, name}); it != known.end()) return it->second;
    std::string snake;
    for (std::size_t i = 0; i < name.size(); ++i) {
      char c = name[i], previous = i > 0 ? name[i - 1] : 0;
      bool upper = c >= 'A' && c <= 'Z';
      if (upper && ((previous >= 'a' && previous <= 'z') || (previous >= '0' && previous <= '9'))) snake += '_';
      snake += upper ? static_cast<char>(c - 'A' + 'a') : c;
    }
    const ProtobufCFieldDescriptor* field = protobuf_c_message_descriptor_get_field_by_name(type, snake.c_str());
    known.emplace(TypedKey{type, known_keys.emplace_back(name)}, field);
    return field;
  }

  bool value(ProtobufCMessage* m, const ProtobufCFieldDescriptor& field, std::size_t depth) {
    char* base = reinterpret_cast<char*>(m);
    void* member = base + field.offset;
    if (field.label == PROTOBUF_C_LABEL_REPEATED) return list(base, field, depth);
    if (field.label != PROTOBUF_C_LABEL_NONE) return false;  // pg_query.proto is proto3: no other label
    if (field.flags & PROTOBUF_C_FIELD_FLAG_ONEOF) *reinterpret_cast<std::uint32_t*>(base + field.quantifier_offset) = field.id;
    switch (field.type) {
      case PROTOBUF_C_TYPE_MESSAGE: {
        ProtobufCMessage* sub = new_message(static_cast<const ProtobufCMessageDescriptor*>(field.descriptor));
        *static_cast<ProtobufCMessage**>(member) = sub;
        return message(sub, depth + 1);
      }
      case PROTOBUF_C_TYPE_STRING:
        return eat("null") || string(*static_cast<char**>(member));  // null: protobuf's empty default too
      case PROTOBUF_C_TYPE_BOOL:
        if (eat("true")) *static_cast<protobuf_c_boolean*>(member) = 1;
        else if (!eat("false")) return false;
        return true;
      case PROTOBUF_C_TYPE_INT32: return number(*static_cast<std::int32_t*>(member));
      case PROTOBUF_C_TYPE_UINT32: return number(*static_cast<std::uint32_t*>(member));
      case PROTOBUF_C_TYPE_INT64: return number(*static_cast<std::int64_t*>(member));
      case PROTOBUF_C_TYPE_ENUM: {
        if (!eat('"')) return false;
        std::size_t end = in_.find('"', at_);
        if (end == std::string_view::npos) return false;
        name_.assign(in_.substr(at_, end - at_));
        at_ = end + 1;
        const ProtobufCEnumValue* v = protobuf_c_enum_descriptor_get_value_by_name(
            static_cast<const ProtobufCEnumDescriptor*>(field.descriptor), name_.c_str());
        if (!v) return false;
        *static_cast<int*>(member) = v->value;
        return true;
      }
      default: return false;  // doubles (printed with six decimals), bytes, other integer encodings
    }
  }

  // An array of messages; libpg_query's lists hold nothing else in a parse tree.
  bool list(char* base, const ProtobufCFieldDescriptor& field, std::size_t depth) {
    if (field.type != PROTOBUF_C_TYPE_MESSAGE || !eat('[')) return false;
    auto* type = static_cast<const ProtobufCMessageDescriptor*>(field.descriptor);
    const std::size_t first = items_.size();  // items_ holds the lists being read, innermost last
    if (!eat(']')) {
      do {
        ProtobufCMessage* item = new_message(type);
        if (!message(item, depth + 1)) return false;
        items_.push_back(item);
      } while (eat(','));
      if (!eat(']')) return false;
    }
    const std::size_t n = items_.size() - first;
    ProtobufCMessage** array = nullptr;
    if (n > 0) {
      array = static_cast<ProtobufCMessage**>(arena_.allocate(n * sizeof(ProtobufCMessage*), alignof(ProtobufCMessage*)));
      std::copy(items_.begin() + static_cast<std::ptrdiff_t>(first), items_.end(), array);
    }
    items_.resize(first);
    *reinterpret_cast<std::size_t*>(base + field.quantifier_offset) = n;
    *reinterpret_cast<ProtobufCMessage***>(base + field.offset) = array;
    return true;
  }

  // A string (_outToken: escapes for '"', '\\', \b \f \n \r \t, and \u00XX for other ASCII
  // controls and '<' '>'; every other byte as it is) into a NUL-terminated copy in the arena.
  bool string(char*& out) {
    if (!eat('"')) return false;
    std::size_t stop = end_of_run(at_);
    if (stop < in_.size() && in_[stop] == '"') {  // no escape, as in nearly every string
      out = copy(in_.substr(at_, stop - at_));
      at_ = stop + 1;
      return true;
    }
    text_.clear();
    while (true) {
      stop = end_of_run(at_);
      if (stop == in_.size()) return false;
      text_.append(in_.substr(at_, stop - at_));
      at_ = stop + 1;
      if (in_[stop] == '"') break;
      if (at_ >= in_.size()) return false;
      switch (char e = in_[at_++]) {
        case '"': case '\\': case '/': text_ += e; break;
        case 'b': text_ += '\b'; break;
        case 'f': text_ += '\f'; break;
        case 'n': text_ += '\n'; break;
        case 'r': text_ += '\r'; break;
        case 't': text_ += '\t'; break;
        case 'u': {
          unsigned code = 0;
          auto [end, error] = std::from_chars(in_.data() + at_, in_.data() + std::min(in_.size(), at_ + 4), code, 16);
          if (error != std::errc() || end != in_.data() + at_ + 4 || code == 0 || code > 0x7F) return false;
          at_ += 4;
          text_ += static_cast<char>(code);
          break;
        }
        default: return false;
      }
    }
    out = copy(text_);
    return true;
  }

  // Where the run of plain string bytes from `i` ends: at a '"', a '\\' or the end of the input.
  std::size_t end_of_run(std::size_t i) const {
    while (i < in_.size() && in_[i] != '"' && in_[i] != '\\') ++i;
    return i;
  }

  char* copy(std::string_view text) {
    auto* out = static_cast<char*>(arena_.allocate(text.size() + 1, 1));
    std::memcpy(out, text.data(), text.size());
    out[text.size()] = '\0';
    return out;
  }

  template <class Int>
  bool number(Int& out) {
    std::int64_t v = 0;
    auto [end, error] = std::from_chars(in_.data() + at_, in_.data() + in_.size(), v);
    if (error != std::errc() || v < std::numeric_limits<Int>::min() || v > std::numeric_limits<Int>::max()) return false;
    at_ = static_cast<std::size_t>(end - in_.data());
    out = static_cast<Int>(v);
    return true;
  }

  std::string_view in_;
  std::size_t at_ = 0;
  const std::size_t max_depth_;
  std::pmr::memory_resource& arena_;
  std::vector<ProtobufCMessage*> items_;
  std::string name_;  // an enum value's name, for the descriptor's lookup
  std::string text_;  // a string being unescaped
};

}  // namespace

PgQuery__ParseResult* read_json_tree(std::string_view json, std::size_t max_depth, std::pmr::memory_resource& arena) {
  return JsonTreeReader(json, max_depth, arena).read();
}

}  // namespace driftgate
