package twilio

import (
	"context"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/fahrdienst/fahrdienst/notify"
)

// Metrics are the SMS figures an agency watches: what was sent and how it
// ended, why messages failed, how late reminders go out, how quickly
// drivers answer and how many offers wait. A nil *Metrics records nothing,
// so that tests and tools need not build one.
type Metrics struct {
	messages   *prometheus.CounterVec
	failures   *prometheus.CounterVec
	late       prometheus.Histogram
	answerTime prometheus.Histogram
}

// NewMetrics registers the SMS metrics on reg. openOffers, when not nil,
// is read at scrape time for the open-offers gauge (a count in the
// database is right across instances, where a gauge kept in memory would
// not be).
func NewMetrics(reg prometheus.Registerer, openOffers func(ctx context.Context) (int, error)) *Metrics {
	m := &Metrics{
		messages: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "fahrdienst_sms_messages_total",
			Help: "Outgoing SMS by kind and final status (sent, delivered, undelivered, failed, dropped)."},
			[]string{"kind", "status"}),
		failures: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "fahrdienst_sms_failures_total",
			Help: "SMS refused or not delivered, by Twilio error code (0: no code, e.g. a timeout)."},
			[]string{"code"}),
		late: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "fahrdienst_sms_reminder_lateness_seconds",
			Help:    "Reminder send time minus due time.",
			Buckets: []float64{.05, .1, .25, .5, 1, 2, 5, 10, 30, 60, 300}}),
		answerTime: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "fahrdienst_sms_offer_answer_seconds",
			Help:    "Time from an offer to the driver's answer.",
			Buckets: []float64{60, 300, 900, 1800, 3600, 7200, 14400, 28800, 43200}}),
	}
	if reg == nil {
		return m
	}
	reg.MustRegister(m.messages, m.failures, m.late, m.answerTime)
	if openOffers != nil {
		reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "fahrdienst_sms_open_offers",
			Help: "Offers waiting for a driver's answer."}, func() float64 {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			n, err := openOffers(ctx)
			if err != nil {
				return -1
			}
			return float64(n)
		}))
	}
	return m
}

// MessageFinal counts a message that reached its final status, so that
// every message is counted once, by whoever learns the end: the send
// worker or the status webhook.
func (m *Metrics) MessageFinal(kind notify.MessageKind, status string) {
	if m != nil {
		m.messages.WithLabelValues(string(kind), status).Inc()
	}
}

// SendFailure counts a refusal or failed delivery by Twilio error code, so
// that a wave of one error (a blocked sender, an outage) stands out.
func (m *Metrics) SendFailure(code int) {
	if m != nil {
		m.failures.WithLabelValues(strconv.Itoa(code)).Inc()
	}
}

// ReminderLateness records how long after its due time a reminder went
// out, the figure that shows whether the SMS queue keeps up.
func (m *Metrics) ReminderLateness(d time.Duration) {
	if m != nil {
		m.late.Observe(d.Seconds())
	}
}

// OfferAnswered records how long a driver took to answer an offer.
func (m *Metrics) OfferAnswered(d time.Duration) {
	if m != nil && d > 0 {
		m.answerTime.Observe(d.Seconds())
	}
}
