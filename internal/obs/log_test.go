package obs

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"

	"github.com/fahrdienst/fahrdienst/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// lines decodes JSON log output, one object a line.
func lines(t *testing.T, buf *bytes.Buffer) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("not a JSON line: %q", l)
		}
		out = append(out, m)
	}
	return out
}

// TestEveryLineOfARequestCarriesItsID: every line a handler logs with the
// request's context has the id that the answer's X-Request-Id names; a
// proxy's well-formed id is kept, anything else replaced.
func TestEveryLineOfARequestCarriesItsID(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	log, err := NewLogger(&buf, FormatJSON)
	if err != nil {
		t.Fatal(err)
	}
	h := RequestIDs(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.InfoContext(r.Context(), "first")
		log.With("component", "x").WarnContext(r.Context(), "second")
	}))
	for _, incoming := range []string{"", "from-proxy.42", "evil\nid", strings.Repeat("a", 65)} {
		buf.Reset()
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		if incoming != "" {
			req.Header.Set("X-Request-Id", incoming)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		id := rec.Header().Get("X-Request-Id")
		if id == "" || (incoming == "from-proxy.42") != (id == incoming) {
			t.Errorf("incoming %q: answer id %q", incoming, id)
		}
		got := lines(t, &buf)
		if len(got) != 2 {
			t.Fatalf("want 2 lines, got %d", len(got))
		}
		for _, l := range got {
			if l["request_id"] != id {
				t.Errorf("line %v: request_id is not %q", l, id)
			}
		}
	}
}

func TestLogFormats(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if DefaultFormat(&buf) != FormatJSON {
		t.Error("a writer that is no terminal should get JSON")
	}
	log, _ := NewLogger(&buf, FormatText)
	log.Info("hello", "k", "v")
	if !strings.Contains(buf.String(), "msg=hello k=v") {
		t.Errorf("text: %q", buf.String())
	}
	if _, err := NewLogger(&buf, "xml"); err == nil {
		t.Error("xml accepted")
	}
}

type logArgs struct{}

func (logArgs) Kind() string { return "obs_log_test" }

type logWorker struct {
	river.WorkerDefaults[logArgs]
	log  func(ctx context.Context)
	done chan int64
}

func (w *logWorker) Work(ctx context.Context, job *river.Job[logArgs]) error {
	w.log(ctx)
	w.done <- job.ID
	return nil
}

// TestEveryLineOfAJobCarriesItsID runs a job through a real River client
// with the JobIDs middleware: each line the worker logs names the job.
func TestEveryLineOfAJobCarriesItsID(t *testing.T) {
	t.Parallel()
	var buf syncBuffer
	log, _ := NewLogger(&buf, FormatJSON)
	w := &logWorker{done: make(chan int64, 1), log: func(ctx context.Context) {
		log.InfoContext(ctx, "working")
		log.InfoContext(ctx, "still working")
	}}
	workers := river.NewWorkers()
	river.AddWorker(workers, w)
	pool := storetest.Pool(t)
	client, err := river.NewClient(riverpgxv5.New(pool), &river.Config{
		Queues:     map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 1}},
		Workers:    workers,
		Middleware: []rivertype.Middleware{&JobIDs{}},
		Logger:     log,
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := client.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer client.Stop(ctx)
	res, err := client.Insert(ctx, logArgs{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	select {
	case id := <-w.done:
		if id != res.Job.ID {
			t.Fatalf("worked job %d, inserted %d", id, res.Job.ID)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the job never ran")
	}
	var worked int
	for _, l := range lines(t, buf.bytes()) {
		if msg := l["msg"]; msg == "working" || msg == "still working" {
			worked++
			if l["job_id"] != float64(res.Job.ID) {
				t.Errorf("line %v: job_id is not %d", l, res.Job.ID)
			}
		}
	}
	if worked != 2 {
		t.Fatalf("found %d of the job's 2 lines", worked)
	}
}
