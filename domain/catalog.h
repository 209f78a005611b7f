// The policy catalog (spec/policies.md, spec/service-items.md) as data: the plain specs read from
// seeds/catalog/*.json, and the CompiledCatalog that CompileCatalog builds from them once at
// start-up (every formula parsed, type-checked and compiled; every reference checked).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/date.h"
#include "domain/result.h"

namespace lianban::domain {

// ---- Specs: what the seed files say, before compilation. `file` names the seed file the entry
// came from, so that errors can name file and entry.

struct DepartmentSpec {
  std::string id, name_zh, name_en;
};

struct StreetSpec {
  std::string id, name_zh, name_en, type;
};

struct ParameterValueSpec {
  Date effective;
  std::string value;  // an integer "73500" or an exact ratio "3/2"
};

struct ParameterSpec {
  std::string id, unit, type;  // type: "money" | "int" | "ratio"
  std::vector<ParameterValueSpec> values;  // strictly increasing effective dates
  std::string source;
};

// A named definition compiled like a formula: a derived fact (`income_pc`, `age_band(m)`) or a
// recognition predicate (`is_dibao`, defined after the policy `after`).
struct DefinitionSpec {
  std::string id;
  std::string param;    // "" for household facts, "m" for member facts
  std::string formula;
  bool recognition = false;
  std::string after;    // recognition predicates: the policy whose status it reads, or ""
  std::string description;
};

struct CriterionSpec {
  std::string id;
  std::string formula;
  bool member = false;  // the member criterion Q(m) of a member-level policy
};

struct PolicySpec {
  std::string id, name_zh, name_en, department, kind, unit;  // unit: "household" | "member"
  std::vector<CriterionSpec> criteria;
  std::string amount;  // formula; "" for in_kind, recognition and service policies
  std::string amount_note, grants, note, source;
  std::string defines;               // recognition predicate this policy grants, or ""
  std::vector<std::string> reads;    // declared recognition predicates (checked against formulas)
};

struct ServiceItemSpec {
  std::string id, name_zh, name_en, group, lead;
  std::string trigger;
  bool member = false;  // `members: G(m)`
};

struct CatalogSpec {
  std::string departments_file, streets_file, parameters_file, definitions_file, policies_file,
      service_items_file;
  std::vector<DepartmentSpec> departments;
  std::vector<StreetSpec> streets;
  std::vector<ParameterSpec> parameters;
  std::vector<DefinitionSpec> definitions;
  std::vector<PolicySpec> policies;
  std::vector<ServiceItemSpec> service_items;
  std::string readings;  // "Readings of the spec" text for the generated docs
  std::string version;   // content hash of the seed files, computed by the loader
};

enum class PolicyKind : std::uint8_t { kMonthly, kYearly, kOnce, kInKind, kRecognition, kService };
inline constexpr std::string_view kPolicyKindNames[] = {"monthly",     "yearly",  "once",
                                                        "in_kind",     "recognition", "service"};

inline constexpr std::size_t kDepartmentCount = 11;
inline constexpr std::size_t kStreetCount = 12;
inline constexpr std::size_t kPolicyCount = 45;
inline constexpr std::size_t kServiceItemCount = 31;

namespace rules {
class Program;  // the compiled formulas (domain/rules/program.h)
}

// The catalog in force: immutable after CompileCatalog, shared by all screenings (thread-safe).
class CompiledCatalog {
 public:
  CompiledCatalog(CatalogSpec spec, std::shared_ptr<const rules::Program> program);

  const CatalogSpec& spec() const { return spec_; }
  const std::string& version() const { return spec_.version; }
  // The earliest effective date of any parameter value (as_of before it is rejected).
  Date first_parameter_date() const;

  const std::vector<DepartmentSpec>& departments() const { return spec_.departments; }
  const std::vector<StreetSpec>& streets() const { return spec_.streets; }
  const std::vector<ParameterSpec>& parameters() const { return spec_.parameters; }
  const std::vector<PolicySpec>& policies() const { return spec_.policies; }
  const std::vector<ServiceItemSpec>& service_items() const { return spec_.service_items; }

  // Index of a policy / parameter by id, or nullopt.
  std::optional<std::size_t> FindPolicy(std::string_view id) const;
  const ParameterSpec* FindParameter(std::string_view id) const;
  bool HasStreet(std::string_view code) const;
  PolicyKind policy_kind(std::size_t policy) const;
  // Ids of the parameters a policy's criteria and amount read (directly or through
  // definitions), in catalog parameter order.
  std::vector<std::string> ParametersUsedBy(std::size_t policy) const;
  // The text shown as `required` for a criterion when its bound cannot be shown as a number.
  const std::string& RequiredText(std::size_t policy, std::size_t criterion) const;
  // The comparison operator ("<", "≤", "=", ...) of a criterion of the form `a op b`, whose
  // `required` is then shown as "op bound"; "" for other criteria.
  std::string_view RequiredOperator(std::size_t policy, std::size_t criterion) const;

  const rules::Program& program() const { return *program_; }

 private:
  CatalogSpec spec_;
  std::shared_ptr<const rules::Program> program_;
};

// Validates and compiles a catalog. Errors (kInternal, reason "invalid_catalog") name the file
// and the entry: counts other than 11/12/45/31, duplicate ids, parameter dates out of order or a
// parameter without a value on the first date, unparsable values, a formula that does not parse
// (with the position), an unknown symbol or operator, a type error, a reference to an undefined
// parameter or to a policy that does not come earlier, a recognition predicate read before the
// policy that defines it, an undeclared or unused `reads` entry.
Result<std::shared_ptr<const CompiledCatalog>> CompileCatalog(CatalogSpec spec);

}  // namespace lianban::domain
