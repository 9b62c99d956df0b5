package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"

	"giaoban/internal/report"
)

// Report saves are committed in groups. With synchronous=FULL every commit
// waits for the disk, and SQLite has one writer: one save per commit caps a
// server at the disk's flush rate however many clients wait. So saves that
// arrive while a commit is in progress are queued, and the next transaction
// applies all of them, each inside its own savepoint (one stale save rolls
// back alone and gets its 409), with one commit for the group. A caller
// returns only after the commit that holds its save: an acknowledged save is
// on disk. Nothing waits for company: a lone save is committed at once.

type writeReq struct {
	ctx   context.Context
	saves []report.Save
	done  chan error
}

type groupCommitter struct {
	ch       chan *writeReq
	stop     chan struct{}
	wg       sync.WaitGroup
	stopOnce sync.Once
}

// maxGroup bounds one transaction, so no save waits behind a huge batch.
const maxGroup = 64

func (db *DB) startGroupCommit() {
	g := &groupCommitter{ch: make(chan *writeReq, 1024), stop: make(chan struct{})}
	db.group = g
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		for {
			var first *writeReq
			select {
			case first = <-g.ch:
			case <-g.stop:
				return
			}
			batch := []*writeReq{first}
		drain:
			for len(batch) < maxGroup {
				select {
				case r := <-g.ch:
					batch = append(batch, r)
				default:
					break drain
				}
			}
			db.commitGroup(batch)
		}
	}()
}

func (g *groupCommitter) close() {
	g.stopOnce.Do(func() { close(g.stop) }) // Close may be called twice
	g.wg.Wait()
	// Fail whatever is still queued rather than leave callers waiting.
	for {
		select {
		case r := <-g.ch:
			r.done <- errors.New("store closed")
		default:
			return
		}
	}
}

// commitGroup applies every request of the batch in one transaction.
func (db *DB) commitGroup(batch []*writeReq) {
	errs := make([]error, len(batch))
	err := db.inTx(context.Background(), func(tx *sql.Tx) error {
		for i, req := range batch {
			// The request's values (its author, for the audit) but not
			// its cancellation: a client that hangs up must not break
			// the transaction the others are in.
			ctx := context.WithoutCancel(req.ctx)
			sp := fmt.Sprintf("save_%d", i)
			if _, err := tx.ExecContext(ctx, "SAVEPOINT "+sp); err != nil {
				return err
			}
			var err error
			for _, sv := range req.saves {
				if err = db.saveReportTx(ctx, tx, sv); err != nil {
					break
				}
			}
			if err != nil {
				errs[i] = err
				for _, sv := range req.saves {
					sv.Report.Version = sv.Base
				}
				if _, rerr := tx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT "+sp); rerr != nil {
					return rerr
				}
			}
			if _, err := tx.ExecContext(ctx, "RELEASE SAVEPOINT "+sp); err != nil {
				return err
			}
		}
		return nil
	})
	for i, req := range batch {
		if err != nil {
			req.done <- fmt.Errorf("save reports: %w", err)
			continue
		}
		req.done <- errs[i]
	}
}

// SaveReports writes several reports in one transaction: all or none (a
// commission's workbook of many units). Concurrent calls share commits.
func (db *DB) SaveReports(ctx context.Context, saves []report.Save) error {
	if db.group == nil {
		return db.inTx(ctx, func(tx *sql.Tx) error {
			for _, sv := range saves {
				if err := db.saveReportTx(ctx, tx, sv); err != nil {
					return err
				}
			}
			return nil
		})
	}
	req := &writeReq{ctx: ctx, saves: saves, done: make(chan error, 1)}
	select {
	case db.group.ch <- req:
	case <-ctx.Done():
		return ctx.Err()
	}
	// Once queued the save will be committed or refused; wait for the
	// answer even if the client has gone, so the result is never unknown
	// to the store.
	return <-req.done
}
