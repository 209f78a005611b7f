// Rendering a matter as JSON.
#include <string>

#include "domain/workflow/deadline.h"
#include "domain/workflow/joint_outcome.h"
#include "services/handlers/matters_handlers.h"

namespace lianban::services {
namespace {

namespace wf = domain::workflow;
using nlohmann::json;

json Number(const std::string& id) {
  try {
    return std::stoll(id);
  } catch (const std::exception&) {
    return id;
  }
}

json RenderAmount(const wf::Amount& a) {
  return {{"monthly_fen", a.monthly_fen}, {"once_fen", a.once_fen}, {"yearly_fen", a.yearly_fen}};
}

json RenderTask(const wf::Task& t) {
  json decisions = json::array();
  for (const auto& d : t.decisions) {
    decisions.push_back({{"policy_id", d.policy_id},
                         {"decision", wf::VerdictName(d.verdict)},
                         {"reason", d.reason},
                         {"decided_at", wf::FormatChinaTime(d.decided_at)}});
  }
  return {{"id", t.id},
          {"department", t.department},
          {"policy_ids", t.policy_ids},
          {"state", wf::TaskStateName(t.state)},
          {"due_at", wf::FormatChinaTime(t.due_at)},
          {"time_limit_working_days", t.time_limit_working_days},
          {"info_request", t.info_request},
          {"decisions", decisions}};
}

// Amounts and beneficiaries come from the screening the matter rests on.
json RenderOutcome(const wf::Matter& m) {
  auto outcome = wf::BuildJointOutcome(m);
  if (!outcome.ok()) return nullptr;
  json policies = json::array();
  for (const auto& p : outcome->policies) {
    policies.push_back({{"policy_id", p.policy_id},
                        {"department", p.department},
                        {"decision", wf::VerdictName(p.verdict)},
                        {"reason", p.reason},
                        {"amount", RenderAmount(p.amount)},
                        {"beneficiaries", p.beneficiaries},
                        {"screening_status", p.screening_status}});
  }
  return {{"policies", policies},
          {"total", RenderAmount(outcome->total)},
          {"decided_at", wf::FormatChinaTime(outcome->decided_at)}};
}

// The screening the matter rests on and what it found for each policy applied for (a policy it
// did not find eligible is allowed; the reviewer decides). null when none is linked.
json RenderScreening(const wf::Matter& m) {
  if (m.screening_id.empty()) return nullptr;
  json policies = json::array();
  for (const auto& s : m.screened) {
    policies.push_back({{"policy_id", s.policy_id}, {"status", s.status}});
  }
  return {{"id", Number(m.screening_id)}, {"policies", policies}};
}

}  // namespace

json RenderMatter(const wf::Matter& m) {
  json tasks = json::array();
  for (const auto& t : m.tasks) tasks.push_back(RenderTask(t));
  json missing = json::array();
  for (const auto& mm : m.missing_materials) {
    missing.push_back({{"name", mm.name},
                       {"supply_by", mm.supply_by.ToString()},
                       {"supplied_at", mm.supplied_at ? json(wf::FormatChinaTime(*mm.supplied_at))
                                                      : json(nullptr)}});
  }
  return {{"id", Number(m.id)},
          {"household_id", Number(m.household_id)},
          {"state", wf::MatterStateName(m.state)},
          {"version", m.version},
          {"submitted_at", wf::FormatChinaTime(m.submitted_at)},
          {"due_at", wf::FormatChinaTime(m.due_at)},
          {"policy_ids", m.policy_ids},
          {"tasks", tasks},
          {"missing_materials", missing},
          {"screening", RenderScreening(m)},
          {"outcome", RenderOutcome(m)}};
}

Response MatterResponse(int status, const wf::Matter& matter) {
  Response r = Response::Json(status, RenderMatter(matter));
  r.SetHeader("ETag", "\"" + std::to_string(matter.version) + "\"");
  if (status == 201) r.SetHeader("Location", "/v1/matters/" + matter.id);
  return r;
}

}  // namespace lianban::services
