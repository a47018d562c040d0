package dispatch

import (
	"errors"
	"slices"
	"testing"
)

// TestLifecycleTable walks every stage × event: the allowed ones go where
// the table below says with exactly the effects it lists, every other one is
// refused with RuleRefused. A new edge must be added here, on purpose.
func TestLifecycleTable(t *testing.T) {
	t.Parallel()
	type want struct {
		to   Stage
		effs []Effect
	}
	allowed := map[edge]want{
		{StageNone, EvPlannerPropose}:                     {StageProposedPlanner, nil},
		{StageProposedPlanner, EvPlannerPropose}:          {StageProposedPlanner, nil},
		{StageProposedPlanner, EvPlannerDrop}:             {StageWithdrawn, nil},
		{StageProposedPlanner, EvPlannerOffer}:            {StageOffered, []Effect{EffOffer}},
		{StageProposedCoordinator, EvPlannerOffer}:        {StageOffered, []Effect{EffOffer}},
		{StageOffered, EvDriverAccept}:                    {StageConfirmed, []Effect{EffConfirmation, EffClearFlag}},
		{StageConfirmed, EvDriverAccept}:                  {StageConfirmed, []Effect{EffConfirmation}},
		{StageOffered, EvDriverDecline}:                   {StageDeclined, []Effect{EffDeclineAck, EffRefuseDriver, EffReplan}},
		{StageConfirmed, EvDriverDecline}:                 {StageDeclined, []Effect{EffCancelAck, EffRefuseDriver, EffFlag, EffReplan}},
		{StageConfirmed, EvDriverCancel}:                  {StageDeclined, []Effect{EffCancelAck, EffRefuseDriver, EffFlag, EffReplan}},
		{StageOffered, EvDriverClash}:                     {StageDeclined, []Effect{EffTakenAck, EffRefuseDriver, EffFlag, EffReplan}},
		{StageOffered, EvExpire}:                          {StageExpired, []Effect{EffExpiredNote, EffRefuseDriver, EffReplan}},
		{StageOffered, EvSendFailed}:                      {StageExpired, []Effect{EffRefuseDriver, EffReplan}},
		{StageConfirmed, EvCoordinatorRetime}:             {StageConfirmed, []Effect{EffChange, EffClearFlag}},
		{StageProposedPlanner, EvTripCancel}:              {StageCancelled, nil},
		{StageProposedCoordinator, EvTripCancel}:          {StageCancelled, nil},
		{StageOffered, EvTripCancel}:                      {StageCancelled, []Effect{EffWithdrawn}},
		{StageConfirmed, EvTripCancel}:                    {StageCancelled, []Effect{EffRideCancel}},
		{StageProposedPlanner, EvCoordinatorWithdraw}:     {StageWithdrawn, nil},
		{StageProposedCoordinator, EvCoordinatorWithdraw}: {StageWithdrawn, nil},
		{StageOffered, EvCoordinatorWithdraw}:             {StageWithdrawn, []Effect{EffWithdrawn, EffReplan}},
		{StageConfirmed, EvCoordinatorWithdraw}:           {StageWithdrawn, []Effect{EffRideCancel, EffReplan}},
		{StageNone, EvCoordinatorAsk}:                     {StageOffered, []Effect{EffOffer, EffClearFlag}},
		{StageNone, EvCoordinatorPropose}:                 {StageProposedCoordinator, []Effect{EffClearFlag}},
		{StageNone, EvCoordinatorAgreed}:                  {StageConfirmed, []Effect{EffConfirmation, EffClearFlag}},
		{StageNone, EvDriverTake}:                         {StageConfirmed, []Effect{EffConfirmation, EffClearFlag}},
	}
	for _, from := range Stages {
		for _, ev := range Events {
			got, err := Step(from, ev)
			w, ok := allowed[edge{from, ev}]
			if !ok {
				var de *Error
				if !errors.As(err, &de) || de.Rule != RuleRefused || de.Code != CodeConflict {
					t.Errorf("%q × %s = %+v, %v; want refused", from, ev, got, err)
				}
				if Allowed(from, ev) {
					t.Errorf("Allowed(%q, %s) = true", from, ev)
				}
				continue
			}
			if err != nil || got.To != w.to || !slices.Equal(got.Effects, w.effs) {
				t.Errorf("%q × %s = %+v, %v; want %s %v", from, ev, got, err, w.to, w.effs)
			}
			if got.Has(EffFlag) != (got.Flag != "") {
				t.Errorf("%q × %s flags with rule %q, effects %v: a flag needs its rule", from, ev, got.Flag, got.Effects)
			}
		}
	}
}

// The planner never changes a person's decision: no planner event is
// allowed from a stage a person decided, except the offer of a
// coordinator's proposal that could not be sent before.
func TestPlannerNeverUndoesAPerson(t *testing.T) {
	t.Parallel()
	for _, from := range Stages {
		if !PersonDecided(from) {
			continue
		}
		for _, ev := range []Event{EvPlannerPropose, EvPlannerDrop} {
			if Allowed(from, ev) {
				t.Errorf("the planner may %s a %s assignment", ev, from)
			}
		}
	}
}

// Every transition that takes a ride or an offer away from a driver tells
// them, with exactly one message effect.
func TestLosingDriverIsToldOnce(t *testing.T) {
	t.Parallel()
	messages := []Effect{EffOffer, EffConfirmation, EffWithdrawn, EffRideCancel, EffChange, EffExpiredNote,
		EffDeclineAck, EffCancelAck, EffTakenAck}
	for e, tr := range lifecycle {
		n := 0
		for _, m := range messages {
			if tr.Has(m) {
				n++
			}
		}
		// A number the offer could not reach cannot be told either.
		lost := (e.from == StageOffered || e.from == StageConfirmed) && !tr.To.Live() && e.ev != EvSendFailed
		if lost && n != 1 {
			t.Errorf("%s × %s loses the driver's ride with %d messages", e.from, e.ev, n)
		}
		if n > 1 {
			t.Errorf("%s × %s has %d messages", e.from, e.ev, n)
		}
	}
}

func TestStageOf(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		state, by string
		want      Stage
	}{
		{AssignProposed, "planner", StageProposedPlanner},
		{AssignProposed, "coordinator", StageProposedCoordinator},
		{AssignOffered, "coordinator", StageOffered},
		{AssignConfirmed, "driver", StageConfirmed},
	} {
		if got := StageOf(c.state, c.by); got != c.want || got.State() != c.state {
			t.Errorf("StageOf(%s, %s) = %s", c.state, c.by, got)
		}
	}
}
