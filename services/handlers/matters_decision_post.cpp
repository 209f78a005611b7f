// POST /v1/matters/{id}/tasks/{task_id}/decision: a reviewer of the task's department decides
// {"decision": "approve"|"reject"|"request_info", "reason", "policies"?: [{"policy_id",
// "decision": "approve"|"reject", "reason"}]} -> 200 with the matter.
#include "services/handlers/matters_handlers.h"
#include "services/json_body.h"

namespace lianban::services {
namespace {

namespace wf = domain::workflow;
using nlohmann::json;

Error InvalidDecision(std::string path) {
  Error e = Error::Make(ErrorCode::kInvalidArgument, "invalid_decision",
                        "decision is approve, reject or request_info");
  e.fields.push_back({std::move(path), "invalid_decision", e.message});
  return e;
}

Result<wf::PolicyVerdictOverride> DecodeOverride(const json& item, const std::string& path) {
  if (!item.is_object()) return InvalidDecision(path);
  if (auto s = RejectUnknownFields(item, {"policy_id", "decision", "reason"}, path); !s) {
    return s.error();
  }
  auto policy = StringField(item, "policy_id", path);
  if (!policy) return policy.error();
  auto decision = StringField(item, "decision", path);
  if (!decision) return decision.error();
  auto reason = StringField(item, "reason", path);
  if (!reason) return reason.error();
  if (*decision != "approve" && *decision != "reject") return InvalidDecision(path + ".decision");
  return wf::PolicyVerdictOverride{
      *policy, *decision == "approve" ? wf::Verdict::kApproved : wf::Verdict::kRejected, *reason};
}

Result<wf::TaskDecision> Decode(const json& body) {
  if (auto s = RejectUnknownFields(body, {"decision", "reason", "policies"}); !s) return s.error();
  auto decision = StringField(body, "decision");
  if (!decision) return decision.error();
  auto kind = wf::ParseDecisionKind(*decision);
  if (!kind) return InvalidDecision("decision");
  auto reason = StringField(body, "reason");
  if (!reason) return reason.error();
  wf::TaskDecision out{*kind, *reason, {}};
  if (!body.contains("policies")) return out;
  if (!body["policies"].is_array()) return InvalidDecision("policies");
  for (std::size_t i = 0; i < body["policies"].size(); ++i) {
    auto o = DecodeOverride(body["policies"][i], "policies[" + std::to_string(i) + "]");
    if (!o) return o.error();
    out.policies.push_back(std::move(*o));
  }
  return out;
}

}  // namespace

Handler MakeMattersDecisionPostHandler(MatterService& service) {
  return [&service](const Request& request, RequestContext& ctx) -> Response {
    auto who = ctx.RequireRole(domain::Action::kDecideTask);
    if (!who.ok()) return Response::Problem(who.error());
    auto body = ParseJsonBody(request);
    if (!body.ok()) return Response::Problem(body.error());
    auto decision = Decode(*body);
    if (!decision.ok()) return Response::Problem(decision.error());
    auto matter =
        service.Decide(**who, request.PathParam("id"), request.PathParam("task_id"), *decision);
    if (!matter.ok()) return Response::Problem(matter.error());
    return MatterResponse(200, *matter);
  };
}

}  // namespace lianban::services
