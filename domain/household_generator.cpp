#include "domain/household_generator.h"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

#include "domain/household_validation.h"
#include "domain/id_number.h"

namespace lianban::domain {
namespace {

// splitmix64: seeds xoshiro and mixes (seed, index) into independent streams.
std::uint64_t SplitMix(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// xoshiro256** (Blackman and Vigna), with integer-only helpers: no floating point, no <random>
// distributions, whose results differ between standard libraries.
class Rng {
 public:
  Rng(std::uint64_t seed, std::uint64_t index) {
    std::uint64_t mix = seed;
    mix = SplitMix(mix) ^ (index * 0xD1B54A32D192ED03ULL);
    for (auto& word : s_) word = SplitMix(mix);
  }
  std::uint64_t Next() {
    const std::uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }
  // Uniform in [0, n), n > 0, without modulo bias.
  std::uint64_t Below(std::uint64_t n) {
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    std::uint64_t x;
    do x = Next();
    while (x >= limit);
    return x % n;
  }
  // Uniform in [lo, hi].
  std::int64_t Range(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(Below(static_cast<std::uint64_t>(hi - lo) + 1));
  }
  bool PerMille(int p) { return static_cast<int>(Below(1000)) < p; }
  template <typename T, std::size_t N>
  const T& Pick(const std::array<T, N>& items) {
    return items[Below(N)];
  }

 private:
  static std::uint64_t Rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::array<std::uint64_t, 4> s_{};
};

constexpr std::array<std::string_view, 40> kSurnames = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱",
    "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯",
    "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "蒋", "蔡", "余"};
constexpr std::array<std::string_view, 48> kGivenChars = {
    "伟", "芳", "娜", "秀", "英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
    "涛", "明", "超", "兰", "霞", "平", "刚", "桂", "华", "建", "国", "文", "红", "玉", "春", "志",
    "海", "燕", "萍", "林", "梅", "波", "鑫", "宇", "浩", "欣", "怡", "子", "涵", "俊", "琳", "川"};
constexpr std::array<DisabilityCategory, 10> kCategories = {
    DisabilityCategory::kPhysical,     DisabilityCategory::kPhysical, DisabilityCategory::kPhysical,
    DisabilityCategory::kVisual,       DisabilityCategory::kHearing,  DisabilityCategory::kSpeech,
    DisabilityCategory::kIntellectual, DisabilityCategory::kMental,   DisabilityCategory::kMental,
    DisabilityCategory::kMultiple};

// Monthly dibao standards of 2025 (policies.md §2.1): the generator centres incomes on them.
constexpr std::int64_t kUrbanStandard = 77000;
constexpr std::int64_t kRuralStandard = 63000;

enum class Tier { kPoor, kEdge, kModest, kComfortable };

struct Context {
  Rng& rng;
  Date reference;
  Hukou hukou;
  Tier tier;
};

std::string GivenName(Rng& rng) {
  std::string name(rng.Pick(kGivenChars));
  if (rng.PerMille(700)) name += rng.Pick(kGivenChars);
  return name;
}

Date BirthForAge(Rng& rng, Date reference, int age) {
  const std::int64_t days = static_cast<std::int64_t>(age) * 365 + age / 4 + rng.Range(0, 364);
  Date birth = Date::FromDays(reference.ToDays() - days);
  return std::max(birth, kEarliestBirth);
}

std::string MakeIdNumber(Rng& rng, Date birth, bool female) {
  std::string first17 = "500105" + birth.ToString().substr(0, 4) + birth.ToString().substr(5, 2) +
                        birth.ToString().substr(8, 2);
  const std::int64_t sequence = rng.Range(0, 499) * 2 + (female ? 0 : 1);
  const std::string digits = std::to_string(1000 + sequence).substr(1);
  first17 += digits;
  return first17 + ComputeIdCheckCharacter(first17);
}

int AgeAt(Date birth, Date reference) {
  int age = reference.year() - birth.year();
  if (std::pair(reference.month(), reference.day()) < std::pair(birth.month(), birth.day())) --age;
  return age;
}

void SetEducation(Context& c, Member& m, int age) {
  std::optional<EducationStage> stage;
  if (age >= 3 && age <= 5 && c.rng.PerMille(850)) stage = EducationStage::kPreschool;
  if (age >= 6 && age <= 11) stage = EducationStage::kPrimary;
  if (age >= 12 && age <= 14) stage = EducationStage::kJunior;
  if (age >= 15 && age <= 17 && c.rng.PerMille(900)) {
    stage = c.rng.PerMille(650) ? EducationStage::kSenior : EducationStage::kVocational;
  }
  if (age >= 18 && age <= 22 && c.rng.PerMille(450)) stage = EducationStage::kCollege;
  m.education_stage = stage;
  if (!stage) return;
  if (age >= 6) m.employment = Employment::kStudent;
  const bool compulsory = *stage == EducationStage::kPrimary || *stage == EducationStage::kJunior;
  m.boarding = compulsory && c.rng.PerMille(c.hukou == Hukou::kRural ? 300 : 50);
  m.new_student = *stage == EducationStage::kCollege && age == 18 && c.rng.PerMille(700);
}

void SetEmployment(Context& c, Member& m, int age) {
  const int retire = m.female ? 55 : 60;
  if (age < 16 || m.education_stage) return;
  if (age >= retire) {
    m.employment = c.rng.PerMille(600) ? Employment::kRetired : Employment::kNone;
    return;
  }
  const int hardship = c.tier == Tier::kPoor ? 250 : (c.tier == Tier::kEdge ? 120 : 0);
  const int roll = static_cast<int>(c.rng.Below(1000));
  if (roll < 520 - hardship) {
    m.employment = Employment::kEmployed;
    m.union_member = c.rng.PerMille(350);
  } else if (roll < 730 - hardship / 2) {
    m.employment = Employment::kFlexible;
  } else if (roll < 880) {
    m.employment = Employment::kUnemployed;
    m.unemployed_months = c.rng.Range(1, 36);
  }
}

void SetHealth(Context& c, Member& m, int age) {
  const bool elder = age >= 60;
  if (c.rng.PerMille(elder ? 120 : 50)) {
    const int grade = static_cast<int>(c.rng.Range(1, 4));
    m.disability = Disability{c.rng.Pick(kCategories), grade};
    if (grade <= 2 && c.rng.PerMille(500))
      m.self_care = c.rng.PerMille(400) ? SelfCare::kNone : SelfCare::kPartial;
  }
  if (age >= 80 && c.rng.PerMille(350))
    m.self_care = c.rng.PerMille(300) ? SelfCare::kNone : SelfCare::kPartial;
  m.serious_illness = c.rng.PerMille(elder ? 60 : 25);
  m.chronic_illness = c.rng.PerMille(elder ? 250 : 60);
  m.insured_resident_medical = c.rng.PerMille(950);
  m.pregnant = m.female && age >= 20 && age <= 40 && c.rng.PerMille(40);
}

Member MakePerson(Context& c, Relation relation, int age, bool female, std::string surname) {
  Member m;
  m.relation = relation;
  m.female = female;
  m.birth = BirthForAge(c.rng, c.reference, age);
  m.id_number = MakeIdNumber(c.rng, m.birth, female);
  m.name = std::move(surname) + GivenName(c.rng);
  const int real_age = AgeAt(m.birth, c.reference);
  SetEducation(c, m, real_age);
  SetEmployment(c, m, real_age);
  SetHealth(c, m, real_age);
  return m;
}

std::string Surname(Rng& rng) { return std::string(rng.Pick(kSurnames)); }

void AddChildren(Context& c, Household& h, int parent_age, const std::string& surname, int max) {
  const int n = static_cast<int>(c.rng.Range(1, max));
  for (int i = 0; i < n; ++i) {
    const int age = static_cast<int>(c.rng.Range(0, std::min(24, parent_age - 20)));
    const bool female = c.rng.PerMille(490);
    h.members.push_back(MakePerson(c, Relation::kChild, age, female, surname));
  }
}

// Family shapes with their weights in per mille (they sum to 1000).
void AddMembers(Context& c, Household& h) {
  const int roll = static_cast<int>(c.rng.Below(1000));
  const bool self_female = c.rng.PerMille(500);
  const std::string surname = Surname(c.rng);
  auto self = [&](int lo, int hi) {
    const int age = static_cast<int>(c.rng.Range(lo, hi));
    h.members.push_back(MakePerson(c, Relation::kSelf, age, self_female, surname));
    return age;
  };
  auto spouse = [&](int age) {
    const int a = std::clamp(age + static_cast<int>(c.rng.Range(-5, 5)), 20, 100);
    std::string name = Surname(c.rng);
    h.members.push_back(MakePerson(c, Relation::kSpouse, a, !self_female, std::move(name)));
  };
  if (roll < 140) {  // a single adult
    self(18, 59);
  } else if (roll < 260) {  // an elder living alone
    self(60, 98);
    h.members.back().capable_supporter = c.rng.PerMille(600);
  } else if (roll < 360) {  // a couple
    spouse(self(22, 59));
  } else if (roll < 610) {  // a couple with children
    const int age = self(25, 52);
    spouse(age);
    AddChildren(c, h, age, surname, 3);
  } else if (roll < 690) {  // a single parent
    AddChildren(c, h, self(22, 52), surname, 2);
  } else if (roll < 800) {  // an elder couple
    spouse(self(60, 92));
  } else if (roll < 930) {  // three generations
    const int age = self(28, 50);
    spouse(age);
    AddChildren(c, h, age, surname, 2);
    // One parent of either sex, or both: the father shares the applicant's surname.
    const int parents = static_cast<int>(c.rng.Range(1, 2));
    for (int i = 0; i < parents; ++i) {
      const int a = std::min(100, age + static_cast<int>(c.rng.Range(22, 35)));
      const bool female = parents == 2 ? i == 1 : c.rng.PerMille(500);
      std::string name = female ? Surname(c.rng) : surname;
      h.members.push_back(MakePerson(c, Relation::kParent, a, female, std::move(name)));
    }
  } else if (roll < 970) {  // grandparents raising grandchildren
    const int age = self(55, 80);
    if (c.rng.PerMille(600)) spouse(age);
    const int n = static_cast<int>(c.rng.Range(1, 2));
    for (int i = 0; i < n; ++i) {
      // One draw per statement: the order of evaluation of arguments is unspecified.
      const int g_age = static_cast<int>(c.rng.Range(2, 16));
      const bool g_female = c.rng.PerMille(490);
      Member g = MakePerson(c, Relation::kGrandchild, g_age, g_female, surname);
      g.orphan = c.rng.PerMille(200);
      g.unattended_child = !g.orphan && c.rng.PerMille(150);
      g.capable_supporter = !(g.orphan || g.unattended_child);
      h.members.push_back(std::move(g));
    }
  } else {  // an adult caring for a sibling
    const int age = self(20, 60);
    const int sib_age = std::clamp(age + static_cast<int>(c.rng.Range(-8, 8)), 16, 75);
    const bool sib_female = c.rng.PerMille(500);
    Member sib = MakePerson(c, Relation::kSibling, sib_age, sib_female, surname);
    if (!sib.disability) sib.disability = Disability{DisabilityCategory::kIntellectual, 2};
    h.members.push_back(std::move(sib));
  }
}

// Keeps ID numbers unique inside the household (twins can share a birth date).
void MakeIdsUnique(Rng& rng, Household& h) {
  for (std::size_t i = 1; i < h.members.size(); ++i) {
    auto same = [&](const Member& other) { return other.id_number == h.members[i].id_number; };
    while (
        std::any_of(h.members.begin(), h.members.begin() + static_cast<std::ptrdiff_t>(i), same)) {
      h.members[i].id_number = MakeIdNumber(rng, h.members[i].birth, h.members[i].female);
    }
  }
}

bool Earns(const Member& m) {
  return m.employment == Employment::kEmployed || m.employment == Employment::kFlexible ||
         m.employment == Employment::kRetired;
}

std::int64_t TargetPerCapita(Context& c) {
  const std::int64_t line = c.hukou == Hukou::kUrban ? kUrbanStandard : kRuralStandard;
  switch (c.tier) {
    case Tier::kPoor:
      return c.rng.Range(0, line - 1);
    case Tier::kEdge:
      return c.rng.Range(line, line * 3 / 2);
    case Tier::kModest:
      return c.rng.Range(line * 3 / 2, line * 3);
    case Tier::kComfortable:
      return c.rng.Range(line * 3, line * 10);
  }
  return 0;
}

// Shares the household's monthly income among its earners, in whole yuan.
void SetIncomes(Context& c, Household& h) {
  std::int64_t total = TargetPerCapita(c) * static_cast<std::int64_t>(h.members.size());
  std::vector<Member*> earners;
  for (auto& m : h.members)
    if (Earns(m)) earners.push_back(&m);
  if (earners.empty()) {
    if (c.tier == Tier::kPoor) return;  // no earner, no income
    // Someone must bring the money home: the applicant works flexibly or draws a pension.
    Member& self = h.members.front();
    const bool elder = AgeAt(self.birth, c.reference) >= (self.female ? 55 : 60);
    self.employment = elder ? Employment::kRetired : Employment::kFlexible;
    self.unemployed_months = 0;
    self.education_stage.reset();
    self.boarding = self.new_student = false;
    earners.push_back(&self);
  }
  for (std::size_t i = 0; i < earners.size(); ++i) {
    const bool last = i + 1 == earners.size();
    const std::int64_t share = last ? total : total * c.rng.Range(30, 70) / 100;
    earners[i]->monthly_income_fen = share / 100 * 100;
    total -= share;
  }
}

std::int64_t DepositCap(Tier tier) {
  switch (tier) {
    case Tier::kPoor:
      return 2'000'000;
    case Tier::kEdge:
      return 6'000'000;
    case Tier::kModest:
      return 30'000'000;
    case Tier::kComfortable:
      return 150'000'000;
  }
  return 0;
}

void SetAssets(Context& c, Household& h) {
  if (!c.rng.PerMille(750)) return;
  Assets& a = h.assets;
  if (c.rng.PerMille(920)) a.deposits_fen = c.rng.Range(0, DepositCap(c.tier)) / 100 * 100;
  if (c.rng.PerMille(900)) {
    const bool car =
        c.rng.PerMille(c.tier == Tier::kPoor ? 50 : (c.tier == Tier::kComfortable ? 600 : 250));
    a.vehicle_value_fen = car ? c.rng.Range(20'000, 300'000) * 100 : 0;
  }
  if (c.rng.PerMille(900))
    a.homes = c.rng.PerMille(c.tier == Tier::kComfortable ? 900 : 550) ? c.rng.Range(1, 2) : 0;
  if (c.rng.PerMille(850)) a.business = c.rng.PerMille(c.tier == Tier::kComfortable ? 150 : 30);
}

void SetExpenses(Context& c, Household& h) {
  if (!c.rng.PerMille(550)) return;
  std::int64_t medical = 0, education = 0;
  for (const auto& m : h.members) {
    if (m.serious_illness) medical += c.rng.Range(20'000, 300'000) * 100;
    if (m.chronic_illness) medical += c.rng.Range(1'000, 20'000) * 100;
    if (m.education_stage) education += c.rng.Range(500, 12'000) * 100;
  }
  if (c.rng.PerMille(950)) h.expenses_12m.medical_fen = medical;
  if (c.rng.PerMille(900)) h.expenses_12m.education_fen = education;
}

void SetHousing(Context& c, Household& h) {
  if (!c.rng.PerMille(650)) return;
  Housing& o = h.housing;
  const bool owns = h.assets.homes ? *h.assets.homes > 0 : c.rng.PerMille(600);
  o.owns_home = owns;
  if (c.rng.PerMille(900)) o.renting = !owns && c.rng.PerMille(750);
  if (c.rng.PerMille(850)) o.per_capita_area_m2 = static_cast<double>(c.rng.Range(50, 600)) / 10.0;
  if (c.hukou == Hukou::kRural && c.rng.PerMille(800))
    o.dangerous_house = owns && c.rng.PerMille(70);
}

void SetEvents(Context& c, Household& h) {
  if (!c.rng.PerMille(300)) return;
  Events& e = h.events;
  const bool disaster = c.rng.PerMille(150);
  if (c.rng.PerMille(900)) e.disaster = disaster;
  if (c.rng.PerMille(900)) e.house_collapsed = disaster && c.rng.PerMille(250);
  const bool sudden = c.rng.PerMille(300);
  if (c.rng.PerMille(900)) e.sudden_hardship = sudden;
  if (c.rng.PerMille(850)) e.hardship_cost_fen = sudden ? c.rng.Range(5'000, 100'000) * 100 : 0;
}

void SetStatuses(Context& c, Household& h) {
  auto add = [&](HouseholdStatus s, int per_mille) {
    if (c.rng.PerMille(per_mille)) h.statuses.push_back(s);
  };
  if (c.tier == Tier::kPoor) {
    add(HouseholdStatus::kDibao, 350);
    if (h.members.size() == 1 && AgeAt(h.members[0].birth, c.reference) >= 60)
      add(HouseholdStatus::kTekun, 150);
  }
  if (c.tier == Tier::kEdge) add(HouseholdStatus::kDibaoEdge, 200);
  add(HouseholdStatus::kRigidExpense, 20);
  add(HouseholdStatus::kPovertyRelapseWatch, c.hukou == Hukou::kRural ? 40 : 10);
  const bool union_member = std::any_of(h.members.begin(), h.members.end(),
                                        [](const Member& m) { return m.union_member; });
  if (union_member && c.tier != Tier::kComfortable) add(HouseholdStatus::kDifficultWorker, 80);
}

Tier PickTier(Rng& rng) {
  const auto roll = rng.Below(1000);
  if (roll < 250) return Tier::kPoor;
  if (roll < 450) return Tier::kEdge;
  if (roll < 750) return Tier::kModest;
  return Tier::kComfortable;
}

}  // namespace

Household GenerateHousehold(std::uint64_t seed, std::uint64_t index, Date reference) {
  Rng rng(seed, index);
  Household h;
  if (rng.PerMille(960)) h.street = std::string(rng.Pick(kStreetCodes));
  const bool town = h.street && (*h.street == "FS" || *h.street == "YZ" || *h.street == "WB");
  h.hukou = rng.PerMille(town ? 700 : 150) ? Hukou::kRural : Hukou::kUrban;
  Context c{rng, reference, h.hukou, PickTier(rng)};
  AddMembers(c, h);
  MakeIdsUnique(rng, h);
  SetIncomes(c, h);
  SetAssets(c, h);
  SetExpenses(c, h);
  SetHousing(c, h);
  SetEvents(c, h);
  SetStatuses(c, h);
  return h;
}

std::vector<Household> GenerateHouseholds(std::size_t count, std::uint64_t seed, Date reference) {
  std::vector<Household> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) out.push_back(GenerateHousehold(seed, i, reference));
  return out;
}

}  // namespace lianban::domain
