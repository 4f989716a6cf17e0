package report

import (
	_ "embed"
	"html/template"
	"io"
)

//go:embed report.html.tmpl
var pageTemplate string

// bar is one bar of an inline SVG chart.
type bar struct {
	Label string
	N     int
	Y     int // top of the bar's row
	Width int // in pixels, scaled to the largest bar
}

type chart struct {
	ID, Title string
	Bars      []bar
	Height    int
}

const (
	barRow   = 22
	barWidth = 360
)

func newChart(id, title string, counts []count) chart {
	c := chart{ID: id, Title: title, Height: barRow*len(counts) + 4}
	top := 1
	for _, x := range counts {
		if x.N > top {
			top = x.N
		}
	}
	for i, x := range counts {
		w := x.N * barWidth / top
		if w < 2 {
			w = 2
		}
		c.Bars = append(c.Bars, bar{Label: x.Name, N: x.N, Y: i * barRow, Width: w})
	}
	return c
}

type page struct {
	*Report
	Header  []string
	Rows    [][]string
	Classes []string
	Summary summary
	Charts  []chart
}

// writeHTML writes one self-contained page: inline CSS and SVG, no script,
// no external asset, so it can be archived as a CI artifact and opened
// anywhere. html/template escapes every value a repository supplies.
func writeHTML(w io.Writer, r *Report) error {
	t, err := template.New("report").Parse(pageTemplate)
	if err != nil {
		return err
	}
	s := summarise(r)
	p := page{Report: r, Header: Header(), Summary: s}
	for _, row := range r.Rows {
		p.Rows = append(p.Rows, row.Cells())
		class := "ok"
		switch {
		case row.Findings["error"] > 0:
			class = "error"
		case row.Findings["warning"] > 0:
			class = "warning"
		case !row.Dockerfile:
			class = "none"
		}
		p.Classes = append(p.Classes, class)
	}
	p.Charts = []chart{
		newChart("findings-per-rule", "Findings per rule", s.Rules),
		newChart("repositories-per-base", "Repositories per base image", s.Bases),
	}
	return t.Execute(w, p)
}
