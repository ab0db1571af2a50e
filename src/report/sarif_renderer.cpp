#include "core/error.h"
#include "report/renderers.h"

namespace driftgate {

void SarifRenderer::render(const Report&, std::ostream&) const { throw Error("sarif output is not built yet"); }

}  // namespace driftgate
