#include "core/error.h"
#include "report/renderers.h"

namespace driftgate {

void MarkdownRenderer::render(const Report&, std::ostream&) const { throw Error("markdown output is not built yet"); }

}  // namespace driftgate
