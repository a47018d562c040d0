package web

import (
	"fmt"
	"strconv"

	"github.com/fahrdienst/fahrdienst/dispatch"
)

// chart is a bar chart drawn on the server as SVG: the page shows it
// without JavaScript, and each bar has a title a screen reader and a
// tooltip read. The tables beside it hold the same numbers.
type chart struct {
	ID, Title string
	W, H      int
	Bars      []bar
	Labels    []svgText
	Legend    []legendItem
}

type bar struct {
	X, Y, W, H  int
	Fill, Title string
}

type svgText struct {
	X, Y         int
	Anchor, Text string
}

type legendItem struct{ Fill, Text string }

// outcomeColours tell the outcomes apart also for most colour-blind
// readers (dark green, amber, purple, red, grey), in dispatch.Outcomes
// order and then "open".
var outcomeColours = []string{"#2e7d32", "#f9a825", "#6a1b9a", "#c62828", "#9e9e9e"}

// The plot area of the column charts.
const (
	plotLeft   = 44
	plotTop    = 12
	plotHeight = 160
	barSlot    = 48
)

// reportCharts are the report page's charts: rides per month by outcome,
// volunteer hours per month, and rides done by purpose.
func reportCharts(rep dispatch.Report, t texts) []chart {
	return []chart{outcomeChart(rep, t), hoursChart(rep, t), purposeChart(rep, t)}
}

// monthLabel is "10/26" for 2026-10: short enough under a column.
func monthLabel(m string) string { return m[5:7] + "/" + m[2:4] }

// columnChart lays out one stack of values per month, scaled to the
// highest stack.
func columnChart(id, title string, months []string, stacks [][]int, fills []string, names []string, unit string) chart {
	c := chart{ID: id, Title: title, W: plotLeft + barSlot*len(months) + 8, H: plotTop + plotHeight + 28}
	top := 1
	for _, s := range stacks {
		sum := 0
		for _, v := range s {
			sum += v
		}
		top = max(top, sum)
	}
	c.Labels = append(c.Labels, svgText{X: plotLeft - 6, Y: plotTop + 10, Anchor: "end", Text: strconv.Itoa(top)},
		svgText{X: plotLeft - 6, Y: plotTop + plotHeight, Anchor: "end", Text: "0"})
	for i, s := range stacks {
		x, y := plotLeft+i*barSlot+8, plotTop+plotHeight
		for j, v := range s {
			h := v * plotHeight / top
			if v == 0 {
				continue
			}
			y -= h
			c.Bars = append(c.Bars, bar{X: x, Y: y, W: barSlot - 16, H: max(h, 1), Fill: fills[j],
				Title: fmt.Sprintf("%s %s: %d %s", monthLabel(months[i]), names[j], v, unit)})
		}
		c.Labels = append(c.Labels, svgText{X: x + (barSlot-16)/2, Y: plotTop + plotHeight + 18, Anchor: "middle", Text: monthLabel(months[i])})
	}
	for j, n := range names {
		c.Legend = append(c.Legend, legendItem{Fill: fills[j], Text: n})
	}
	return c
}

func outcomeChart(rep dispatch.Report, t texts) chart {
	var months []string
	var stacks [][]int
	for _, m := range rep.Months {
		months = append(months, m.Month)
		stacks = append(stacks, []int{m.Done, m.NoShow, m.CancelledLate, m.NotServed, m.Open})
	}
	names := []string{t["outcome_done"], t["outcome_no_show"], t["outcome_cancelled_late"], t["outcome_not_served"], t["outcome_open"]}
	return columnChart("chart-outcomes", t["chart_outcomes"], months, stacks, outcomeColours, names, t["rep_trips"])
}

func hoursChart(rep dispatch.Report, t texts) chart {
	var months []string
	var stacks [][]int
	for _, m := range rep.Months {
		months = append(months, m.Month)
		stacks = append(stacks, []int{int((m.VolunteerSeconds + 1800) / 3600)})
	}
	return columnChart("chart-hours", t["chart_hours"], months, stacks, []string{"#1565c0"}, []string{t["rep_volunteer_hours"]}, "h")
}

// purposeChart draws one horizontal bar per purpose for the period.
func purposeChart(rep dispatch.Report, t texts) chart {
	const left, width, row = 150, 300, 26
	counts := rep.Total.ByPurpose
	c := chart{ID: "chart-purposes", Title: t["chart_purposes"], W: left + width + 50, H: row*len(counts) + 8}
	top := 1
	for _, n := range counts {
		top = max(top, n.Count)
	}
	for i, n := range counts {
		name := n.Key
		if name == "" {
			name = t["purpose_none"]
		}
		y := 4 + i*row
		w := n.Count * width / top
		c.Labels = append(c.Labels, svgText{X: left - 8, Y: y + 16, Anchor: "end", Text: name},
			svgText{X: left + w + 6, Y: y + 16, Anchor: "start", Text: strconv.Itoa(n.Count)})
		if n.Count > 0 {
			c.Bars = append(c.Bars, bar{X: left, Y: y + 3, W: max(w, 1), H: row - 8, Fill: "#00838f",
				Title: fmt.Sprintf("%s: %d", name, n.Count)})
		}
	}
	return c
}
