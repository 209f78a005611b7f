#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "domain/workflow/matter_state.h"
#include "domain/workflow/task_state.h"

namespace lianban::domain::workflow {
namespace {

using MS = MatterState;
using ME = MatterEvent;
using TS = TaskState;
using TE = TaskEvent;

const MS kMatterStates[] = {MS::kSubmitted, MS::kInReview, MS::kAwaitingInfo,
                            MS::kDecided,   MS::kClosed,   MS::kWithdrawn};
const ME kMatterEvents[] = {ME::kStartReview, ME::kRequestInfo, ME::kSupplyInfo,
                            ME::kDecide,      ME::kClose,       ME::kWithdraw};
const TS kTaskStates[] = {TS::kPending, TS::kInReview, TS::kInfoRequested, TS::kDecided};
const TE kTaskEvents[] = {TE::kStartReview, TE::kRequestInfo, TE::kInfoSupplied, TE::kDecide};

// The documented machine (docs/workflow.md), written out independently of the code's table.
const std::map<std::pair<MS, ME>, MS> kExpectedMatter = {
    {{MS::kSubmitted, ME::kStartReview}, MS::kInReview},
    {{MS::kSubmitted, ME::kWithdraw}, MS::kWithdrawn},
    {{MS::kInReview, ME::kRequestInfo}, MS::kAwaitingInfo},
    {{MS::kInReview, ME::kDecide}, MS::kDecided},
    {{MS::kInReview, ME::kWithdraw}, MS::kWithdrawn},
    {{MS::kAwaitingInfo, ME::kRequestInfo}, MS::kAwaitingInfo},
    {{MS::kAwaitingInfo, ME::kSupplyInfo}, MS::kInReview},
    {{MS::kAwaitingInfo, ME::kWithdraw}, MS::kWithdrawn},
    {{MS::kDecided, ME::kClose}, MS::kClosed},
};

const std::map<std::pair<TS, TE>, TS> kExpectedTask = {
    {{TS::kPending, TE::kStartReview}, TS::kInReview},
    {{TS::kInReview, TE::kRequestInfo}, TS::kInfoRequested},
    {{TS::kInReview, TE::kDecide}, TS::kDecided},
    {{TS::kInfoRequested, TE::kInfoSupplied}, TS::kInReview},
};

TEST(MatterStateMachineTest, EveryStateEventPairIsLegalExactlyWhenDocumented) {
  int legal = 0;
  for (MS s : kMatterStates) {
    for (ME e : kMatterEvents) {
      auto next = ApplyMatterEvent(s, e);
      auto it = kExpectedMatter.find({s, e});
      if (it == kExpectedMatter.end()) {
        ASSERT_FALSE(next.ok()) << MatterStateName(s) << " + " << MatterEventName(e);
        EXPECT_EQ(next.error().code, ErrorCode::kConflict);
        EXPECT_EQ(next.error().reason, "illegal_transition");
      } else {
        ASSERT_TRUE(next.ok()) << MatterStateName(s) << " + " << MatterEventName(e);
        EXPECT_EQ(*next, it->second);
        ++legal;
      }
    }
  }
  EXPECT_EQ(legal, 9);
}

TEST(MatterStateMachineTest, IllegalTransitionNamesTheAllowedEvents) {
  auto r = ApplyMatterEvent(MS::kAwaitingInfo, ME::kDecide);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message,
            "a matter in state awaiting_info cannot decide; allowed: request_info, supply_info, "
            "withdraw");
  auto closed = ApplyMatterEvent(MS::kClosed, ME::kWithdraw);
  ASSERT_FALSE(closed.ok());
  EXPECT_EQ(closed.error().message, "a matter in state closed cannot withdraw; allowed: none");
}

TEST(MatterStateMachineTest, SettledStatesAllowOnlyClosingADecidedMatter) {
  EXPECT_TRUE(AllowedMatterEvents(MS::kWithdrawn).empty());
  EXPECT_TRUE(AllowedMatterEvents(MS::kClosed).empty());
  EXPECT_EQ(AllowedMatterEvents(MS::kDecided), std::vector<ME>{ME::kClose});
  EXPECT_TRUE(IsSettled(MS::kDecided));
  EXPECT_FALSE(IsSettled(MS::kAwaitingInfo));
}

TEST(MatterStateMachineTest, StateNamesRoundTrip) {
  std::set<std::string> names;
  for (MS s : kMatterStates) {
    names.insert(std::string(MatterStateName(s)));
    EXPECT_EQ(ParseMatterState(MatterStateName(s)), s);
  }
  EXPECT_EQ(names.size(), 6u);
  EXPECT_FALSE(ParseMatterState("approved").has_value());
}

TEST(TaskStateMachineTest, EveryStateEventPairIsLegalExactlyWhenDocumented) {
  int legal = 0;
  for (TS s : kTaskStates) {
    for (TE e : kTaskEvents) {
      auto next = ApplyTaskEvent(s, e);
      auto it = kExpectedTask.find({s, e});
      if (it == kExpectedTask.end()) {
        ASSERT_FALSE(next.ok()) << TaskStateName(s) << " + " << TaskEventName(e);
        EXPECT_EQ(next.error().code, ErrorCode::kConflict);
        EXPECT_EQ(next.error().reason, "illegal_transition");
      } else {
        ASSERT_TRUE(next.ok()) << TaskStateName(s) << " + " << TaskEventName(e);
        EXPECT_EQ(*next, it->second);
        ++legal;
      }
    }
  }
  EXPECT_EQ(legal, 4);
}

TEST(TaskStateMachineTest, IllegalTransitionNamesTheAllowedEvents) {
  auto r = ApplyTaskEvent(TS::kInfoRequested, TE::kDecide);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message,
            "a task in state info_requested cannot decide; allowed: info_supplied");
  auto decided = ApplyTaskEvent(TS::kDecided, TE::kRequestInfo);
  ASSERT_FALSE(decided.ok());
  EXPECT_EQ(decided.error().message, "a task in state decided cannot request_info; allowed: none");
  EXPECT_EQ(AllowedTaskEvents(TS::kInReview), (std::vector<TE>{TE::kRequestInfo, TE::kDecide}));
}

TEST(TaskStateMachineTest, StateNamesRoundTrip) {
  for (TS s : kTaskStates) EXPECT_EQ(ParseTaskState(TaskStateName(s)), s);
  EXPECT_FALSE(ParseTaskState("").has_value());
}

}  // namespace
}  // namespace lianban::domain::workflow
