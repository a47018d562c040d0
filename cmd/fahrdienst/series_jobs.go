package main

import (
	"time"

	"github.com/riverqueue/river"

	"github.com/fahrdienst/fahrdienst/planning"
	"github.com/fahrdienst/fahrdienst/store"
)

// addPeopleWorkers adds the workers of series and volunteers' documents.
func addPeopleWorkers(workers *river.Workers, st *store.Store) {
	river.AddWorker(workers, &store.SeriesSweepWorker{Store: st})
	river.AddWorker(workers, &store.DocumentReminderWorker{Store: st})
}

// peoplePeriodicJobs book the series' dates that came within the horizon
// each night, before the nightly planning at 02:00 plans them, and remind
// volunteers of expiring documents; once per day each (see oncePer).
func peoplePeriodicJobs(cfg config) []*river.PeriodicJob {
	return []*river.PeriodicJob{
		river.NewPeriodicJob(planning.DailyAt{Hour: 1, Minute: 15, Location: cfg.Location},
			func() (river.JobArgs, *river.InsertOpts) { return store.SeriesSweepArgs{}, oncePer(24 * time.Hour) },
			&river.PeriodicJobOpts{RunOnStart: true}),
		// Reminders go out in the morning, when a volunteer reads them.
		river.NewPeriodicJob(planning.DailyAt{Hour: 9, Location: cfg.Location},
			func() (river.JobArgs, *river.InsertOpts) {
				return store.DocumentReminderArgs{}, oncePer(24 * time.Hour)
			}, nil),
	}
}
