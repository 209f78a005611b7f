// DELETE /v1/api-keys/{id} (admin): revokes the key at once -> 204.
#include <charconv>

#include "services/handlers/matters_handlers.h"

namespace lianban::services {

Handler MakeApiKeysDeleteHandler(MatterService& service) {
  return [&service](const Request& request, RequestContext& ctx) -> Response {
    auto who = ctx.RequireRole(domain::Action::kManageApiKeys);
    if (!who.ok()) return Response::Problem(who.error());
    const std::string_view text = request.PathParam("id");
    std::int64_t id = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc() || end != text.data() + text.size() || id <= 0) {
      return Response::Problem(
          Error::Make(ErrorCode::kNotFound, "api_key_not_found", "no API key has this id"));
    }
    if (auto s = service.RevokeApiKey(**who, id); !s) return Response::Problem(s.error());
    return Response::NoContent();
  };
}

}  // namespace lianban::services
