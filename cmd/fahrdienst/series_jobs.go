package main

import (
	"github.com/riverqueue/river"

	"github.com/fahrdienst/fahrdienst/planning"
	"github.com/fahrdienst/fahrdienst/store"
)

// addIssue15Workers adds the workers of series and volunteers' documents.
func addIssue15Workers(workers *river.Workers, st *store.Store) {
	river.AddWorker(workers, &store.SeriesSweepWorker{Store: st})
	river.AddWorker(workers, &store.DocumentReminderWorker{Store: st})
}

// issue15PeriodicJobs book the series' dates that came within the horizon
// each night, before the nightly planning at 02:00 plans them.
func issue15PeriodicJobs(cfg config) []*river.PeriodicJob {
	return []*river.PeriodicJob{
		river.NewPeriodicJob(planning.DailyAt{Hour: 1, Minute: 15, Location: cfg.Location},
			func() (river.JobArgs, *river.InsertOpts) { return store.SeriesSweepArgs{}, nil },
			&river.PeriodicJobOpts{RunOnStart: true}),
		// Reminders go out in the morning, when a volunteer reads them.
		river.NewPeriodicJob(planning.DailyAt{Hour: 9, Location: cfg.Location},
			func() (river.JobArgs, *river.InsertOpts) { return store.DocumentReminderArgs{}, nil }, nil),
	}
}
