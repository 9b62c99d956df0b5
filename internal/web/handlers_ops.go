package web

import (
	"context"
	"net"
	"net/http"
	"time"

	"giaoban/internal/apperr"
)

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) error {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := s.db.Ping(ctx); err != nil {
		s.log.Error("health: database", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		_, err = w.Write([]byte("database unavailable\n"))
		return err
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, err := w.Write([]byte("ok\n"))
	return err
}

// handleMetrics serves Prometheus text, to loopback callers only: the
// figures say too much about the deployment to publish.
func (s *Server) handleMetrics(w http.ResponseWriter, r *http.Request) error {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return apperr.Errorf(apperr.EFORBIDDEN, "Chỉ truy cập được từ máy chủ.")
	}
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	s.metrics.write(w, s.db)
	return nil
}

func (s *Server) handleStatic(w http.ResponseWriter, r *http.Request) error {
	name := r.PathValue("name")
	f, ok := s.static.byName[name]
	if !ok {
		return apperr.Errorf(apperr.ENOTFOUND, "Không tìm thấy tệp.")
	}
	if r.PathValue("hash") != f.hash {
		// An old hash: send the current file but do not let it be cached
		// forever under the wrong name.
		w.Header().Set("Cache-Control", "no-cache")
	} else {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	}
	w.Header().Set("Content-Type", f.ctype)
	_, err := w.Write(f.body)
	return err
}
