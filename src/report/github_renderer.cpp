#include "core/error.h"
#include "report/renderers.h"

namespace driftgate {

void GithubRenderer::render(const Report&, std::ostream&) const { throw Error("github output is not built yet"); }

}  // namespace driftgate
