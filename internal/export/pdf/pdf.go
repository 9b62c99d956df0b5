// Package pdf turns generated DOCX documents into PDF with LibreOffice in
// headless mode, when it is installed (Debian: libreoffice-writer-nogui).
// A PDF that matches the Word file exactly needs a real layout engine; no
// maintained pure-Go library lays out Vietnamese official documents, so the
// server uses the one the offices already trust, and says so plainly when
// it is absent instead of producing a different-looking PDF.
package pdf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"time"
)

// ErrUnavailable is returned when LibreOffice is not installed.
var ErrUnavailable = errors.New("libreoffice not installed")

var (
	findOnce sync.Once
	binary   string
	// One conversion at a time: LibreOffice is heavy, and parallel
	// instances on one profile collide.
	convertMu sync.Mutex
)

// Available reports whether conversion is possible on this server.
func Available() bool {
	findOnce.Do(func() {
		for _, name := range []string{"soffice", "libreoffice"} {
			if p, err := exec.LookPath(name); err == nil {
				binary = p
				return
			}
		}
	})
	return binary != ""
}

// FromDOCX converts a DOCX document to PDF (within 90 s).
func FromDOCX(ctx context.Context, docx []byte) ([]byte, error) {
	if !Available() {
		return nil, ErrUnavailable
	}
	convertMu.Lock()
	defer convertMu.Unlock()
	dir, err := os.MkdirTemp("", "giaoban-pdf-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	in := filepath.Join(dir, "document.docx")
	if err := os.WriteFile(in, docx, 0o600); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, "--headless", "--norestore", "--nologo",
		"-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "pdf", "--outdir", dir, in)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("libreoffice: %w: %s", err, out.String())
	}
	pdf, err := os.ReadFile(filepath.Join(dir, "document.pdf"))
	if err != nil {
		return nil, fmt.Errorf("libreoffice produced no PDF: %w: %s", err, out.String())
	}
	return pdf, nil
}
