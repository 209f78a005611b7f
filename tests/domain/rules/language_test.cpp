// The rules language on its own: parsing, precedence, quantifier scope, three-valued logic,
// exact arithmetic, flooring in amounts, parameter resolution and error messages.
#include <gtest/gtest.h>

#include "domain/household.h"
#include "domain/rules/compiler.h"
#include "domain/rules/evaluator.h"
#include "domain/rules/parser.h"

namespace lianban::domain::rules {
namespace {

Member MakeMember(Date birth, bool female, bool orphan = false) {
  Member m;
  m.id_number = "500105200001010011";
  m.name = "x";
  m.relation = Relation::kSelf;
  m.birth = birth;
  m.female = female;
  m.orphan = orphan;
  return m;
}

class LanguageTest : public ::testing::Test {
 protected:
  LanguageTest() {
    program_.parameter_ids = {"std", "ratio"};
    program_.tables = {{Date(2023, 9, 1), {Value::Int(77000), Value::Ratio(3, 2)}},
                       {Date(2024, 7, 1), {Value::Int(78000), Value::Ratio(3, 2)}}};
    program_.department_ids = {"MZ"};
    household_.members = {MakeMember(Date(1950, 1, 5), true, true),
                          MakeMember(Date(2000, 6, 1), false, false)};
    household_.members[0].monthly_income_fen = 100;
    household_.members[1].monthly_income_fen = 201;
  }

  Result<Formula> Compile(std::string_view text, Scope scope = {}) {
    Compiler compiler(&program_, {"MZ-01"}, {0});
    return compiler.Compile(text, scope);
  }

  static Scope Any() {
    Scope s;
    s.want = Scope::Want::kAny;
    return s;
  }

  Value Eval(std::string_view text, Scope scope = Any(), Date as_of = Date(2025, 9, 1)) {
    auto f = Compile(text, scope);
    EXPECT_TRUE(f.ok()) << text << ": " << (f.ok() ? "" : f.error().message);
    if (!f.ok()) return Value::Unknown();
    Scratch scratch;
    PolicyFacts facts[1];
    Evaluator ev(program_, household_, as_of, *program_.ParametersAt(as_of), facts, &scratch);
    return scope.amount ? ev.EvalAmount(f->root, 3) : ev.Eval(f->root);
  }

  Truth TruthOf(std::string_view text) { return Eval(text).truth(); }

  Program program_;
  Household household_;
};

constexpr auto T = Truth::kTrue;
constexpr auto F = Truth::kFalse;
constexpr auto U = Truth::kUnknown;

TEST_F(LanguageTest, NotAppliesToTheFollowingTermOnly) {
  EXPECT_EQ(TruthOf("¬ false ∧ false"), F);  // (¬false) ∧ false
  EXPECT_EQ(TruthOf("not false and false"), F);
  EXPECT_EQ(TruthOf("¬ 1 = 2"), T);          // comparisons bind tighter than ¬
}

TEST_F(LanguageTest, AndBindsTighterThanOr) {
  EXPECT_EQ(TruthOf("true ∨ false ∧ false"), T);
  EXPECT_EQ(TruthOf("(true ∨ false) ∧ false"), F);
}

TEST_F(LanguageTest, ArithmeticBindsTighterThanComparison) {
  EXPECT_EQ(TruthOf("1 + 2 × 3 = 7"), T);
  EXPECT_EQ(TruthOf("10 − 2 − 3 = 5"), T);  // left associative
  EXPECT_EQ(TruthOf("1 + 2 * 3 >= 7 && 2 - 1 <= 1"), T);
}

TEST_F(LanguageTest, QuantifierBodyExtendsToTheEnd) {
  auto tree = ParseFormula("a ∨ ∃ m: b ∨ c");
  ASSERT_TRUE(tree.ok());
  const Syntax& root = **tree;
  ASSERT_EQ(root.kind, SyntaxKind::kBinary);
  EXPECT_EQ(root.text, "or");
  const Syntax& q = *root.kids[1];
  ASSERT_EQ(q.kind, SyntaxKind::kQuantifier);
  EXPECT_EQ(q.kids[0]->kind, SyntaxKind::kBinary);
  EXPECT_EQ(q.kids[0]->text, "or");
}

TEST_F(LanguageTest, QuantifierBodyStopsAtTheClosingParenthesis) {
  auto tree = ParseFormula("(∃ m: b) ∧ c");
  ASSERT_TRUE(tree.ok());
  EXPECT_EQ((*tree)->text, "and");
  EXPECT_EQ((*tree)->kids[0]->kind, SyntaxKind::kQuantifier);
}

TEST_F(LanguageTest, QuantifiersRangeOverMembers) {
  EXPECT_EQ(TruthOf("∃ m: m.orphan"), T);
  EXPECT_EQ(TruthOf("∀ m: m.orphan"), F);
  EXPECT_EQ(TruthOf("∀ m: m.orphan ∨ ¬m.orphan"), T);
  EXPECT_EQ(TruthOf("exists m: female(m) and age(m) >= 75"), T);
}

TEST_F(LanguageTest, KleeneTablesWithAnAbsentField) {
  EXPECT_EQ(TruthOf("events.disaster"), U);
  EXPECT_EQ(TruthOf("events.disaster ∧ false"), F);
  EXPECT_EQ(TruthOf("events.disaster ∧ true"), U);
  EXPECT_EQ(TruthOf("events.disaster ∨ true"), T);
  EXPECT_EQ(TruthOf("events.disaster ∨ false"), U);
  EXPECT_EQ(TruthOf("¬events.disaster"), U);
  EXPECT_EQ(TruthOf("assets.deposits_fen + 1 > 0"), U);
  EXPECT_EQ(TruthOf("min(assets.homes, 3) ≤ 3"), U);
}

TEST_F(LanguageTest, RatiosAreComparedExactly) {
  // std is 78000 at 2025-09-01, so std × ratio = 117000.
  EXPECT_EQ(TruthOf("234001 / 2 > std × ratio"), T);  // 117000.5 > 117000
  EXPECT_EQ(TruthOf("234000 / 2 < std × ratio"), F);
  EXPECT_EQ(TruthOf("1 / 3 × 3 = 1"), T);
  Value v = Eval("std × ratio + 1 / 2");
  EXPECT_EQ(v.num, 234001);
  EXPECT_EQ(v.den, 2);
}

TEST_F(LanguageTest, AmountsFloorEachRatioProductWhereWritten) {
  Scope amount;
  amount.amount = true;
  amount.beneficiaries = true;
  amount.want = Scope::Want::kNumber;
  EXPECT_EQ(Eval("1001 × ratio", amount).num, 1501);
  EXPECT_EQ(Eval("1001 × ratio + 1001 × ratio", amount).num, 3002);
  EXPECT_EQ(Eval("Σ_{m∈B} (m.monthly_income_fen × ratio)", amount).num, 150 + 301);
  EXPECT_EQ(TruthOf("1001 × ratio > 1501"), T);  // criteria are exact
  EXPECT_EQ(TruthOf("⌊301 / 2⌋ = 150"), T);
}

TEST_F(LanguageTest, ParametersChangeOnTheirEffectiveDay) {
  EXPECT_EQ(Eval("std", Any(), Date(2024, 6, 30)).num, 77000);
  EXPECT_EQ(Eval("std", Any(), Date(2024, 7, 1)).num, 78000);
  EXPECT_EQ(program_.ParametersAt(Date(2023, 8, 31)), nullptr);
}

TEST_F(LanguageTest, NullFieldsCompareFalse) {
  EXPECT_EQ(TruthOf("∃ m: m.disability.grade ≤ 2"), F);
  EXPECT_EQ(TruthOf("∃ m: m.disability.category ∈ {mental, physical}"), F);
  EXPECT_EQ(TruthOf("∀ m: m.disability = null"), T);
  EXPECT_EQ(TruthOf("∀ m: m.education_stage ≠ null"), F);
}

TEST_F(LanguageTest, ChainedComparisonsAndConditionals) {
  EXPECT_EQ(TruthOf("∃ m: 16 ≤ age(m) < 60"), T);
  EXPECT_EQ(TruthOf("∀ m: 16 ≤ age(m) < 60"), F);
  Scope amount;
  amount.amount = true;
  amount.beneficiaries = true;
  amount.want = Scope::Want::kNumber;
  EXPECT_EQ(Eval("Σ_{m∈B} (100 if age(m) ≥ 70; 10 if age(m) ≥ 20, else 1)", amount).num, 110);
  EXPECT_EQ(Eval("5 if false", amount).num, 0);
}

TEST_F(LanguageTest, SymbolsAreCheckedAgainstTheirDomain) {
  EXPECT_EQ(TruthOf("hukou = urban"), T);
  EXPECT_EQ(TruthOf("\"dibao\" ∈ statuses"), F);
  EXPECT_EQ(TruthOf("∃ m: m.employment ∉ {employed, retired}"), T);
  auto bad = Compile("hukou = suburban");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().reason, "unknown_symbol");
  EXPECT_NE(bad.error().message.find("suburban"), std::string::npos);
}

TEST_F(LanguageTest, ParseErrorsNameThePosition) {
  auto r = Compile("size ≥ (1");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().reason, "formula_syntax");
  EXPECT_EQ(r.error().message, "at 11: expected ')' but found the end of the formula");
  auto op = Compile("size ≫ 1");
  ASSERT_FALSE(op.ok());
  EXPECT_EQ(op.error().message, "at 5: unknown operator or character '≫'");
  auto trailing = Compile("size = 1 1");
  ASSERT_FALSE(trailing.ok());
  EXPECT_NE(trailing.error().message.find("at 9"), std::string::npos);
}

TEST_F(LanguageTest, NamesAndTypesAreChecked) {
  auto unknown = Compile("sizee > 1");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().reason, "unknown_symbol");
  auto field = Compile("assets.cars > 1");
  ASSERT_FALSE(field.ok());
  EXPECT_EQ(field.error().reason, "unknown_symbol");
  auto type = Compile("hukou + 1 > 0");
  ASSERT_FALSE(type.ok());
  EXPECT_EQ(type.error().reason, "type_error");
  auto unbound = Compile("m.orphan");
  ASSERT_FALSE(unbound.ok());
  auto policy = Compile("status(XX-99) = eligible");
  ASSERT_FALSE(policy.ok());
  EXPECT_EQ(policy.error().reason, "unknown_symbol");
}

TEST_F(LanguageTest, StaticReadsCollectFieldsAndParameters) {
  auto f = Compile("housing.owns_home = false ∨ housing.per_capita_area_m2 < std");
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->reads.fields, (1u << static_cast<int>(OptionalField::kHousingOwnsHome)) |
                                 (1u << static_cast<int>(OptionalField::kHousingPerCapitaAreaM2)));
  EXPECT_TRUE(f->reads.parameters[0]);
  EXPECT_FALSE(f->reads.parameters[1]);
}

TEST(AgeAtTest, TwentyNinthOfFebruaryBirthdayIsReachedOnFirstOfMarchInCommonYears) {
  EXPECT_EQ(AgeAt(Date(2008, 2, 29), Date(2025, 2, 28)), 16);
  EXPECT_EQ(AgeAt(Date(2008, 2, 29), Date(2025, 3, 1)), 17);
  EXPECT_EQ(AgeAt(Date(2008, 2, 29), Date(2024, 2, 29)), 16);
  EXPECT_EQ(AgeAt(Date(2008, 2, 29), Date(2024, 2, 28)), 15);
}

TEST(ValueTest, RatiosAreNormalised) {
  Value v = Value::Ratio(6, -4);
  EXPECT_EQ(v.num, -3);
  EXPECT_EQ(v.den, 2);
  EXPECT_EQ(Floor(v).num, -2);
  EXPECT_EQ(CompareValues(CompareOp::kEq, Value::Ratio(2, 4), Value::Ratio(1, 2)), Truth::kTrue);
}

}  // namespace
}  // namespace lianban::domain::rules
