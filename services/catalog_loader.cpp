#include "services/catalog_loader.h"

#include <array>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <utility>

#include <nlohmann/json.hpp>
#include <sodium.h>

namespace lianban::services {
namespace {

using nlohmann::json;

// Parsing errors carry their own context; the entry reader throws this and the file reader
// turns it into an Error naming file and entry.
struct SeedError {
  std::string entry;
  std::string message;
};

Error CatalogError(const std::string& file, const std::string& entry, const std::string& what) {
  return Error::Make(ErrorCode::kInternal, "invalid_catalog", file + ": " + entry + ": " + what);
}

class EntryReader {
 public:
  EntryReader(const json& j, std::string entry) : j_(j), entry_(std::move(entry)) {
    if (!j.is_object()) throw SeedError{entry_, "expected an object"};
    if (j.contains("id") && j["id"].is_string()) entry_ = j["id"].get<std::string>();
  }

  void AllowOnly(std::initializer_list<std::string_view> keys) const {
    for (const auto& [k, v] : j_.items()) {
      bool ok = false;
      for (auto a : keys) ok = ok || a == k;
      if (!ok) throw SeedError{entry_, "unknown field '" + k + "'"};
    }
  }

  std::string Str(const char* key, bool required = true) const {
    if (!j_.contains(key)) {
      if (required) throw SeedError{entry_, std::string("missing field '") + key + "'"};
      return {};
    }
    if (!j_[key].is_string()) throw SeedError{entry_, std::string("'") + key + "' must be a string"};
    return j_[key].get<std::string>();
  }

  bool Bool(const char* key) const {
    if (!j_.contains(key)) return false;
    if (!j_[key].is_boolean()) throw SeedError{entry_, std::string("'") + key + "' must be true or false"};
    return j_[key].get<bool>();
  }

  const json& Array(const char* key, bool required = true) const {
    static const json kEmpty = json::array();
    if (!j_.contains(key)) {
      if (required) throw SeedError{entry_, std::string("missing field '") + key + "'"};
      return kEmpty;
    }
    if (!j_[key].is_array()) throw SeedError{entry_, std::string("'") + key + "' must be an array"};
    return j_[key];
  }

  std::vector<std::string> Strings(const char* key) const {
    std::vector<std::string> out;
    for (const auto& s : Array(key, false)) {
      if (!s.is_string()) throw SeedError{entry_, std::string("'") + key + "' must list strings"};
      out.push_back(s.get<std::string>());
    }
    return out;
  }

  const std::string& entry() const { return entry_; }

 private:
  const json& j_;
  std::string entry_;
};

domain::DepartmentSpec ReadDepartment(const json& j) {
  EntryReader r(j, "department");
  r.AllowOnly({"id", "name_zh", "name_en"});
  return {r.Str("id"), r.Str("name_zh"), r.Str("name_en")};
}

domain::StreetSpec ReadStreet(const json& j) {
  EntryReader r(j, "street");
  r.AllowOnly({"id", "name_zh", "name_en", "type"});
  return {r.Str("id"), r.Str("name_zh"), r.Str("name_en"), r.Str("type")};
}

domain::ParameterSpec ReadParameter(const json& j) {
  EntryReader r(j, "parameter");
  r.AllowOnly({"id", "unit", "type", "values", "source"});
  domain::ParameterSpec p{r.Str("id"), r.Str("unit"), r.Str("type"), {}, r.Str("source", false)};
  for (const auto& v : r.Array("values")) {
    EntryReader vr(v, r.entry());
    vr.AllowOnly({"from", "value"});
    auto date = domain::Date::Parse(vr.Str("from"));
    if (!date) throw SeedError{r.entry(), "invalid date '" + vr.Str("from") + "'"};
    std::string value;
    if (v.contains("value") && v["value"].is_number_integer()) {
      value = std::to_string(v["value"].get<std::int64_t>());
    } else {
      value = vr.Str("value");
    }
    p.values.push_back({*date, value});
  }
  return p;
}

domain::DefinitionSpec ReadDefinition(const json& j) {
  EntryReader r(j, "definition");
  r.AllowOnly({"id", "param", "formula", "recognition", "after", "description"});
  return {r.Str("id"), r.Str("param", false), r.Str("formula"), r.Bool("recognition"),
          r.Str("after", false), r.Str("description", false)};
}

domain::PolicySpec ReadPolicy(const json& j) {
  EntryReader r(j, "policy");
  r.AllowOnly({"id", "name_zh", "name_en", "department", "kind", "unit", "defines", "reads",
               "criteria", "amount", "amount_note", "grants", "note", "source"});
  domain::PolicySpec p;
  p.id = r.Str("id");
  p.name_zh = r.Str("name_zh");
  p.name_en = r.Str("name_en");
  p.department = r.Str("department");
  p.kind = r.Str("kind");
  p.unit = r.Str("unit");
  p.defines = r.Str("defines", false);
  p.reads = r.Strings("reads");
  for (const auto& c : r.Array("criteria")) {
    EntryReader cr(c, p.id + " criterion");
    cr.AllowOnly({"id", "formula", "member"});
    p.criteria.push_back({cr.Str("id"), cr.Str("formula"), cr.Bool("member")});
  }
  p.amount = r.Str("amount", false);
  p.amount_note = r.Str("amount_note", false);
  p.grants = r.Str("grants", false);
  p.note = r.Str("note", false);
  p.source = r.Str("source", false);
  return p;
}

domain::ServiceItemSpec ReadItem(const json& j) {
  EntryReader r(j, "service item");
  r.AllowOnly({"id", "name_zh", "name_en", "group", "lead", "trigger", "member"});
  return {r.Str("id"), r.Str("name_zh"), r.Str("name_en"), r.Str("group"), r.Str("lead"),
          r.Str("trigger"), r.Bool("member")};
}

Result<std::string> ReadText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Error::Make(ErrorCode::kInternal, "invalid_catalog",
                       path.string() + ": cannot be read");
  }
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Parses `text` as {"<key>": [entries]} and reads each entry.
template <typename T, typename F>
Status ReadEntries(const std::string& file, const std::string& text, const char* key, F read,
                   std::vector<T>* out) {
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded()) return CatalogError(file, "file", "malformed JSON");
  if (!doc.is_object() || doc.size() != 1 || !doc.contains(key) || !doc[key].is_array()) {
    return CatalogError(file, "file", std::string("expected {\"") + key + "\": [...]}");
  }
  std::size_t index = 0;
  for (const auto& entry : doc[key]) {
    try {
      out->push_back(read(entry));
    } catch (const SeedError& e) {
      return CatalogError(file, e.entry + " (entry " + std::to_string(index) + ")", e.message);
    }
    ++index;
  }
  return OkStatus();
}

std::string Hex(const unsigned char* bytes, std::size_t n) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    out += kDigits[bytes[i] >> 4];
    out += kDigits[bytes[i] & 15];
  }
  return out;
}

}  // namespace

std::filesystem::path CatalogDirUnder(const std::filesystem::path& root) {
  return root / "seeds" / "catalog";
}

Result<domain::CatalogSpec> ReadCatalogSpec(const std::filesystem::path& dir) {
  domain::CatalogSpec spec;
  const std::array<std::pair<const char*, std::string*>, 6> files = {{
      {"departments.json", &spec.departments_file},
      {"streets.json", &spec.streets_file},
      {"parameters.json", &spec.parameters_file},
      {"definitions.json", &spec.definitions_file},
      {"policies.json", &spec.policies_file},
      {"service_items.json", &spec.service_items_file},
  }};
  if (sodium_init() < 0) return Error::Make(ErrorCode::kInternal, "sodium_init", "libsodium failed");
  crypto_generichash_state hash;
  crypto_generichash_init(&hash, nullptr, 0, crypto_generichash_BYTES);
  std::array<std::string, 6> texts;
  for (std::size_t i = 0; i < files.size(); ++i) {
    *files[i].second = "seeds/catalog/" + std::string(files[i].first);
    auto text = ReadText(dir / files[i].first);
    if (!text.ok()) return std::move(text).take_error();
    texts[i] = std::move(text).value();
    std::string name = std::string(files[i].first) + '\0' + std::to_string(texts[i].size()) + '\0';
    crypto_generichash_update(&hash, reinterpret_cast<const unsigned char*>(name.data()), name.size());
    crypto_generichash_update(&hash, reinterpret_cast<const unsigned char*>(texts[i].data()),
                              texts[i].size());
  }
  std::array<unsigned char, crypto_generichash_BYTES> digest{};
  crypto_generichash_final(&hash, digest.data(), digest.size());
  spec.version = Hex(digest.data(), digest.size());

  Status s = ReadEntries(spec.departments_file, texts[0], "departments", ReadDepartment, &spec.departments);
  if (s.ok()) s = ReadEntries(spec.streets_file, texts[1], "streets", ReadStreet, &spec.streets);
  if (s.ok()) s = ReadEntries(spec.parameters_file, texts[2], "parameters", ReadParameter, &spec.parameters);
  if (s.ok()) s = ReadEntries(spec.definitions_file, texts[3], "definitions", ReadDefinition, &spec.definitions);
  if (s.ok()) s = ReadEntries(spec.policies_file, texts[4], "policies", ReadPolicy, &spec.policies);
  if (s.ok()) s = ReadEntries(spec.service_items_file, texts[5], "service_items", ReadItem, &spec.service_items);
  if (!s.ok()) return std::move(s).take_error();
  return spec;
}

Result<std::shared_ptr<const domain::CompiledCatalog>> LoadCatalog(const std::filesystem::path& dir) {
  auto spec = ReadCatalogSpec(dir);
  if (!spec.ok()) return std::move(spec).take_error();
  return domain::CompileCatalog(std::move(spec).value());
}

}  // namespace lianban::services
