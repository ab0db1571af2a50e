#pragma once
// Lookup by name in the small vectors the models keep (columns of a table, arguments of an
// attribute, ...): linear, since they hold a handful of items and keep their order.
#include <algorithm>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace driftgate {

// The first item whose `key` (by default its `name` member) equals `name`, or nullptr.
template <class T, class Key = std::string T::*>
const T* find_named(const std::vector<T>& items, std::string_view name, Key key = &T::name) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& x) { return std::invoke(key, x) == name; });
  return it == items.end() ? nullptr : &*it;
}

}  // namespace driftgate
