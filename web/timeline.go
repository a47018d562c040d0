package web

import (
	"html/template"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// The timeline shows the day at a glance: one row per driver on a time
// axis, each ride a block coloured by its state, the tours behind them as
// grey bands so that the gaps between them stand out, and the rides
// without a driver and the flagged ones in rows on top. It is an SVG
// rendered here, readable without a script; every block is a link to its
// trip. Positions come from the board's local clock times ("15:04"), which
// the board has already put in the service's time zone.

// Geometry of the SVG, in its own units; it scales to the page's width.
const (
	tlWidth  = 1000.0
	tlLabel  = 150.0 // the column of the row names
	tlRight  = 30.0
	tlAxis   = 24.0 // the hour labels on top
	tlLaneH  = 26.0
	tlPad    = 4.0
	tlLegend = 28.0
	// tlWish is how long a block of a ride without a driver is drawn: its
	// wished time is one end, the planner decides the other.
	tlWish = 30
)

// tlColors are the fills of the states, with a text colour of at least
// 4.5:1 contrast on each.
var tlColors = map[string][2]string{
	dispatch.AssignProposed:  {"#f2c94c", "#000"},
	dispatch.AssignOffered:   {"#f2994a", "#000"},
	dispatch.AssignConfirmed: {"#1e7b45", "#fff"},
	"unassigned":             {"#b3261e", "#fff"},
	"flagged":                {"#6a1b9a", "#fff"},
}

// tlBlock is one ride on the timeline.
type tlBlock struct {
	Trip         int64
	Start, End   int // minutes after local midnight
	Rider, State string
	Label        string // what a screen reader and the tooltip say
	X, Y, W, H   float64
	Fill, Ink    string
	Text         string // the rider's name where it fits
	TextX, TextY float64
	lane         int
	tour         int64
	startS, endS string
	stateText    string
}

// tlBand is a tour behind its rides.
type tlBand struct{ X, Y, W, H float64 }

// tlRow is a driver's day, or the row of rides without a driver.
type tlRow struct {
	Name, Kind string
	Y, H       float64
	LabelY     float64
	Blocks     []tlBlock
	Bands      []tlBand
}

// tlTick is an hour on the axis.
type tlTick struct {
	X     float64
	Label string
}

type tlLegendItem struct {
	X         float64
	Fill, Ink string
	Label     string
}

// timelineView is what the SVG template draws.
type timelineView struct {
	T                  texts
	Rows               []tlRow
	Ticks              []tlTick
	Legend             []tlLegendItem
	Height, AxisBottom float64
	Empty              bool
}

// minutes reads a local clock "15:04" as minutes after midnight.
func minutes(clock string) (int, bool) {
	h, m, ok := strings.Cut(clock, ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || hh < 0 || hh > 24 || mm < 0 || mm > 59 {
		return 0, false
	}
	return hh*60 + mm, true
}

// routeBlocks makes a block of each ride of a driver's route, from its
// pickup to its drop-off.
func routeBlocks(t texts, r boardRoute) []tlBlock {
	byTrip := map[int64]*tlBlock{}
	var order []int64
	for _, st := range r.Stops {
		at, ok := minutes(st.Clock)
		if !ok {
			continue
		}
		b := byTrip[st.TripID]
		if b == nil {
			b = &tlBlock{Trip: st.TripID, Start: at, End: at, Rider: st.RiderName, State: st.State, tour: st.TourID,
				startS: st.Clock, endS: st.Clock}
			byTrip[st.TripID] = b
			order = append(order, st.TripID)
		}
		if st.Kind == dispatch.BoardPickup {
			b.Start, b.startS = at, st.Clock
		} else {
			b.End, b.endS = at, st.Clock
		}
	}
	out := make([]tlBlock, 0, len(order))
	for _, id := range order {
		b := *byTrip[id]
		if b.End < b.Start {
			b.Start, b.End, b.startS, b.endS = b.End, b.Start, b.endS, b.startS
		}
		b.stateText = t["state_"+b.State]
		out = append(out, b)
	}
	return out
}

// wishBlocks makes a block of each ride without a planned time: from its
// wished pickup, or up to its wished arrival.
func wishBlocks(t texts, trips []boardTrip, state string) []tlBlock {
	var out []tlBlock
	for _, tr := range trips {
		b := tlBlock{Trip: tr.ID, Rider: tr.RiderName, State: state, stateText: t["state_"+state]}
		if at, ok := minutes(tr.Pickup); ok {
			b.Start, b.startS = at, tr.Pickup
			if end, ok := minutes(tr.Dropoff); ok && end > at {
				b.End, b.endS = end, tr.Dropoff
			} else {
				b.End = at + tlWish
			}
		} else if at, ok := minutes(tr.Dropoff); ok {
			b.Start, b.End, b.endS = at-tlWish, at, tr.Dropoff
		} else {
			continue
		}
		out = append(out, b)
	}
	return out
}

// lanes puts overlapping rides (a shared shopping ride) on lanes below
// each other, in time order; it returns how many lanes it took.
func lanes(bs []tlBlock) int {
	sort.SliceStable(bs, func(i, j int) bool { return bs[i].Start < bs[j].Start })
	var ends []int
	for i := range bs {
		placed := false
		for l, e := range ends {
			if e <= bs[i].Start {
				bs[i].lane, ends[l], placed = l, bs[i].End, true
				break
			}
		}
		if !placed {
			bs[i].lane = len(ends)
			ends = append(ends, bs[i].End)
		}
	}
	return max(len(ends), 1)
}

// timeline draws the board's day; the board template calls it with its
// view. A day without rides shows a sentence instead.
func timeline(v view) template.HTML {
	d, ok := v.Data.(boardData)
	if !ok {
		return ""
	}
	tv := layoutTimeline(v.T, d)
	var b strings.Builder
	if err := timelineTemplate.Execute(&b, tv); err != nil {
		return ""
	}
	return template.HTML(b.String()) // rendered by html/template, escaped there
}

// layoutTimeline places the rows, bands, blocks and hour ticks.
func layoutTimeline(t texts, d boardData) timelineView {
	tv := timelineView{T: t}
	type rowIn struct {
		name, kind string
		blocks     []tlBlock
	}
	var rows []rowIn
	if len(d.Unassigned) > 0 {
		rows = append(rows, rowIn{t["timeline_open"], "open", wishBlocks(t, d.Unassigned, "unassigned")})
	}
	if len(d.Flagged) > 0 {
		rows = append(rows, rowIn{t["timeline_flagged"], "flagged", wishBlocks(t, d.Flagged, "flagged")})
	}
	for _, r := range d.Routes {
		if bs := routeBlocks(t, r); len(bs) > 0 {
			rows = append(rows, rowIn{r.FirstName + " " + r.LastName, "driver", bs})
		}
	}
	from, to := 7*60, 18*60
	for _, r := range rows {
		for _, b := range r.blocks {
			from, to = min(from, b.Start/60*60), max(to, (b.End+59)/60*60)
		}
	}
	from, to = max(from, 0), min(to, 24*60)
	x := func(m int) float64 { return r1(tlLabel + float64(m-from)*(tlWidth-tlLabel-tlRight)/float64(to-from)) }
	y := tlAxis
	for _, in := range rows {
		n := lanes(in.blocks)
		row := tlRow{Name: in.name, Kind: in.kind, Y: y, H: float64(n)*tlLaneH + 2*tlPad}
		row.LabelY = y + row.H/2 + 5
		for _, b := range in.blocks {
			b.X, b.W = x(b.Start), r1(max(x(b.End)-x(b.Start), 3))
			b.Y, b.H = y+tlPad+float64(b.lane)*tlLaneH+1, tlLaneH-2
			c := tlColors[b.State]
			if c[0] == "" {
				c = tlColors[dispatch.AssignProposed]
			}
			b.Fill, b.Ink = c[0], c[1]
			b.Label = b.Rider + ", " + strings.Trim(b.startS+"–"+b.endS, "–") + ", " + b.stateText
			if chars := int(b.W / 8); chars >= 4 {
				b.Text = clip(b.Rider, chars)
			}
			b.TextX, b.TextY = b.X+3, b.Y+b.H/2+5
			row.Blocks = append(row.Blocks, b)
		}
		row.Bands = tourBands(row.Blocks, y, row.H)
		tv.Rows = append(tv.Rows, row)
		y += row.H
	}
	tv.AxisBottom = y
	for m := from; m <= to; m += 60 {
		tv.Ticks = append(tv.Ticks, tlTick{X: x(m), Label: strconv.Itoa(m/60) + ":00"})
	}
	tv.Legend = legend(t)
	tv.Height, tv.Empty = y+tlLegend+8, len(rows) == 0
	return tv
}

// legend names the colours, in the order a ride goes through them.
func legend(t texts) []tlLegendItem {
	var out []tlLegendItem
	lx := tlLabel
	for _, st := range []string{dispatch.AssignProposed, dispatch.AssignOffered, dispatch.AssignConfirmed, "unassigned", "flagged"} {
		out = append(out, tlLegendItem{X: lx, Fill: tlColors[st][0], Ink: tlColors[st][1], Label: t["state_"+st]})
		lx += 24 + float64(len([]rune(t["state_"+st])))*8
	}
	return out
}

// tourBands are the grey bands behind a driver's tours, from a tour's
// first ride to its last, so that the free time between tours shows.
func tourBands(bs []tlBlock, y, h float64) []tlBand {
	span := map[int64][2]float64{}
	var order []int64
	for _, b := range bs {
		if b.tour == 0 {
			continue
		}
		s, ok := span[b.tour]
		if !ok {
			order = append(order, b.tour)
			s = [2]float64{b.X, b.X + b.W}
		}
		span[b.tour] = [2]float64{min(s[0], b.X), max(s[1], b.X+b.W)}
	}
	out := make([]tlBand, 0, len(order))
	for _, id := range order {
		s := span[id]
		out = append(out, tlBand{X: s[0] - 2, Y: y + 1, W: s[1] - s[0] + 4, H: h - 2})
	}
	return out
}

// r1 rounds a coordinate to a tenth, which is finer than any screen
// shows and keeps the page short.
func r1(v float64) float64 { return math.Round(v*10) / 10 }

// clip shortens a name to n characters. It adds no ellipsis: the block's
// accessible name must contain its visible text (WCAG 2.5.3), and the
// tooltip has the whole name.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n]))
}

var timelineTemplate = template.Must(template.New("timeline").Parse(`<section class="timeline-box" aria-labelledby="h-timeline">
<h2 id="h-timeline">{{.T.timeline}}</h2>
<p class="hint" id="timeline-desc">{{.T.timeline_desc}}</p>
{{if .Empty}}<p>{{.T.timeline_empty}}</p>{{else}}<svg class="timeline-svg" viewBox="0 0 1000 {{.Height}}" xmlns="http://www.w3.org/2000/svg" role="group" aria-labelledby="h-timeline" aria-describedby="timeline-desc" font-family="sans-serif" font-size="14">
{{range .Ticks}}<line x1="{{.X}}" y1="18" x2="{{.X}}" y2="{{$.AxisBottom}}" stroke="#ccc" stroke-width="1"/><text x="{{.X}}" y="14" text-anchor="middle" fill="#333">{{.Label}}</text>
{{end}}{{range .Rows}}<g class="tl-row tl-{{.Kind}}" data-row="{{.Name}}">
<line x1="0" y1="{{.Y}}" x2="1000" y2="{{.Y}}" stroke="#ddd"/>
<text x="4" y="{{.LabelY}}" fill="#000" font-weight="bold">{{.Name}}</text>
{{range .Bands}}<rect class="tl-tour" x="{{.X}}" y="{{.Y}}" width="{{.W}}" height="{{.H}}" rx="4" fill="#e6e6e6"/>
{{end}}{{range $b := .Blocks}}<a href="/trips/{{$b.Trip}}" class="tl-block" data-trip="{{$b.Trip}}" data-start="{{$b.Start}}" aria-label="{{$b.Label}}"><title>{{$b.Label}}</title><rect x="{{$b.X}}" y="{{$b.Y}}" width="{{$b.W}}" height="{{$b.H}}" rx="3" fill="{{$b.Fill}}" stroke="#333" stroke-width="0.5"/>{{with $b.Text}}<text x="{{$b.TextX}}" y="{{$b.TextY}}" fill="{{$b.Ink}}">{{.}}</text>{{end}}</a>
{{end}}</g>
{{end}}<g class="tl-legend">{{range .Legend}}<rect x="{{.X}}" y="{{$.AxisBottom}}" width="12" height="12" fill="{{.Fill}}" stroke="#333" transform="translate(0 10)"/><text x="{{.X}}" y="{{$.AxisBottom}}" dx="16" dy="21" fill="#000">{{.Label}}</text>
{{end}}</g>
</svg>{{end}}
</section>`))

func init() {
	funcs["timeline"] = timeline
}
