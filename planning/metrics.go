package planning

import "github.com/prometheus/client_golang/prometheus"

type metrics struct {
	duration   prometheus.Histogram
	requests   prometheus.Histogram
	unassigned prometheus.Histogram
	cost       prometheus.Gauge
	runs       prometheus.Counter
}

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		duration: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "fahrdienst_planning_duration_seconds",
			Help: "Duration of full planning runs.", Buckets: []float64{.1, .25, .5, 1, 2, 5, 10, 20, 60}}),
		requests: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "fahrdienst_planning_requests",
			Help: "Trips per planning run.", Buckets: prometheus.ExponentialBuckets(1, 2, 12)}),
		unassigned: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "fahrdienst_planning_unassigned",
			Help: "Trips left unassigned per planning run.", Buckets: []float64{0, 1, 2, 5, 10, 20, 50, 100}}),
		cost: prometheus.NewGauge(prometheus.GaugeOpts{Name: "fahrdienst_planning_last_cost",
			Help: "Objective value of the last planning run."}),
		runs: prometheus.NewCounter(prometheus.CounterOpts{Name: "fahrdienst_planning_runs_total",
			Help: "Full planning runs."}),
	}
	if reg != nil {
		reg.MustRegister(m.duration, m.requests, m.unassigned, m.cost, m.runs)
	}
	return m
}

func (m *metrics) observe(s Summary) {
	m.duration.Observe(s.Seconds)
	m.requests.Observe(float64(s.Requests))
	m.unassigned.Observe(float64(len(s.Unassigned)))
	m.cost.Set(s.Cost)
	m.runs.Inc()
}
