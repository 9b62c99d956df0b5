package sqlstore

import (
	"context"
	"slices"
	"sync"

	"giaoban/internal/apperr"
	"giaoban/internal/report"
)

// catalogueCache keeps templates and indicators in memory: every report
// save reads its template and the whole indicator catalogue, and they
// change a few times a year. Exact across servers like the hierarchy: the
// 'templates' generation is bumped in every template or indicator write.
type catalogueCache struct {
	mu         sync.Mutex
	gen        int64
	loaded     bool
	indicators []report.Indicator
	templates  []report.Template
}

func (db *DB) catalogue(ctx context.Context) (*catalogueCache, error) {
	gen, err := db.generation(ctx, "templates")
	if err != nil {
		return nil, err
	}
	c := &db.cat
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.loaded || c.gen != gen {
		inds, err := db.loadIndicators(ctx)
		if err != nil {
			return nil, err
		}
		ts, err := db.loadTemplates(ctx)
		if err != nil {
			return nil, err
		}
		c.indicators, c.templates, c.gen, c.loaded = inds, ts, gen, true
	}
	return c, nil
}

// ListIndicators returns the catalogue by code (a copy).
func (db *DB) ListIndicators(ctx context.Context) ([]report.Indicator, error) {
	c, err := db.catalogue(ctx)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.indicators), nil
}

// ListTemplates returns every template by code (copies).
func (db *DB) ListTemplates(ctx context.Context) ([]report.Template, error) {
	c, err := db.catalogue(ctx)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]report.Template, len(c.templates))
	for i, t := range c.templates {
		out[i] = cloneTemplate(t)
	}
	return out, nil
}

// FindTemplate returns the template code; ENOTFOUND if none.
func (db *DB) FindTemplate(ctx context.Context, code string) (*report.Template, error) {
	c, err := db.catalogue(ctx)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, t := range c.templates {
		if t.Code == code {
			ct := cloneTemplate(t)
			return &ct, nil
		}
	}
	return nil, apperr.Errorf(apperr.ENOTFOUND, "Không có mẫu báo cáo %s.", code)
}

// cloneTemplate copies the slices a caller may change (an edit form).
func cloneTemplate(t report.Template) report.Template {
	t.Outline = slices.Clone(t.Outline)
	t.Indicators = slices.Clone(t.Indicators)
	t.Filers = slices.Clone(t.Filers)
	t.Rules = slices.Clone(t.Rules)
	t.Custom = slices.Clone(t.Custom)
	return t
}
