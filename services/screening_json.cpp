#include "services/screening_json.h"

#include <string>

#include "domain/rules/program.h"
#include "domain/rules/symbols.h"

namespace lianban::services {
namespace {

using domain::rules::Value;
using domain::rules::ValueKind;
using nlohmann::json;

std::string SymbolName(const domain::CompiledCatalog& catalog, const Value& v) {
  auto domain = static_cast<domain::rules::Domain>(v.domain);
  if (domain == domain::rules::Domain::kDepartment) {
    return catalog.program().department_ids.at(static_cast<std::size_t>(v.num));
  }
  std::size_t n = 0;
  const std::string_view* names = domain::rules::DomainSymbols(domain, &n);
  if (v.num < 0 || static_cast<std::size_t>(v.num) >= n) return "?";
  return std::string(names[v.num]);
}

std::string ValueText(const domain::CompiledCatalog& catalog, const Value& v) {
  if (v.kind == ValueKind::kNumber && v.den == 1) return std::to_string(v.num);
  if (v.kind == ValueKind::kEnum) return SymbolName(catalog, v);
  json j = ValueJson(catalog, v);
  return j.is_string() ? j.get<std::string>() : j.dump();
}

json Criterion(const domain::CompiledCatalog& catalog, std::size_t policy, std::size_t index,
               const domain::CriterionOutcome& c) {
  json passed =
      c.passed == domain::Truth::kUnknown ? json(nullptr) : json(c.passed == domain::Truth::kTrue);
  const auto& spec = catalog.policies()[policy].criteria[index];
  std::string_view op = catalog.RequiredOperator(policy, index);
  std::string required;
  if (spec.member) {
    required = "at least one member with " + spec.formula;
  } else if (!op.empty() && !c.bound.is_unknown()) {
    required = std::string(op) + " " + ValueText(catalog, c.bound);
  } else {
    required = catalog.RequiredText(policy, index);
  }
  return json{{"id", spec.id},
              {"passed", passed},
              {"actual", ValueJson(catalog, c.actual)},
              {"required", required}};
}

json Missing(domain::FieldSet fields) {
  json out = json::array();
  for (auto name : domain::OptionalFieldNames(fields)) out.push_back(std::string(name));
  return out;
}

json Policy(const domain::CompiledCatalog& catalog, const domain::ScreeningResult& result,
            std::size_t i) {
  const domain::PolicyOutcome& p = result.policies[i];
  json criteria = json::array();
  for (std::uint32_t c = 0; c < p.criterion_count; ++c) {
    criteria.push_back(Criterion(catalog, i, c, result.criteria[p.first_criterion + c]));
  }
  return json{
      {"policy_id", catalog.policies()[i].id},
      {"status", std::string(domain::kPolicyStatusNames[static_cast<int>(p.status)])},
      {"beneficiaries", domain::MemberIndexes(p.beneficiaries)},
      {"amount",
       {{"monthly_fen", p.amount.monthly_fen},
        {"once_fen", p.amount.once_fen},
        {"yearly_fen", p.amount.yearly_fen}}},
      {"criteria", std::move(criteria)},
      {"missing", Missing(p.missing)},
  };
}

json Item(const domain::CompiledCatalog& catalog, const domain::ServiceItemOutcome& item,
          std::size_t i) {
  return json{
      {"id", catalog.service_items()[i].id},
      {"status", std::string(domain::kItemStatusNames[static_cast<int>(item.status)])},
      {"members", domain::MemberIndexes(item.suggested)},
      {"to_assess", domain::MemberIndexes(item.to_assess)},
      {"missing", Missing(item.missing)},
  };
}

// Writes the compact JSON text of a screening result. Keys are written in byte order, as
// nlohmann::json (an std::map underneath) dumps them; scalars other than integers go through
// nlohmann's own serializer, so escaping and number formatting are the same.
class ResultWriter {
 public:
  ResultWriter(const domain::CompiledCatalog& catalog, std::string* out)
      : catalog_(catalog), out_(*out) {}

  void Result(const domain::ScreeningResult& result) {
    Key("as_of", '{');
    String(result.as_of.ToString());
    Key("catalog_version");
    String(result.catalog_version);
    Key("results");
    for (std::size_t i = 0; i < result.policies.size(); ++i) {
      out_ += i == 0 ? '[' : ',';
      Policy(result, i);
    }
    if (result.policies.empty()) out_ += '[';
    out_ += ']';
    Key("service_items");
    for (std::size_t i = 0; i < result.service_items.size(); ++i) {
      out_ += i == 0 ? '[' : ',';
      Item(result.service_items[i], i);
    }
    if (result.service_items.empty()) out_ += '[';
    out_ += "]}";
  }

 private:
  void Key(std::string_view key, char before = ',') {
    out_ += before;
    out_ += '"';
    out_ += key;  // keys are plain ASCII names
    out_ += "\":";
  }
  void String(std::string_view s) {
    if (NeedsNoEscaping(s)) {  // nearly every string here: ids, names, statuses, dates, formulas
      out_ += '"';
      out_ += s;
      out_ += '"';
      return;
    }
    Scalar(json(std::string(s)));
  }
  // nlohmann's serializer (ensure_ascii off) writes these strings as they are: no '"', '\\' or
  // control character, and well-formed UTF-8 (RFC 3629's table: no overlong forms, surrogates or
  // code points past U+10FFFF, which it would replace). Anything else takes the slow path.
  static bool NeedsNoEscaping(std::string_view s) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const auto* end = p + s.size();
    auto in = [](unsigned char c, unsigned lo, unsigned hi) { return c >= lo && c <= hi; };
    while (p < end) {
      const unsigned char c = *p;
      if (c < 0x80) {
        if (c < 0x20 || c == '"' || c == '\\') return false;
        ++p;
        continue;
      }
      int tail = 0;
      unsigned lo = 0x80, hi = 0xbf;  // the allowed range of the first continuation byte
      if (in(c, 0xc2, 0xdf)) {
        tail = 1;
      } else if (in(c, 0xe0, 0xef)) {
        tail = 2;
        if (c == 0xe0) lo = 0xa0;
        if (c == 0xed) hi = 0x9f;
      } else if (in(c, 0xf0, 0xf4)) {
        tail = 3;
        if (c == 0xf0) lo = 0x90;
        if (c == 0xf4) hi = 0x8f;
      } else {
        return false;
      }
      if (end - p <= tail || !in(p[1], lo, hi)) return false;
      for (int i = 2; i <= tail; ++i) {
        if (!in(p[i], 0x80, 0xbf)) return false;
      }
      p += tail + 1;
    }
    return true;
  }
  void Scalar(const json& j) { out_ += j.dump(-1, ' ', false, json::error_handler_t::replace); }
  void Integer(std::int64_t n) { out_ += std::to_string(n); }
  void Members(domain::MemberSet members) {
    out_ += '[';
    bool first = true;
    for (int m : domain::MemberIndexes(members)) {
      if (!first) out_ += ',';
      first = false;
      Integer(m);
    }
    out_ += ']';
  }
  void Missing(domain::FieldSet fields) {
    out_ += '[';
    bool first = true;
    for (auto name : domain::OptionalFieldNames(fields)) {
      if (!first) out_ += ',';
      first = false;
      String(name);
    }
    out_ += ']';
  }
  void AnyValue(const domain::rules::Value& v) {
    if (v.kind == ValueKind::kNumber && v.den == 1) return Integer(v.num);
    if (v.kind == ValueKind::kBool) {
      out_ += v.boolean ? "true" : "false";
      return;
    }
    if (v.kind == ValueKind::kUnknown || v.kind == ValueKind::kNull) {
      out_ += "null";
      return;
    }
    if (v.kind == ValueKind::kEnum) return String(SymbolName(catalog_, v));
    Scalar(ValueJson(catalog_, v));
  }

  void Policy(const domain::ScreeningResult& result, std::size_t i) {
    const domain::PolicyOutcome& p = result.policies[i];
    Key("amount", '{');
    Key("monthly_fen", '{');
    Integer(p.amount.monthly_fen);
    Key("once_fen");
    Integer(p.amount.once_fen);
    Key("yearly_fen");
    Integer(p.amount.yearly_fen);
    out_ += '}';
    Key("beneficiaries");
    Members(p.beneficiaries);
    Key("criteria");
    out_ += '[';
    for (std::uint32_t c = 0; c < p.criterion_count; ++c) {
      if (c > 0) out_ += ',';
      Criterion(i, c, result.criteria[p.first_criterion + c]);
    }
    out_ += ']';
    Key("missing");
    Missing(p.missing);
    Key("policy_id");
    String(catalog_.policies()[i].id);
    Key("status");
    String(domain::kPolicyStatusNames[static_cast<int>(p.status)]);
    out_ += '}';
  }

  void Criterion(std::size_t policy, std::size_t index, const domain::CriterionOutcome& c) {
    const auto& spec = catalog_.policies()[policy].criteria[index];
    Key("actual", '{');
    AnyValue(c.actual);
    Key("id");
    String(spec.id);
    Key("passed");
    out_ += c.passed == domain::Truth::kUnknown ? "null"
            : c.passed == domain::Truth::kTrue  ? "true"
                                                : "false";
    Key("required");
    std::string_view op = catalog_.RequiredOperator(policy, index);
    if (spec.member) {
      String("at least one member with " + spec.formula);
    } else if (!op.empty() && !c.bound.is_unknown()) {
      String(std::string(op) + " " + ValueText(catalog_, c.bound));
    } else {
      String(catalog_.RequiredText(policy, index));
    }
    out_ += '}';
  }

  void Item(const domain::ServiceItemOutcome& item, std::size_t i) {
    Key("id", '{');
    String(catalog_.service_items()[i].id);
    Key("members");
    Members(item.suggested);
    Key("missing");
    Missing(item.missing);
    Key("status");
    String(domain::kItemStatusNames[static_cast<int>(item.status)]);
    Key("to_assess");
    Members(item.to_assess);
    out_ += '}';
  }

  const domain::CompiledCatalog& catalog_;
  std::string& out_;
};

}  // namespace

std::string ScreeningResultText(const domain::CompiledCatalog& catalog,
                                const domain::ScreeningResult& result) {
  std::string out;
  out.reserve(24 * 1024);
  ResultWriter(catalog, &out).Result(result);
  return out;
}

json ValueJson(const domain::CompiledCatalog& catalog, const Value& v) {
  switch (v.kind) {
    case ValueKind::kUnknown:
    case ValueKind::kNull:
      return nullptr;
    case ValueKind::kBool:
      return v.boolean;
    case ValueKind::kNumber:
      if (v.den == 1) return v.num;
      return std::to_string(v.num) + "/" + std::to_string(v.den);
    case ValueKind::kReal:
      return v.real();
    case ValueKind::kEnum:
      return SymbolName(catalog, v);
    case ValueKind::kSet: {
      json out = json::array();
      for (int b = 0; b < 64; ++b) {
        if ((v.set() >> b) & 1) out.push_back(SymbolName(catalog, Value::Enum(v.domain, b)));
      }
      return out;
    }
  }
  return nullptr;
}

json ScreeningResultJson(const domain::CompiledCatalog& catalog,
                         const domain::ScreeningResult& result) {
  json results = json::array();
  for (std::size_t i = 0; i < result.policies.size(); ++i) {
    results.push_back(Policy(catalog, result, i));
  }
  json items = json::array();
  for (std::size_t i = 0; i < result.service_items.size(); ++i) {
    items.push_back(Item(catalog, result.service_items[i], i));
  }
  return json{{"as_of", result.as_of.ToString()},
              {"catalog_version", result.catalog_version},
              {"results", std::move(results)},
              {"service_items", std::move(items)}};
}

}  // namespace lianban::services
