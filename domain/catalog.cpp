#include "domain/catalog.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>
#include <utility>

#include "domain/rules/compiler.h"
#include "domain/rules/program.h"

namespace lianban::domain {
namespace {

using rules::Compiler;
using rules::Formula;
using rules::Program;
using rules::Scope;
using rules::Value;

Error CatalogError(const std::string& file, const std::string& entry, const std::string& what) {
  return Error::Make(ErrorCode::kInternal, "invalid_catalog", file + ": " + entry + ": " + what);
}

template <typename T>
Status CheckIds(const std::vector<T>& items, std::size_t expected, const std::string& file,
                const char* what) {
  if (items.size() != expected) {
    return CatalogError(file, what, "expected " + std::to_string(expected) + " entries, found " +
                                        std::to_string(items.size()));
  }
  std::set<std::string> seen;
  for (const auto& item : items) {
    if (item.id.empty()) return CatalogError(file, what, "an entry has no id");
    if (!seen.insert(item.id).second) return CatalogError(file, item.id, "duplicate id");
  }
  return OkStatus();
}

std::optional<std::int64_t> ParseInt(std::string_view s) {
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

Result<Value> ParseParameterValue(const ParameterSpec& p, const ParameterValueSpec& v,
                                  const std::string& file) {
  std::string entry = p.id + " value from " + v.effective.ToString();
  if (p.type == "ratio") {
    auto slash = v.value.find('/');
    if (slash == std::string::npos) return CatalogError(file, entry, "a ratio is written p/q");
    auto num = ParseInt(std::string_view(v.value).substr(0, slash));
    auto den = ParseInt(std::string_view(v.value).substr(slash + 1));
    if (!num || !den || *den <= 0 || *num < 0) {
      return CatalogError(file, entry, "invalid ratio '" + v.value + "'");
    }
    return Value::Ratio(*num, *den);
  }
  if (p.type != "money" && p.type != "int") {
    return CatalogError(file, p.id, "type must be money, int or ratio, not '" + p.type + "'");
  }
  auto n = ParseInt(v.value);
  if (!n || *n < 0) return CatalogError(file, entry, "invalid integer '" + v.value + "'");
  return Value::Int(*n);
}

// Builds one value table per distinct effective date (parameter resolution, §1.10).
Status BuildParameterTables(const CatalogSpec& spec, Program* program) {
  const std::string& file = spec.parameters_file;
  std::vector<std::vector<std::pair<Date, Value>>> values;
  std::set<Date> dates;
  std::optional<Date> first;
  for (const auto& p : spec.parameters) {
    if (p.values.empty()) return CatalogError(file, p.id, "no values");
    std::vector<std::pair<Date, Value>> parsed;
    for (std::size_t i = 0; i < p.values.size(); ++i) {
      if (i > 0 && !(p.values[i - 1].effective < p.values[i].effective)) {
        return CatalogError(file, p.id, "effective dates out of order at " +
                                            p.values[i].effective.ToString());
      }
      auto v = ParseParameterValue(p, p.values[i], file);
      if (!v.ok()) return std::move(v).take_error();
      parsed.emplace_back(p.values[i].effective, *v);
      dates.insert(p.values[i].effective);
    }
    if (!first) first = p.values[0].effective;
    if (p.values[0].effective != *first) {
      return CatalogError(file, p.id, "first value must be effective on " + first->ToString() +
                                          ", the first date of every parameter");
    }
    program->parameter_ids.push_back(p.id);
    values.push_back(std::move(parsed));
  }
  for (Date d : dates) {
    rules::ParameterTable table{d, {}};
    for (const auto& vs : values) {
      Value current = vs[0].second;
      for (const auto& [from, v] : vs) {
        if (from <= d) current = v;
      }
      table.values.push_back(current);
    }
    program->tables.push_back(std::move(table));
  }
  return OkStatus();
}

// The set of recognition predicates a set of formulas reads, by id.
std::set<std::string> PredicateIds(const Program& program, std::uint64_t bits) {
  std::set<std::string> out;
  for (std::size_t i = 0; i < program.definitions.size(); ++i) {
    if (bits & (std::uint64_t{1} << i)) out.insert(program.definitions[i].id);
  }
  return out;
}

class CatalogCompiler {
 public:
  explicit CatalogCompiler(const CatalogSpec& spec) : spec_(spec) {}

  Result<std::shared_ptr<Program>> Run() {
    auto program = std::make_shared<Program>();
    p_ = program.get();
    if (auto s = CheckCounts(); !s.ok()) return std::move(s).take_error();
    if (auto s = BuildParameterTables(spec_, p_); !s.ok()) return std::move(s).take_error();
    for (const auto& d : spec_.departments) p_->department_ids.push_back(d.id);
    std::vector<std::string> policy_ids;
    std::vector<std::int32_t> departments;
    for (const auto& pol : spec_.policies) {
      policy_ids.push_back(pol.id);
      auto it = std::find(p_->department_ids.begin(), p_->department_ids.end(), pol.department);
      if (it == p_->department_ids.end()) {
        return CatalogError(spec_.policies_file, pol.id, "unknown department '" + pol.department + "'");
      }
      departments.push_back(static_cast<std::int32_t>(it - p_->department_ids.begin()));
    }
    compiler_.emplace(p_, policy_ids, departments);
    if (auto s = CompileDefinitions(); !s.ok()) return std::move(s).take_error();
    for (std::size_t i = 0; i < spec_.policies.size(); ++i) {
      if (auto s = CompilePolicy(i, departments[i]); !s.ok()) return std::move(s).take_error();
    }
    for (const auto& item : spec_.service_items) {
      if (auto s = CompileItem(item); !s.ok()) return std::move(s).take_error();
    }
    return program;
  }

 private:
  Status CheckCounts() {
    if (auto s = CheckIds(spec_.departments, kDepartmentCount, spec_.departments_file,
                          "departments"); !s.ok()) return s;
    if (auto s = CheckIds(spec_.streets, kStreetCount, spec_.streets_file, "streets"); !s.ok()) {
      return s;
    }
    if (auto s = CheckIds(spec_.policies, kPolicyCount, spec_.policies_file, "policies"); !s.ok()) {
      return s;
    }
    if (auto s = CheckIds(spec_.service_items, kServiceItemCount, spec_.service_items_file,
                          "service items"); !s.ok()) return s;
    if (auto s = CheckIds(spec_.parameters, spec_.parameters.size(), spec_.parameters_file,
                          "parameters"); !s.ok()) return s;
    if (spec_.parameters.empty()) return CatalogError(spec_.parameters_file, "parameters", "none");
    return CheckIds(spec_.definitions, spec_.definitions.size(), spec_.definitions_file,
                    "definitions");
  }

  Status CompileDefinitions() {
    const std::string& file = spec_.definitions_file;
    if (spec_.definitions.size() > 64) return CatalogError(file, "definitions", "more than 64");
    for (const auto& d : spec_.definitions) {
      if (compiler_->HasName(d.id)) return CatalogError(file, d.id, "name already used");
      if (d.param != "" && d.param != "m") {
        return CatalogError(file, d.id, "the parameter of a member fact is written m");
      }
      Scope scope;
      scope.member_param = d.param == "m";
      scope.want = d.recognition ? Scope::Want::kTruth : Scope::Want::kAny;
      auto f = compiler_->Compile(d.formula, scope);
      if (!f.ok()) return CatalogError(file, d.id, f.error().message);
      if (auto s = CheckRecognition(d, *f); !s.ok()) return s;
      rules::Definition def{d.id, scope.member_param, d.recognition, std::move(f).value()};
      compiler_->AddDefinition(std::move(def));
    }
    return OkStatus();
  }

  Status CheckRecognition(const DefinitionSpec& d, const Formula& f) {
    const std::string& file = spec_.definitions_file;
    if (!d.recognition) {
      if (!d.after.empty()) return CatalogError(file, d.id, "only recognition predicates have 'after'");
      return OkStatus();
    }
    if (d.param != "") return CatalogError(file, d.id, "a recognition predicate is household-level");
    int needed = f.reads.last_policy_needed;
    std::string needed_id = needed < 0 ? "" : spec_.policies[static_cast<std::size_t>(needed)].id;
    if (needed_id != d.after) {
      return CatalogError(file, d.id, "is defined after '" + d.after + "' but its formula needs '" +
                                          needed_id + "'");
    }
    return OkStatus();
  }

  Status CompilePolicy(std::size_t index, std::int32_t department) {
    const PolicySpec& pol = spec_.policies[index];
    const std::string& file = spec_.policies_file;
    rules::CompiledPolicy cp;
    cp.department = department;
    if (pol.unit != "household" && pol.unit != "member") {
      return CatalogError(file, pol.id, "unit must be household or member");
    }
    cp.member_unit = pol.unit == "member";
    rules::Reads reads;
    std::set<std::string> criterion_ids;
    for (std::size_t c = 0; c < pol.criteria.size(); ++c) {
      const CriterionSpec& crit = pol.criteria[c];
      std::string entry = pol.id + " criterion " + crit.id;
      if (!criterion_ids.insert(crit.id).second) return CatalogError(file, entry, "duplicate id");
      Scope scope;
      scope.member_param = crit.member;
      auto f = compiler_->Compile(crit.formula, scope);
      if (!f.ok()) return CatalogError(file, entry, f.error().message);
      if (auto s = CheckOrder(*f, index, entry); !s.ok()) return s;
      if (crit.member) {
        if (cp.member_criterion >= 0) return CatalogError(file, entry, "a second member criterion");
        cp.member_criterion = static_cast<int>(c);
      }
      reads.Merge(f->reads);
      cp.criteria.push_back(std::move(f).value());
    }
    if (pol.criteria.empty()) return CatalogError(file, pol.id, "no criteria");
    if (cp.member_unit != (cp.member_criterion >= 0)) {
      return CatalogError(file, pol.id, "a member-level policy has exactly one member criterion");
    }
    if (auto s = CompileAmount(pol, index, &cp, &reads); !s.ok()) return s;
    if (auto s = CheckReads(pol, reads); !s.ok()) return s;
    p_->criterion_count += cp.criteria.size();
    p_->policies.push_back(std::move(cp));
    return OkStatus();
  }

  Status CheckOrder(const Formula& f, std::size_t index, const std::string& entry) {
    if (f.reads.last_policy_needed >= static_cast<int>(index)) {
      const auto& later = spec_.policies[static_cast<std::size_t>(f.reads.last_policy_needed)].id;
      return CatalogError(spec_.policies_file, entry,
                          "reads " + later + ", which does not come earlier in the catalog");
    }
    return OkStatus();
  }

  Status CompileAmount(const PolicySpec& pol, std::size_t index, rules::CompiledPolicy* cp,
                       rules::Reads* reads) {
    const std::string& file = spec_.policies_file;
    auto kind = std::find(std::begin(kPolicyKindNames), std::end(kPolicyKindNames), pol.kind);
    if (kind == std::end(kPolicyKindNames)) {
      return CatalogError(file, pol.id, "unknown kind '" + pol.kind + "'");
    }
    auto k = static_cast<PolicyKind>(kind - std::begin(kPolicyKindNames));
    bool paid = k == PolicyKind::kMonthly || k == PolicyKind::kYearly || k == PolicyKind::kOnce;
    cp->amount_field = k == PolicyKind::kMonthly ? 0 : k == PolicyKind::kOnce ? 1 : k == PolicyKind::kYearly ? 2 : 3;
    if (!paid) {
      if (!pol.amount.empty()) return CatalogError(file, pol.id, "a " + pol.kind + " policy has no amount");
      return OkStatus();
    }
    if (pol.amount.empty()) return CatalogError(file, pol.id, "a " + pol.kind + " policy needs an amount");
    Scope scope;
    scope.amount = true;
    scope.beneficiaries = true;
    scope.want = Scope::Want::kNumber;
    auto f = compiler_->Compile(pol.amount, scope);
    if (!f.ok()) return CatalogError(file, pol.id + " amount", f.error().message);
    if (auto s = CheckOrder(*f, index, pol.id + " amount"); !s.ok()) return s;
    reads->Merge(f->reads);
    cp->amount = std::move(f).value();
    return OkStatus();
  }

  Status CheckReads(const PolicySpec& pol, const rules::Reads& reads) {
    std::set<std::string> used = PredicateIds(*p_, reads.predicates);
    std::set<std::string> declared(pol.reads.begin(), pol.reads.end());
    for (const auto& r : declared) {
      if (!used.count(r)) {
        return CatalogError(spec_.policies_file, pol.id, "declares reads '" + r + "' but its formulas do not read it");
      }
    }
    for (const auto& r : used) {
      if (!declared.count(r)) {
        return CatalogError(spec_.policies_file, pol.id, "reads '" + r + "' without declaring it");
      }
    }
    if (!pol.defines.empty()) {
      auto it = std::find_if(spec_.definitions.begin(), spec_.definitions.end(),
                             [&](const DefinitionSpec& d) { return d.id == pol.defines; });
      if (it == spec_.definitions.end() || !it->recognition || it->after != pol.id) {
        return CatalogError(spec_.policies_file, pol.id,
                            "defines '" + pol.defines + "', which is not a recognition predicate defined after it");
      }
    }
    return OkStatus();
  }

  Status CompileItem(const ServiceItemSpec& item) {
    Scope scope;
    scope.member_param = item.member;
    scope.policy_quantifiers = true;
    auto f = compiler_->Compile(item.trigger, scope);
    if (!f.ok()) return CatalogError(spec_.service_items_file, item.id + " trigger", f.error().message);
    p_->items.push_back({std::move(f).value(), item.member});
    return OkStatus();
  }

  const CatalogSpec& spec_;
  Program* p_ = nullptr;
  std::optional<Compiler> compiler_;
};

const char* OperatorText(rules::CompareOp op) {
  switch (op) {
    case rules::CompareOp::kEq: return "=";
    case rules::CompareOp::kNe: return "≠";
    case rules::CompareOp::kLt: return "<";
    case rules::CompareOp::kLe: return "≤";
    case rules::CompareOp::kGt: return ">";
    case rules::CompareOp::kGe: return "≥";
  }
  return "";
}

}  // namespace

const std::vector<Value>* rules::Program::ParametersAt(Date as_of) const {
  if (tables.empty() || as_of < tables[0].from) return nullptr;
  auto it = std::upper_bound(tables.begin(), tables.end(), as_of,
                             [](Date d, const ParameterTable& t) { return d < t.from; });
  return &std::prev(it)->values;
}

CompiledCatalog::CompiledCatalog(CatalogSpec spec, std::shared_ptr<const rules::Program> program)
    : spec_(std::move(spec)), program_(std::move(program)) {}

Date CompiledCatalog::first_parameter_date() const { return program_->tables.front().from; }

std::optional<std::size_t> CompiledCatalog::FindPolicy(std::string_view id) const {
  for (std::size_t i = 0; i < spec_.policies.size(); ++i) {
    if (spec_.policies[i].id == id) return i;
  }
  return std::nullopt;
}

const ParameterSpec* CompiledCatalog::FindParameter(std::string_view id) const {
  for (const auto& p : spec_.parameters) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

bool CompiledCatalog::HasStreet(std::string_view code) const {
  return std::any_of(spec_.streets.begin(), spec_.streets.end(),
                     [&](const StreetSpec& s) { return s.id == code; });
}

PolicyKind CompiledCatalog::policy_kind(std::size_t policy) const {
  const auto& k = spec_.policies[policy].kind;
  auto it = std::find(std::begin(kPolicyKindNames), std::end(kPolicyKindNames), k);
  return static_cast<PolicyKind>(it - std::begin(kPolicyKindNames));
}

std::vector<std::string> CompiledCatalog::ParametersUsedBy(std::size_t policy) const {
  const auto& cp = program_->policies[policy];
  rules::Reads all;
  for (const auto& c : cp.criteria) all.Merge(c.reads);
  all.Merge(cp.amount.reads);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < all.parameters.size(); ++i) {
    if (all.parameters[i]) out.push_back(program_->parameter_ids[i]);
  }
  return out;
}

const std::string& CompiledCatalog::RequiredText(std::size_t policy, std::size_t criterion) const {
  return spec_.policies[policy].criteria[criterion].formula;
}

std::string_view CompiledCatalog::RequiredOperator(std::size_t policy, std::size_t criterion) const {
  const auto& f = program_->policies[policy].criteria[criterion];
  return f.reports_sides ? OperatorText(f.compare) : "";
}

Result<std::shared_ptr<const CompiledCatalog>> CompileCatalog(CatalogSpec spec) {
  CatalogCompiler compiler(spec);
  auto program = compiler.Run();
  if (!program.ok()) return std::move(program).take_error();
  std::shared_ptr<const rules::Program> shared = std::move(program).value();
  return std::make_shared<const CompiledCatalog>(std::move(spec), std::move(shared));
}

}  // namespace lianban::domain
