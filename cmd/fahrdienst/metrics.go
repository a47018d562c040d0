package main

import (
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
)

// poolCollector exports the pgx pool's statistics, so that an exhausted pool
// shows on the dashboard before it shows as latency.
type poolCollector struct {
	pool                                *pgxpool.Pool
	total, idle, acquired, max          *prometheus.Desc
	acquires, waited, waitSeconds, empt *prometheus.Desc
}

func newPoolCollector(pool *pgxpool.Pool) *poolCollector {
	d := func(name, help string) *prometheus.Desc {
		return prometheus.NewDesc("fahrdienst_db_pool_"+name, help, nil, nil)
	}
	return &poolCollector{pool: pool,
		total:       d("connections", "Open connections."),
		idle:        d("idle_connections", "Idle connections."),
		acquired:    d("acquired_connections", "Connections in use."),
		max:         d("max_connections", "Pool size limit."),
		acquires:    d("acquires_total", "Connections acquired."),
		waited:      d("empty_acquires_total", "Acquires that had to wait for a connection."),
		waitSeconds: d("acquire_wait_seconds_total", "Time spent waiting for connections."),
		empt:        d("canceled_acquires_total", "Acquires cancelled while waiting."),
	}
}

// Describe sends the descriptors of the pool metrics.
func (c *poolCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.total, c.idle, c.acquired, c.max, c.acquires, c.waited, c.waitSeconds, c.empt} {
		ch <- d
	}
}

// Collect reads the pool's statistics at scrape time.
func (c *poolCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.pool.Stat()
	g, k := prometheus.GaugeValue, prometheus.CounterValue
	ch <- prometheus.MustNewConstMetric(c.total, g, float64(s.TotalConns()))
	ch <- prometheus.MustNewConstMetric(c.idle, g, float64(s.IdleConns()))
	ch <- prometheus.MustNewConstMetric(c.acquired, g, float64(s.AcquiredConns()))
	ch <- prometheus.MustNewConstMetric(c.max, g, float64(s.MaxConns()))
	ch <- prometheus.MustNewConstMetric(c.acquires, k, float64(s.AcquireCount()))
	ch <- prometheus.MustNewConstMetric(c.waited, k, float64(s.EmptyAcquireCount()))
	ch <- prometheus.MustNewConstMetric(c.waitSeconds, k, s.AcquireDuration().Seconds())
	ch <- prometheus.MustNewConstMetric(c.empt, k, float64(s.CanceledAcquireCount()))
}

// txRetryCollector exports how often the store ran a transaction again
// after a deadlock or a serialization failure: rising numbers show lock
// contention before callers see errors.
type txRetryCollector struct {
	st interface {
		TxRetries() (deadlocks, serializations int64)
	}
	desc *prometheus.Desc
}

func newTxRetryCollector(st interface{ TxRetries() (int64, int64) }) *txRetryCollector {
	return &txRetryCollector{st: st, desc: prometheus.NewDesc("fahrdienst_db_tx_retries_total",
		"Transactions run again after PostgreSQL aborted them, by reason.", []string{"reason"}, nil)}
}

// Describe sends the descriptor of the retry counter.
func (c *txRetryCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

// Collect reads the store's counters at scrape time.
func (c *txRetryCollector) Collect(ch chan<- prometheus.Metric) {
	d, s := c.st.TxRetries()
	ch <- prometheus.MustNewConstMetric(c.desc, prometheus.CounterValue, float64(d), "deadlock")
	ch <- prometheus.MustNewConstMetric(c.desc, prometheus.CounterValue, float64(s), "serialization")
}
