// The consortium report over a small, hand-computed history: every figure of every group.
#include "domain/report.h"

#include <gtest/gtest.h>

namespace lianban::domain {
namespace {

constexpr std::int64_t kStart = 1'000'000;
constexpr std::int64_t kEnd = 2'000'000;

ReportDecision Decision(std::string policy, std::string dept, bool approved, std::int64_t at,
                        std::int64_t due, std::int64_t monthly, std::int64_t once,
                        std::vector<int> members) {
  return {std::move(policy), std::move(dept), approved, at, due, monthly, once, 0, std::move(members)};
}

ReportHistory History() {
  ReportHistory h;
  // Matter 1: opened and decided in the period; RS decided after its deadline.
  h.matters.push_back(
      {1,
       10,
       "GYQ",
       1'000'100,
       1'500'000,
       true,
       {{"MZ", {"MZ-01", "MZ-02"}, 1'400'000, true}, {"RS", {"RS-01"}, 1'300'000, true}},
       {Decision("MZ-01", "MZ", true, 1'200'100, 1'400'000, 125000, 0, {0, 1}),
        Decision("MZ-02", "MZ", false, 1'200'100, 1'400'000, 0, 0, {}),
        Decision("RS-01", "RS", true, 1'350'100, 1'300'000, 0, 50000, {0})}});
  // Matter 2: opened, still open.
  h.matters.push_back(
      {2, 20, "GYQ", 1'100'000, 1'600'000, false, {{"MZ", {"MZ-01"}, 1'600'000, false}}, {}});
  // Matter 3: opened before the period, decided in it, late.
  h.matters.push_back({3,
                       30,
                       "HXJ",
                       900'000,
                       1'000'500,
                       true,
                       {{"MZ", {"MZ-01"}, 1'000'500, true}},
                       {Decision("MZ-01", "MZ", true, 1'000'600, 1'000'500, 80000, 0, {2})}});
  // Matter 4: opened in the period, decided after it.
  h.matters.push_back({4,
                       40,
                       "HXJ",
                       1'900'000,
                       2'200'000,
                       true,
                       {{"MZ", {"MZ-01"}, 2'200'000, true}},
                       {Decision("MZ-01", "MZ", true, 2'100'000, 2'200'000, 99999, 0, {0})}});
  // Matter 5: the household of matter 1 again.
  h.matters.push_back({5,
                       10,
                       "GYQ",
                       1'500'000,
                       1'800'000,
                       true,
                       {{"RS", {"RS-01"}, 1'800'000, true}},
                       {Decision("RS-01", "RS", true, 1'700'000, 1'800'000, 0, 30000, {0, 1})}});
  h.screenings = {{"GYQ", 1'050'000}, {"HXJ", 999'999}, {"HXJ", 1'999'999}, {"GYQ", 2'000'000}};
  h.unstored_screenings = 4;
  h.amounts_known = true;
  return h;
}

struct Expected {
  std::int64_t opened, decided, decisions, approved;
  std::optional<std::int64_t> median, p90;
  Rate on_time;
  std::int64_t monthly, once, persons, person_times;
  std::optional<std::int64_t> screenings;
};

void ExpectFigures(const ReportFigures& f, const Expected& e, const std::string& what) {
  SCOPED_TRACE(what);
  EXPECT_EQ(f.opened, e.opened);
  EXPECT_EQ(f.decided, e.decided);
  EXPECT_EQ(f.decisions, e.decisions);
  EXPECT_EQ(f.approved, e.approved);
  EXPECT_EQ(f.median_handling_seconds, e.median);
  EXPECT_EQ(f.p90_handling_seconds, e.p90);
  EXPECT_EQ(f.on_time, e.on_time);
  EXPECT_EQ(f.monthly_fen, e.monthly);
  EXPECT_EQ(f.once_fen, e.once);
  EXPECT_EQ(f.persons, e.persons);
  EXPECT_EQ(f.person_times, e.person_times);
  EXPECT_EQ(f.screenings, e.screenings);
}

std::vector<std::string> Keys(const std::vector<ReportGroup>& groups) {
  std::vector<std::string> keys;
  for (const auto& g : groups) keys.push_back(g.key);
  return keys;
}

TEST(ConsortiumReportTest, TotalsCountMattersDecisionsAmountsAndScreenings) {
  const ConsortiumReport r = ComputeConsortiumReport(History(), kStart, kEnd);
  EXPECT_EQ(r.start, kStart);
  EXPECT_EQ(r.end, kEnd);
  EXPECT_TRUE(r.amounts_known);
  ExpectFigures(r.total, {4, 3, 5, 4, 200'000, 350'000, {2, 3}, 205000, 80000, 3, 6, 6}, "total");
  EXPECT_EQ(r.total.approval(), (Rate{4, 5}));
}

TEST(ConsortiumReportTest, DepartmentsCountTheirTasks) {
  const ConsortiumReport r = ComputeConsortiumReport(History(), kStart, kEnd);
  ASSERT_EQ(Keys(r.by_department), (std::vector<std::string>{"MZ", "RS"}));
  ExpectFigures(r.by_department[0].figures,
                {3, 2, 3, 2, 100'600, 200'000, {1, 2}, 205000, 0, 3, 3, std::nullopt}, "MZ");
  ExpectFigures(r.by_department[1].figures,
                {2, 2, 2, 2, 200'000, 350'000, {1, 2}, 0, 80000, 2, 3, std::nullopt}, "RS");
}

TEST(ConsortiumReportTest, PoliciesCountApplications) {
  const ConsortiumReport r = ComputeConsortiumReport(History(), kStart, kEnd);
  ASSERT_EQ(Keys(r.by_policy), (std::vector<std::string>{"MZ-01", "MZ-02", "RS-01"}));
  ExpectFigures(r.by_policy[0].figures,
                {3, 2, 2, 2, 100'600, 200'000, {1, 2}, 205000, 0, 3, 3, std::nullopt}, "MZ-01");
  ExpectFigures(r.by_policy[1].figures,
                {1, 1, 1, 0, 200'000, 200'000, {1, 1}, 0, 0, 0, 0, std::nullopt}, "MZ-02");
  EXPECT_EQ(r.by_policy[1].figures.approval().PerMille(), 0);
  ExpectFigures(r.by_policy[2].figures,
                {2, 2, 2, 2, 200'000, 350'000, {1, 2}, 0, 80000, 2, 3, std::nullopt}, "RS-01");
}

TEST(ConsortiumReportTest, StreetsCountMattersOfTheirHouseholds) {
  const ConsortiumReport r = ComputeConsortiumReport(History(), kStart, kEnd);
  ASSERT_EQ(Keys(r.by_street), (std::vector<std::string>{"GYQ", "HXJ"}));
  ExpectFigures(r.by_street[0].figures,
                {3, 2, 4, 3, 200'000, 350'000, {2, 2}, 125000, 80000, 2, 5, 1}, "GYQ");
  ExpectFigures(r.by_street[1].figures, {1, 1, 1, 1, 100'600, 100'600, {0, 1}, 80000, 0, 1, 1, 1},
                "HXJ");
}

TEST(ConsortiumReportTest, AnEmptyPeriodHasZeroTotalsAndNoGroups) {
  ReportHistory h = History();
  h.unstored_screenings = 0;  // the store counts these for the period asked
  const ConsortiumReport r = ComputeConsortiumReport(h, 5'000'000, 6'000'000);
  ExpectFigures(r.total, {0, 0, 0, 0, std::nullopt, std::nullopt, {0, 0}, 0, 0, 0, 0, 0}, "total");
  EXPECT_EQ(r.total.on_time.PerMille(), std::nullopt);
  EXPECT_TRUE(r.by_department.empty());
  EXPECT_TRUE(r.by_policy.empty());
  EXPECT_TRUE(r.by_street.empty());
}

}  // namespace
}  // namespace lianban::domain
