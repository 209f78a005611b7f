#include "services/household_json.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <span>
#include <string>

#include "domain/household_validation.h"
#include "domain/id_number.h"

namespace lianban::services {
namespace {

using nlohmann::json;
namespace d = domain;

constexpr std::string_view kHouseholdFields[] = {"hukou",        "street",  "members", "assets",
                                                 "expenses_12m", "housing", "events",  "statuses"};
constexpr std::string_view kMemberFields[] = {"id_number",
                                              "name",
                                              "relation",
                                              "monthly_income_fen",
                                              "employment",
                                              "unemployed_months",
                                              "disability",
                                              "self_care",
                                              "serious_illness",
                                              "chronic_illness",
                                              "education_stage",
                                              "boarding",
                                              "new_student",
                                              "orphan",
                                              "unattended_child",
                                              "capable_supporter",
                                              "union_member",
                                              "pregnant",
                                              "insured_resident_medical"};
constexpr std::string_view kDisabilityFields[] = {"category", "grade"};
constexpr std::string_view kAssetsFields[] = {"deposits_fen", "vehicle_value_fen", "homes",
                                              "business"};
constexpr std::string_view kExpensesFields[] = {"medical_fen", "education_fen"};
constexpr std::string_view kHousingFields[] = {"owns_home", "renting", "per_capita_area_m2",
                                               "dangerous_house"};
constexpr std::string_view kEventsFields[] = {"disaster", "house_collapsed", "sudden_hardship",
                                              "hardship_cost_fen"};

// Above this magnitude nlohmann stores an integer literal as a double, so an integral double this
// large was (or stands for) an integer too big for any field rather than a fractional number.
constexpr double kOverflowedInteger = 9.2e18;

const json* Find(const json& object, std::string_view key) {
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

// Collects the violations of one household document while decoding it.
class Decoder {
 public:
  explicit Decoder(std::string_view prefix) : prefix_(prefix) {}

  std::optional<d::Household> Run(const json& j);
  std::vector<FieldError>& violations() { return out_; }

 private:
  void Add(std::string path, std::string code, std::string detail) {
    out_.push_back(FieldError{std::move(path), std::move(code), std::move(detail)});
  }
  void AddIf(std::optional<FieldError> e) {
    if (e) out_.push_back(std::move(*e));
  }
  bool RequireObject(const json& v, const std::string& path);
  void RejectUnknown(const json& object, std::span<const std::string_view> known,
                     const std::string& path);
  const json* Required(const json& object, std::string_view key, const std::string& path);

  std::optional<std::int64_t> Integer(const json& v, const std::string& path);
  std::optional<std::int64_t> RawInteger(const json& v, const std::string& path);
  std::optional<bool> Bool(const json& v, const std::string& path);
  std::optional<std::string> String(const json& v, const std::string& path);
  std::optional<double> Area(const json& v, const std::string& path);
  template <typename E, std::size_t N>
  std::optional<E> Enum(const json& v, const std::array<std::string_view, N>& names,
                        const std::string& path);

  template <typename T, typename Read>
  void Field(const json& object, std::string_view key, const std::string& path, T& target,
             Read read);
  d::MemberKey DecodeMember(const json& j, const std::string& path, d::Member& m);
  void DecodeMemberFlags(const json& j, const std::string& path, d::Member& m);
  void DecodeDisability(const json& j, const std::string& path, d::Member& m);
  void DecodeEducation(const json& j, const std::string& path, d::Member& m);
  std::optional<std::string> DecodeIdNumber(const json& j, const std::string& path, d::Member& m);
  void DecodeMembers(const json& j, d::Household& h);
  void DecodeStatuses(const json& j, d::Household& h);
  void DecodeObjects(const json& j, d::Household& h);

  std::string prefix_;
  std::vector<FieldError> out_;
};

bool Decoder::RequireObject(const json& v, const std::string& path) {
  if (v.is_object()) return true;
  Add(path, "invalid_type", "must be an object");
  return false;
}

void Decoder::RejectUnknown(const json& object, std::span<const std::string_view> known,
                            const std::string& path) {
  for (const auto& [key, value] : object.items()) {
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      Add(path + "." + key, "unknown_field", "this field is not defined");
    }
  }
}

const json* Decoder::Required(const json& object, std::string_view key, const std::string& path) {
  const json* v = Find(object, key);
  if (!v) Add(path + "." + std::string(key), "missing_field", "this field is required");
  return v;
}

std::optional<std::int64_t> Decoder::RawInteger(const json& v, const std::string& path) {
  if (v.is_number_unsigned()) {
    const auto u = v.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(d::kMaxInteger)) {
      Add(path, "out_of_range", "must be at most 10^12");
      return std::nullopt;
    }
    return static_cast<std::int64_t>(u);
  }
  if (v.is_number_integer()) return v.get<std::int64_t>();
  if (v.is_number_float()) {
    const double x = v.get<double>();
    if (std::isfinite(x) && std::trunc(x) == x && std::fabs(x) >= kOverflowedInteger) {
      Add(path, x < 0 ? "negative_value" : "out_of_range", "integer out of range");
      return std::nullopt;
    }
  }
  Add(path, "invalid_type", "must be an integer");
  return std::nullopt;
}

std::optional<std::int64_t> Decoder::Integer(const json& v, const std::string& path) {
  const auto value = RawInteger(v, path);
  if (!value) return std::nullopt;
  auto e = d::CheckInteger(*value, path);
  if (e) {
    AddIf(std::move(e));
    return std::nullopt;
  }
  return value;
}

std::optional<bool> Decoder::Bool(const json& v, const std::string& path) {
  if (v.is_boolean()) return v.get<bool>();
  Add(path, "invalid_type", "must be true or false");
  return std::nullopt;
}

std::optional<std::string> Decoder::String(const json& v, const std::string& path) {
  if (v.is_string()) return v.get<std::string>();
  Add(path, "invalid_type", "must be a string");
  return std::nullopt;
}

std::optional<double> Decoder::Area(const json& v, const std::string& path) {
  if (!v.is_number()) {
    Add(path, "invalid_type", "must be a number");
    return std::nullopt;
  }
  const double x = v.get<double>();
  auto e = d::CheckArea(x, path);
  if (e) {
    AddIf(std::move(e));
    return std::nullopt;
  }
  return x;
}

template <typename E, std::size_t N>
std::optional<E> Decoder::Enum(const json& v, const std::array<std::string_view, N>& names,
                               const std::string& path) {
  const auto s = String(v, path);
  if (!s) return std::nullopt;
  auto e = d::EnumFromName<E>(names, *s);
  if (!e) Add(path, "invalid_enum", "not one of the allowed values");
  return e;
}

// Reads object[key] with `read` into `target` when present and valid; leaves the default else.
template <typename T, typename Read>
void Decoder::Field(const json& object, std::string_view key, const std::string& path, T& target,
                    Read read) {
  const json* v = Find(object, key);
  if (!v) return;
  auto value = read(*v, path + "." + std::string(key));
  if (value) target = std::move(*value);
}

std::optional<std::string> Decoder::DecodeIdNumber(const json& j, const std::string& path,
                                                   d::Member& m) {
  const json* v = Required(j, "id_number", path);
  if (!v) return std::nullopt;
  const std::string p = path + ".id_number";
  const auto text = String(*v, p);
  if (!text) return std::nullopt;
  auto id = d::ParseIdNumber(*text);
  if (!id) {
    Add(p, "invalid_id_number", id.error().message);
    return std::nullopt;
  }
  m.id_number = id->normalized;
  m.birth = id->birth;
  m.female = id->female;
  return id->normalized;
}

void Decoder::DecodeDisability(const json& j, const std::string& path, d::Member& m) {
  const json* v = Find(j, "disability");
  if (!v || v->is_null()) return;
  const std::string p = path + ".disability";
  if (!RequireObject(*v, p)) return;
  RejectUnknown(*v, kDisabilityFields, p);
  const json* category = Required(*v, "category", p);
  const json* grade = Required(*v, "grade", p);
  std::optional<d::DisabilityCategory> c;
  std::optional<std::int64_t> g;
  if (category)
    c = Enum<d::DisabilityCategory>(*category, d::kDisabilityCategoryNames, p + ".category");
  if (grade) {
    g = RawInteger(*grade, p + ".grade");
    if (g && d::CheckGrade(*g, p + ".grade")) {
      AddIf(d::CheckGrade(*g, p + ".grade"));
      g.reset();
    }
  }
  if (c && g) m.disability = d::Disability{*c, static_cast<int>(*g)};
}

void Decoder::DecodeEducation(const json& j, const std::string& path, d::Member& m) {
  const json* v = Find(j, "education_stage");
  if (!v || v->is_null()) return;
  m.education_stage =
      Enum<d::EducationStage>(*v, d::kEducationStageNames, path + ".education_stage");
}

void Decoder::DecodeMemberFlags(const json& j, const std::string& path, d::Member& m) {
  auto boolean = [this](const json& v, const std::string& p) { return Bool(v, p); };
  Field(j, "serious_illness", path, m.serious_illness, boolean);
  Field(j, "chronic_illness", path, m.chronic_illness, boolean);
  Field(j, "boarding", path, m.boarding, boolean);
  Field(j, "new_student", path, m.new_student, boolean);
  Field(j, "orphan", path, m.orphan, boolean);
  Field(j, "unattended_child", path, m.unattended_child, boolean);
  Field(j, "capable_supporter", path, m.capable_supporter, boolean);
  Field(j, "union_member", path, m.union_member, boolean);
  Field(j, "pregnant", path, m.pregnant, boolean);
  Field(j, "insured_resident_medical", path, m.insured_resident_medical, boolean);
}

d::MemberKey Decoder::DecodeMember(const json& j, const std::string& path, d::Member& m) {
  d::MemberKey key;
  if (!RequireObject(j, path)) return key;
  RejectUnknown(j, kMemberFields, path);
  key.id_number = DecodeIdNumber(j, path, m);
  if (const json* name = Required(j, "name", path)) {
    if (auto s = String(*name, path + ".name")) {
      AddIf(d::CheckName(*s, path + ".name"));
      m.name = std::move(*s);
    }
  }
  if (const json* relation = Required(j, "relation", path)) {
    key.relation = Enum<d::Relation>(*relation, d::kRelationNames, path + ".relation");
    if (key.relation) m.relation = *key.relation;
  }
  auto integer = [this](const json& v, const std::string& p) { return Integer(v, p); };
  Field(j, "monthly_income_fen", path, m.monthly_income_fen, integer);
  Field(j, "unemployed_months", path, m.unemployed_months, integer);
  Field(j, "employment", path, m.employment, [this](const json& v, const std::string& p) {
    return Enum<d::Employment>(v, d::kEmploymentNames, p);
  });
  Field(j, "self_care", path, m.self_care, [this](const json& v, const std::string& p) {
    return Enum<d::SelfCare>(v, d::kSelfCareNames, p);
  });
  DecodeDisability(j, path, m);
  DecodeEducation(j, path, m);
  DecodeMemberFlags(j, path, m);
  return key;
}

void Decoder::DecodeMembers(const json& j, d::Household& h) {
  const json* members = Required(j, "members", prefix_);
  if (!members) return;
  if (!members->is_array()) {
    Add(prefix_ + ".members", "invalid_type", "must be an array");
    return;
  }
  std::vector<d::MemberKey> keys;
  h.members.resize(members->size());
  for (std::size_t i = 0; i < members->size(); ++i) {
    keys.push_back(DecodeMember((*members)[i], d::MemberPath(prefix_, i), h.members[i]));
  }
  for (auto& e : d::CheckMemberSet(keys, prefix_)) out_.push_back(std::move(e));
}

void Decoder::DecodeStatuses(const json& j, d::Household& h) {
  const json* statuses = Find(j, "statuses");
  if (!statuses) return;
  if (!statuses->is_array()) {
    Add(prefix_ + ".statuses", "invalid_type", "must be an array");
    return;
  }
  for (std::size_t i = 0; i < statuses->size(); ++i) {
    const auto s = Enum<d::HouseholdStatus>((*statuses)[i], d::kHouseholdStatusNames,
                                            prefix_ + ".statuses[" + std::to_string(i) + "]");
    if (s) h.statuses.push_back(*s);
  }
}

void Decoder::DecodeObjects(const json& j, d::Household& h) {
  auto integer = [this](const json& v, const std::string& p) { return Integer(v, p); };
  auto boolean = [this](const json& v, const std::string& p) { return Bool(v, p); };
  auto object = [&](std::string_view key, std::span<const std::string_view> fields) {
    const json* v = Find(j, key);
    const std::string p = prefix_ + "." + std::string(key);
    if (!v || !RequireObject(*v, p)) return static_cast<const json*>(nullptr);
    RejectUnknown(*v, fields, p);
    return v;
  };
  if (const json* a = object("assets", kAssetsFields)) {
    const std::string p = prefix_ + ".assets";
    Field(*a, "deposits_fen", p, h.assets.deposits_fen, integer);
    Field(*a, "vehicle_value_fen", p, h.assets.vehicle_value_fen, integer);
    Field(*a, "homes", p, h.assets.homes, integer);
    Field(*a, "business", p, h.assets.business, boolean);
  }
  if (const json* e = object("expenses_12m", kExpensesFields)) {
    const std::string p = prefix_ + ".expenses_12m";
    Field(*e, "medical_fen", p, h.expenses_12m.medical_fen, integer);
    Field(*e, "education_fen", p, h.expenses_12m.education_fen, integer);
  }
  if (const json* o = object("housing", kHousingFields)) {
    const std::string p = prefix_ + ".housing";
    Field(*o, "owns_home", p, h.housing.owns_home, boolean);
    Field(*o, "renting", p, h.housing.renting, boolean);
    Field(*o, "per_capita_area_m2", p, h.housing.per_capita_area_m2,
          [this](const json& v, const std::string& q) { return Area(v, q); });
    Field(*o, "dangerous_house", p, h.housing.dangerous_house, boolean);
  }
  if (const json* e = object("events", kEventsFields)) {
    const std::string p = prefix_ + ".events";
    Field(*e, "disaster", p, h.events.disaster, boolean);
    Field(*e, "house_collapsed", p, h.events.house_collapsed, boolean);
    Field(*e, "sudden_hardship", p, h.events.sudden_hardship, boolean);
    Field(*e, "hardship_cost_fen", p, h.events.hardship_cost_fen, integer);
  }
}

std::optional<d::Household> Decoder::Run(const json& j) {
  if (!RequireObject(j, prefix_)) return std::nullopt;
  RejectUnknown(j, kHouseholdFields, prefix_);
  d::Household h;
  if (const json* hukou = Required(j, "hukou", prefix_)) {
    if (auto v = Enum<d::Hukou>(*hukou, d::kHukouNames, prefix_ + ".hukou")) h.hukou = *v;
  }
  if (const json* street = Find(j, "street")) {
    auto s = String(*street, prefix_ + ".street");
    if (s && !d::IsStreetCode(*s))
      Add(prefix_ + ".street", "invalid_enum", "not a street/town code");
    if (s) h.street = std::move(*s);
  }
  DecodeMembers(j, h);
  DecodeObjects(j, h);
  DecodeStatuses(j, h);
  if (!out_.empty()) return std::nullopt;
  return h;
}

template <typename E, std::size_t N>
std::string WireName(const std::array<std::string_view, N>& names, E value) {
  return std::string(d::EnumName(names, value));
}

json EncodeMember(const d::Member& m) {
  json j = {{"id_number", m.id_number},
            {"name", m.name},
            {"relation", WireName(d::kRelationNames, m.relation)},
            {"monthly_income_fen", m.monthly_income_fen},
            {"employment", WireName(d::kEmploymentNames, m.employment)},
            {"unemployed_months", m.unemployed_months},
            {"disability", nullptr},
            {"self_care", WireName(d::kSelfCareNames, m.self_care)},
            {"serious_illness", m.serious_illness},
            {"chronic_illness", m.chronic_illness},
            {"education_stage", nullptr},
            {"boarding", m.boarding},
            {"new_student", m.new_student},
            {"orphan", m.orphan},
            {"unattended_child", m.unattended_child},
            {"capable_supporter", m.capable_supporter},
            {"union_member", m.union_member},
            {"pregnant", m.pregnant},
            {"insured_resident_medical", m.insured_resident_medical}};
  if (m.disability) {
    j["disability"] = {{"category", WireName(d::kDisabilityCategoryNames, m.disability->category)},
                       {"grade", m.disability->grade}};
  }
  if (m.education_stage)
    j["education_stage"] = WireName(d::kEducationStageNames, *m.education_stage);
  return j;
}

template <typename T>
void Put(json& object, const char* key, const std::optional<T>& value) {
  if (value) object[key] = *value;
}

// The object with its present fields, or nothing when all are absent (empty == absent).
void PutObject(json& household, const char* key, json object) {
  if (!object.empty()) household[key] = std::move(object);
}

}  // namespace

Error HouseholdError(std::vector<FieldError> violations) {
  std::string reason = violations.size() == 1 ? violations.front().code : "invalid_household";
  std::string message = violations.size() == 1
                            ? violations.front().path + ": " + violations.front().detail
                            : "the household breaks " + std::to_string(violations.size()) +
                                  " rules of the household model";
  return Error{ErrorCode::kInvalidArgument, std::move(reason), std::move(message),
               std::move(violations)};
}

std::vector<FieldError> HouseholdViolations(const json& j, std::string_view path_prefix) {
  Decoder decoder(path_prefix);
  (void)decoder.Run(j);
  return std::move(decoder.violations());
}

Result<d::Household> DecodeHousehold(const json& j, std::string_view path_prefix) {
  Decoder decoder(path_prefix);
  auto household = decoder.Run(j);
  if (!household) return HouseholdError(std::move(decoder.violations()));
  return std::move(*household);
}

json EncodeHousehold(const d::Household& h) {
  json j = {{"hukou", WireName(d::kHukouNames, h.hukou)}, {"members", json::array()}};
  if (h.street) j["street"] = *h.street;
  for (const auto& m : h.members) j["members"].push_back(EncodeMember(m));
  json assets = json::object(), expenses = json::object(), housing = json::object(),
       events = json::object();
  Put(assets, "deposits_fen", h.assets.deposits_fen);
  Put(assets, "vehicle_value_fen", h.assets.vehicle_value_fen);
  Put(assets, "homes", h.assets.homes);
  Put(assets, "business", h.assets.business);
  Put(expenses, "medical_fen", h.expenses_12m.medical_fen);
  Put(expenses, "education_fen", h.expenses_12m.education_fen);
  Put(housing, "owns_home", h.housing.owns_home);
  Put(housing, "renting", h.housing.renting);
  Put(housing, "per_capita_area_m2", h.housing.per_capita_area_m2);
  Put(housing, "dangerous_house", h.housing.dangerous_house);
  Put(events, "disaster", h.events.disaster);
  Put(events, "house_collapsed", h.events.house_collapsed);
  Put(events, "sudden_hardship", h.events.sudden_hardship);
  Put(events, "hardship_cost_fen", h.events.hardship_cost_fen);
  PutObject(j, "assets", std::move(assets));
  PutObject(j, "expenses_12m", std::move(expenses));
  PutObject(j, "housing", std::move(housing));
  PutObject(j, "events", std::move(events));
  if (!h.statuses.empty()) {
    json statuses = json::array();
    for (auto s : h.statuses) statuses.push_back(WireName(d::kHouseholdStatusNames, s));
    j["statuses"] = std::move(statuses);
  }
  return j;
}

}  // namespace lianban::services
