// lianban catalog docs [--catalog DIR] --out FILE: writes docs/policies.md from the catalog.
#include "services/cli/catalog_docs_cmd.h"

#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "services/catalog_loader.h"
#include "services/cli/cli_common.h"
#include "services/cli/commands.h"

namespace lianban::services::cli {
namespace {

// How the engine reads the places where spec/policies.md leaves a choice.
constexpr const char* kReadings = R"(## Readings of the spec

1. **Status of a needs_info policy in a formula.** `status(P) = eligible` (and `= ineligible`) is
   unknown while P is needs_info, because P will end up one or the other; `status(P) = needs_info`
   is true. This gives §1.7's table for every `is_X := "x" ∈ statuses ∨ status(P) = eligible`
   without a special case, and keeps SV-25 (`∃ P: status(P) = needs_info`) and SV-31's count
   two-valued.
2. **`missing` is static per criterion (§1.8 rule 1).** A criterion whose value is U lists every
   absent field its formula reads (helpers such as `rigid_12m` expanded), whether or not that
   field decided the U; a decided criterion lists nothing. Recognition predicates are not expanded:
   they contribute missing(R) only when their value is U (rule 2), and a policy read through
   `status`/`paid` contributes its own `missing` when it is needs_info (rule 3).
3. **Member criteria** contribute the absent household fields their Q reads; all fields Q can
   read that may be absent are household-level, so this is the same for every member with
   Q(m) = U.
4. **`⟦R⟧` in amounts** is 1 only when R is pass; an `if` whose condition is unknown takes its
   `else` branch (only eligible policies have amounts, and their amount formulas read only given
   facts, §1.8).
5. **Rounding.** In amount formulas every product with a non-integer factor is floored where it is
   written (`Σ_{m∈B} (resident_premium × premium_ratio_dibao)` floors each share); a non-integer
   amount that remains (none in this catalog) is floored at the end. Criteria compare exactly.
6. **Null member facts.** `grade(m)`, `cat(m)` and `m.education_stage` are null when absent;
   `= null` is true then, `≠ null` false, and every other comparison or `∈` test is false
   (never unknown, §1.6).
7. **YB-03 `paid(YB-02)`** is YB-02's yearly amount when YB-02 is eligible, 0 when ineligible,
   unknown when needs_info.
8. **MZ-10's amount** has no `else`: the three brackets cover every beneficiary (age ≥ 80); an
   `if` chain without `else` yields 0.
9. **Service items.** A household trigger is suggested (T), to_assess (U, with its `missing`
   computed as for a criterion) or not_suggested (F). A member trigger lists the members with T
   (`members`) and with U (`to_assess`); the item is suggested when some member has T, else
   to_assess when some member has U. `∃ P` and `count{…}` range over the 45 policies.
10. **Catalog responses.** `GET /v1/catalog/departments|policies|service-items` return JSON arrays
    of 11, 45 and 31 entries; the catalog version (BLAKE2b-256 of the seed files) is their ETag
    and every screening result's `catalog_version`.
11. **Age.** Completed years with tuple comparison of (month, day), so a 29 February birthday is
    reached on 1 March in common years (§1.6).
)";

std::string Cell(std::string s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += ' ';
    else out += c;
  }
  return out;
}

void Parameters(const domain::CompiledCatalog& catalog, const std::set<std::string>& ids,
                std::ostringstream& out) {
  if (ids.empty()) return;
  out << "\n| parameter | unit | values (effective from → value) | source |\n|---|---|---|---|\n";
  for (const auto& p : catalog.parameters()) {
    if (!ids.count(p.id)) continue;
    std::string values;
    for (const auto& v : p.values) {
      values += (values.empty() ? "" : "; ") + v.effective.ToString() + " → " + v.value;
    }
    out << "| `" << p.id << "` | " << Cell(p.unit) << " | " << values << " | " << Cell(p.source)
        << " |\n";
  }
}

void Policy(const domain::CompiledCatalog& catalog, std::size_t i, std::ostringstream& out) {
  const domain::PolicySpec& p = catalog.policies()[i];
  out << "\n### " << p.id << " " << p.name_zh << " · " << p.name_en << "\n\n";
  out << "kind `" << p.kind << "` · unit `" << p.unit << "`";
  if (!p.defines.empty()) out << " · defines `" << p.defines << "`";
  if (!p.reads.empty()) {
    out << " · reads";
    for (const auto& r : p.reads) out << " `" << r << "`";
  }
  out << "\n\n| # | criterion | formula |\n|---|---|---|\n";
  for (std::size_t c = 0; c < p.criteria.size(); ++c) {
    const auto& crit = p.criteria[c];
    out << "| " << c + 1 << " | " << (crit.member ? "members: " : "") << "`" << crit.id
        << "` | " << Cell(crit.formula) << " |\n";
  }
  out << "\n";
  if (!p.amount.empty()) {
    std::string field = p.kind == "monthly" ? "monthly_fen" : p.kind == "once" ? "once_fen" : "yearly_fen";
    out << "- amount: " << field << " = " << p.amount;
    if (!p.amount_note.empty()) out << " (" << p.amount_note << ")";
    out << "\n";
  }
  if (!p.grants.empty()) out << "- grants: " << p.grants << "\n";
  if (!p.note.empty()) out << "- note: " << p.note << "\n";
  if (!p.source.empty()) out << "- source: " << p.source << "\n";
  auto used = catalog.ParametersUsedBy(i);
  Parameters(catalog, std::set<std::string>(used.begin(), used.end()), out);
}

void Definitions(const domain::CompiledCatalog& catalog, std::ostringstream& out) {
  out << "\n## Derived facts and recognition predicates\n\n"
         "| name | kind | definition | meaning |\n|---|---|---|---|\n";
  for (const auto& d : catalog.spec().definitions) {
    std::string name = d.param.empty() ? d.id : d.id + "(" + d.param + ")";
    std::string kind = d.recognition ? "recognition" + (d.after.empty() ? std::string(" (input only)") : ", after " + d.after)
                                     : (d.param.empty() ? "household fact" : "member fact");
    out << "| `" << name << "` | " << kind << " | " << Cell(d.formula) << " | "
        << Cell(d.description) << " |\n";
  }
}

void ServiceItems(const domain::CompiledCatalog& catalog, std::ostringstream& out) {
  out << "\n## Service items (" << catalog.service_items().size() << ")\n\n"
         "| id | name_zh | name_en | group | lead | trigger |\n|---|---|---|---|---|---|\n";
  for (const auto& s : catalog.service_items()) {
    out << "| " << s.id << " | " << Cell(s.name_zh) << " | " << Cell(s.name_en) << " | "
        << Cell(s.group) << " | " << Cell(s.lead) << " | " << (s.member ? "members: " : "")
        << Cell(s.trigger) << " |\n";
  }
}

}  // namespace

std::string RenderCatalogDocs(const domain::CompiledCatalog& catalog) {
  std::ostringstream out;
  out << "# Policy catalog\n\n"
         "Generated by `lianban catalog docs --out docs/policies.md` from seeds/catalog/*.json; do "
         "not edit by hand (a test fails when this file and the generator disagree).\n\n"
      << "Catalog version: `" << catalog.version() << "`. " << catalog.departments().size()
      << " departments, " << catalog.streets().size() << " streets and towns, "
      << catalog.policies().size() << " policies, " << catalog.service_items().size()
      << " service items. Formulas use the notation of docs/rules-language.md.\n\n"
      << kReadings;
  out << "\n## Departments\n\n| code | name_zh | name_en | policies |\n|---|---|---|---|\n";
  for (const auto& d : catalog.departments()) {
    std::string ids;
    for (const auto& p : catalog.policies()) {
      if (p.department == d.id) ids += (ids.empty() ? "" : ", ") + p.id;
    }
    out << "| " << d.id << " | " << d.name_zh << " | " << d.name_en << " | " << ids << " |\n";
  }
  for (const auto& d : catalog.departments()) {
    out << "\n## " << d.id << " " << d.name_zh << " · " << d.name_en << "\n";
    for (std::size_t i = 0; i < catalog.policies().size(); ++i) {
      if (catalog.policies()[i].department == d.id) Policy(catalog, i, out);
    }
  }
  Definitions(catalog, out);
  std::set<std::string> all;
  for (const auto& p : catalog.parameters()) all.insert(p.id);
  out << "\n## All parameters\n";
  Parameters(catalog, all, out);
  ServiceItems(catalog, out);
  out << "\n## Streets and towns\n\n| code | name_zh | name_en | type |\n|---|---|---|---|\n";
  for (const auto& s : catalog.streets()) {
    out << "| " << s.id << " | " << s.name_zh << " | " << s.name_en << " | " << s.type << " |\n";
  }
  return out.str();
}

void AddCatalogDocsCommand(CLI::App& app) {
  auto* catalog_cmd = app.add_subcommand("catalog", "The policy catalog");
  catalog_cmd->require_subcommand(1);
  auto* docs = catalog_cmd->add_subcommand("docs", "Writes docs/policies.md from the catalog");
  auto dir = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  docs->add_option("--catalog", *dir, "catalog directory (default: the seed catalog)");
  docs->add_option("--out", *out, "output file")->required();
  docs->callback([dir, out] {
    const auto path = dir->empty() ? SeedsDir() / "catalog" : std::filesystem::path(*dir);
    auto catalog = LoadCatalog(path);
    if (!catalog.ok()) Fail("loading the catalog from " + path.string(), catalog.error());
    std::ofstream file(*out, std::ios::trunc | std::ios::binary);
    if (!file) Fail("cannot create --out " + *out);
    file << RenderCatalogDocs(**catalog);
    if (!file) Fail("cannot write --out " + *out);
  });
}

}  // namespace lianban::services::cli
