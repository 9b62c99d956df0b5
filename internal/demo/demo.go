// Package demo loads the demo: Lạng Sơn province as it was in 2019 (the
// quarter the seed article reports), and the 2025 restructuring after it.
// Everything is built by Go code from embedded data; there is no binary
// database in the repository.
package demo

import (
	"context"
	"embed"
	"fmt"
	"io/fs"

	"giaoban/internal/apperr"
	"giaoban/internal/auth"
	"giaoban/internal/org"
	"giaoban/internal/period"
)

//go:embed data/*.csv
var dataFS embed.FS

// Province is the demo province's code (Lạng Sơn).
const Province = "20"

// Codes of the demo's provincial bodies. Admin units keep their official
// codes (digits); bodies get "20-" and a short ASCII name.
const (
	Commission       = "20-BDV"   // Ban Dân vận Tỉnh ủy (until 28/02/2025)
	PropagandaBoard  = "20-BTG"   // Ban Tuyên giáo Tỉnh ủy (until 28/02/2025)
	MergedCommission = "20-BTGDV" // Ban Tuyên giáo và Dân vận Tỉnh ủy (from 01/03/2025)
	Front            = "20-MTTQ"
	Farmers          = "20-HND"
	Women            = "20-HLHPN"
	Youth            = "20-TD"
	Veterans         = "20-HCCB"
	Labour           = "20-LDLD"
	Military         = "20-BCHQS"
	BorderGuard      = "20-BDBP"
	Police           = "20-CA"
	Ethnic           = "20-BDT"
	Government       = "20-UBND"
	CaoLoc           = "183" // Huyện Cao Lộc, an admin unit until 30/06/2025
)

var (
	commissionMerge = period.MustParse("2025-03-01")
	beforeMerge     = period.MustParse("2025-02-28")
)

type body struct {
	code, name string
	kind       org.Kind
	sector     org.Sector
	from, to   period.Date
}

// bodies are the provincial bodies that file reports to the commission.
var bodies = []body{
	{Commission, "Ban Dân vận Tỉnh ủy", org.KindCommission, org.SectorParty, org.Epoch, beforeMerge},
	{PropagandaBoard, "Ban Tuyên giáo Tỉnh ủy", org.KindPartyCommittee, org.SectorParty, org.Epoch, beforeMerge},
	{MergedCommission, "Ban Tuyên giáo và Dân vận Tỉnh ủy", org.KindCommission, org.SectorParty, commissionMerge, period.Forever},
	{Front, "Ủy ban MTTQ Việt Nam tỉnh", org.KindFront, org.SectorFront, org.Epoch, period.Forever},
	{Farmers, "Hội Nông dân tỉnh", org.KindMassOrg, org.SectorFront, org.Epoch, period.Forever},
	{Women, "Hội Liên hiệp Phụ nữ tỉnh", org.KindMassOrg, org.SectorFront, org.Epoch, period.Forever},
	{Youth, "Tỉnh đoàn", org.KindMassOrg, org.SectorFront, org.Epoch, period.Forever},
	{Veterans, "Hội Cựu chiến binh tỉnh", org.KindMassOrg, org.SectorFront, org.Epoch, period.Forever},
	{Labour, "Liên đoàn Lao động tỉnh", org.KindMassOrg, org.SectorFront, org.Epoch, period.Forever},
	{Military, "Bộ Chỉ huy Quân sự tỉnh", org.KindArmedForces, org.SectorArmedForces, org.Epoch, period.Forever},
	{BorderGuard, "Bộ Chỉ huy Bộ đội Biên phòng tỉnh", org.KindArmedForces, org.SectorArmedForces, org.Epoch, period.Forever},
	{Police, "Công an tỉnh", org.KindArmedForces, org.SectorArmedForces, org.Epoch, period.Forever},
	{Ethnic, "Ban Dân tộc tỉnh", org.KindGovernment, org.SectorGovernment, org.Epoch, period.Forever},
	{Government, "UBND tỉnh (Sở Nội vụ)", org.KindGovernment, org.SectorGovernment, org.Epoch, period.Forever},
}

// Units returns the demo's whole unit import: Lạng Sơn's admin units before
// and after 2025 (a subset of the national lists, with the real mapping),
// the provincial bodies, and the 2025 merge of the commission.
func Units() (*org.Import, error) {
	sub, err := fs.Sub(dataFS, "data")
	if err != nil {
		return nil, err
	}
	imp, _, err := org.ParseAdminUnits(sub)
	if err != nil {
		return nil, fmt.Errorf("demo units: %w", err)
	}
	for _, b := range bodies {
		imp.Records = append(imp.Records, org.Record{Code: b.code, Kind: b.kind, Sector: b.sector, Place: "Lạng Sơn", ValidFrom: b.from, ValidTo: b.to})
		imp.Parents = append(imp.Parents, org.ParentLink{Code: b.code, Parent: Province, ValidFrom: b.from, ValidTo: b.to})
		if b.code == Ethnic {
			// Ban Dân tộc became Sở Dân tộc và Tôn giáo on 01/03/2025.
			imp.Names = append(imp.Names,
				org.NameVersion{Code: b.code, Name: b.name, FullName: b.name, ValidFrom: b.from, ValidTo: beforeMerge},
				org.NameVersion{Code: b.code, Name: "Sở Dân tộc và Tôn giáo", FullName: "Sở Dân tộc và Tôn giáo", ValidFrom: commissionMerge, ValidTo: b.to})
			continue
		}
		imp.Names = append(imp.Names, org.NameVersion{Code: b.code, Name: b.name, FullName: b.name, ValidFrom: b.from, ValidTo: b.to})
	}
	imp.Events = append(imp.Events,
		org.Event{Kind: org.EventMerge, Date: commissionMerge, Note: "Hợp nhất Ban Tuyên giáo và Ban Dân vận Tỉnh ủy",
			Links: []org.Link{{From: Commission, To: MergedCommission}, {From: PropagandaBoard, To: MergedCommission}}},
		org.Event{Kind: org.EventRename, Date: commissionMerge, Note: "Ban Dân tộc tỉnh thành Sở Dân tộc và Tôn giáo",
			Links: []org.Link{{From: Ethnic, To: Ethnic}}},
	)
	if err := imp.Validate(); err != nil {
		return nil, fmt.Errorf("demo units: %w", err)
	}
	return imp, nil
}

// Account is a demo login.
type Account struct {
	Username string
	FullName string
	Roles    []auth.Role
	Unit     string
}

// Accounts are the demo logins; every one has the password "demo".
var Accounts = []Account{
	{"admin", "Quản trị hệ thống", []auth.Role{auth.RoleAdmin}, ""},
	{"chuyenvien", "Nguyễn Thu Hà", []auth.Role{auth.RoleCommission}, MergedCommission},
	{"lanhdao", "Hoàng Văn Nghiệm", []auth.Role{auth.RoleLeader}, Province},
	{"bientap", "Thùy Linh", []auth.Role{auth.RoleEditor}, MergedCommission},
	{"mttq", "Lương Thị Hạnh", []auth.Role{auth.RoleReporter}, Front},
	{"caoloc", "Vi Văn Thành", []auth.Role{auth.RoleReporter}, CaoLoc},
	{"hoinongdan", "Hoàng Văn Pao", []auth.Role{auth.RoleReporter}, Farmers},
	{"bandantoc", "Lộc Thị Mai", []auth.Role{auth.RoleReporter}, Ethnic},
}

// Password is every demo account's password.
const Password = "demo"

// Store is what the demo loader writes to.
type Store interface {
	org.Store
	ReportStore
	MeetingStore
	ExemplarStore
	ArticleStore
	CreateUser(ctx context.Context, u *auth.User) error
	FindUserByUsername(ctx context.Context, username string) (*auth.User, error)
}

// Load fills an empty database with the demo. On a database that already
// holds the demo it does nothing; on one that holds other data it refuses,
// so the demo never mixes with real data. It reports whether it loaded.
func Load(ctx context.Context, db Store, now period.Date) (bool, error) {
	if _, err := db.FindUserByUsername(ctx, "chuyenvien"); err == nil {
		return false, nil
	}
	if us, err := db.ListUnits(ctx, org.Filter{At: now, Limit: 1}); err != nil {
		return false, err
	} else if len(us) > 0 {
		return false, apperr.Errorf(apperr.ECONFLICT, "Cơ sở dữ liệu đã có dữ liệu khác; chỉ nạp bản trình diễn vào cơ sở dữ liệu trống.")
	}
	imp, err := Units()
	if err != nil {
		return false, err
	}
	if err := db.ImportUnits(ctx, imp); err != nil {
		return false, err
	}
	if err := loadReports(ctx, db); err != nil {
		return false, fmt.Errorf("demo reports: %w", err)
	}
	// One hash for all: every demo account has the same password, and
	// argon2id is deliberately slow.
	hash, err := auth.HashPassword(Password)
	if err != nil {
		return false, err
	}
	for _, a := range Accounts {
		t := now.Time()
		u := &auth.User{Username: a.Username, FullName: a.FullName, UnitCode: a.Unit, Roles: a.Roles, PasswordHash: hash, CreatedAt: t, UpdatedAt: t}
		if err := db.CreateUser(ctx, u); err != nil {
			return false, fmt.Errorf("demo account %s: %w", a.Username, err)
		}
	}
	c, cl, err := loadMeetings(ctx, db)
	if err != nil {
		return false, fmt.Errorf("demo conferences: %w", err)
	}
	if err := loadExemplars(ctx, db, now); err != nil {
		return false, fmt.Errorf("demo Dân vận khéo: %w", err)
	}
	if err := loadArticle(ctx, db, c, cl, now); err != nil {
		return false, fmt.Errorf("demo article: %w", err)
	}
	return true, nil
}
