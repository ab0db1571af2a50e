#include "sql/migration_script.h"

#include "sql/script_writer.h"

namespace driftgate {

std::string write_migration_script(const SchemaDiff& diff, Provider provider) {
  return script::ScriptWriter(diff, provider).write();
}

}  // namespace driftgate
