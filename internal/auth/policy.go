package auth

import (
	"context"
	"slices"

	"giaoban/internal/apperr"
	"giaoban/internal/period"
)

// Action is something a caller may be allowed to do.
type Action string

// Actions. The policy table below is the single statement of who may do what.
const (
	ActSelf           Action = "self"            // see one's own account, change one's password
	ActUnitRead       Action = "unit.read"       // see units and their history
	ActUnitManage     Action = "unit.manage"     // create units, import, record restructuring
	ActUserManage     Action = "user.manage"     // accounts
	ActAuditRead      Action = "audit.read"      // the audit log
	ActReportRead     Action = "report.read"     // read a unit's reports
	ActReportWrite    Action = "report.write"    // fill and submit a unit's reports
	ActReportReview   Action = "report.review"   // accept or return reports
	ActNewsEdit       Action = "news.edit"       // news articles
	ActTemplateManage Action = "template.manage" // indicators and report templates

	ActConferenceRead    Action = "conference.read"    // see a host unit's conferences and conclusions
	ActConferenceManage  Action = "conference.manage"  // plan conferences, take attendance, draft conclusions
	ActConclusionApprove Action = "conclusion.approve" // a leader approves a conclusion notice
	ActConclusionIssue   Action = "conclusion.issue"   // number and issue an approved notice
	ActTaskRead          Action = "task.read"          // see a unit's tasks
	ActTaskAssign        Action = "task.assign"        // create tasks for units in scope; confirm or return them as monitor
	ActTaskProgress      Action = "task.progress"      // the owner posts progress and proposes completion
	ActExemplarRead      Action = "exemplar.read"      // see a unit's Dân vận khéo models
	ActExemplarWrite     Action = "exemplar.write"     // register and update a unit's models
)

// scope says how a rule's unit is checked.
type scope int

const (
	scopeNone    scope = iota // no unit involved
	scopeSubtree              // the unit must be in the actor's scope subtree on the date
	scopeOwn                  // the unit must be the actor's own unit (or its predecessor/successor on the date)
)

type rule struct {
	roles []Role
	scope scope
}

// policy maps each action to the roles that may perform it and how the
// unit is checked. Admins may do everything everywhere; they are not listed.
var policy = map[Action][]rule{
	ActSelf:       {{roles: []Role{RoleCommission, RoleReporter, RoleLeader, RoleEditor}, scope: scopeNone}},
	ActUnitRead:   {{roles: []Role{RoleCommission, RoleLeader, RoleReporter, RoleEditor}, scope: scopeSubtree}},
	ActUnitManage: nil,
	ActUserManage: nil,
	ActAuditRead:  nil,
	ActReportRead: {
		{roles: []Role{RoleCommission, RoleLeader}, scope: scopeSubtree},
		{roles: []Role{RoleReporter}, scope: scopeSubtree},
	},
	// Reporters file their own unit's reports; commission staff may enter
	// reports for units in their scope (collected by e-mail, imported from
	// one workbook).
	ActReportWrite: {
		{roles: []Role{RoleReporter}, scope: scopeOwn},
		{roles: []Role{RoleCommission}, scope: scopeSubtree},
	},
	ActReportReview: {{roles: []Role{RoleCommission}, scope: scopeSubtree}},
	ActNewsEdit:     {{roles: []Role{RoleEditor, RoleCommission}, scope: scopeNone}},
	// The indicator catalogue is shared; a template belongs to its owner
	// unit, and commission staff manage those within their scope.
	ActTemplateManage: {{roles: []Role{RoleCommission}, scope: scopeSubtree}},

	// Conferences belong to their host (the commission); its staff run
	// them, leaders read them and approve conclusions, editors read them
	// to write the news. Reporters see the conferences their unit is
	// invited to and the items addressed to it through their tasks.
	ActConferenceRead: {
		{roles: []Role{RoleCommission, RoleLeader}, scope: scopeSubtree},
		{roles: []Role{RoleEditor}, scope: scopeNone},
	},
	ActConferenceManage:  {{roles: []Role{RoleCommission}, scope: scopeSubtree}},
	ActConclusionApprove: {{roles: []Role{RoleLeader}, scope: scopeSubtree}},
	ActConclusionIssue:   {{roles: []Role{RoleCommission}, scope: scopeSubtree}},
	// A task's unit is its lead unit (read, progress) or its monitoring
	// unit (assign, confirm, return).
	ActTaskRead: {
		{roles: []Role{RoleCommission, RoleLeader}, scope: scopeSubtree},
		{roles: []Role{RoleReporter}, scope: scopeSubtree},
	},
	ActTaskAssign: {{roles: []Role{RoleCommission}, scope: scopeSubtree}},
	ActTaskProgress: {
		{roles: []Role{RoleReporter}, scope: scopeOwn},
		{roles: []Role{RoleCommission}, scope: scopeSubtree},
	},
	ActExemplarRead: {
		{roles: []Role{RoleCommission, RoleLeader}, scope: scopeSubtree},
		{roles: []Role{RoleReporter}, scope: scopeSubtree},
	},
	ActExemplarWrite: {
		{roles: []Role{RoleReporter}, scope: scopeOwn},
		{roles: []Role{RoleCommission}, scope: scopeSubtree},
	},
}

// Hierarchy answers the unit questions Can needs. Implemented by org.Service.
type Hierarchy interface {
	ScopeRootsAt(ctx context.Context, unit string, at period.Date) ([]string, error)
	Within(ctx context.Context, roots []string, unit string, at period.Date) (bool, error)
}

// Authorizer decides every access. It is the one place permissions live.
type Authorizer struct {
	Units Hierarchy
}

// Can reports whether actor may perform action on unit (the subject's unit;
// "" when the action concerns no unit) as of date at. It returns nil when
// allowed, EUNAUTHORIZED for an anonymous actor, EFORBIDDEN otherwise.
func (a *Authorizer) Can(ctx context.Context, actor *Actor, action Action, unit string, at period.Date) error {
	if actor == nil {
		return apperr.Errorf(apperr.EUNAUTHORIZED, "Vui lòng đăng nhập.")
	}
	if actor.Has(RoleAdmin) {
		return nil
	}
	rules, ok := policy[action]
	if !ok {
		return apperr.Errorf(apperr.EFORBIDDEN, "Bạn không có quyền thực hiện thao tác này.")
	}
	for _, r := range rules {
		if !slices.ContainsFunc(actor.Roles, func(x Role) bool { return slices.Contains(r.roles, x) }) {
			continue
		}
		switch r.scope {
		case scopeNone:
			return nil
		case scopeSubtree, scopeOwn:
			if unit == "" || actor.UnitCode == "" {
				continue
			}
			if r.scope == scopeOwn {
				if unit == actor.UnitCode {
					return nil
				}
				continue
			}
			roots, err := a.Units.ScopeRootsAt(ctx, actor.UnitCode, at)
			if err != nil {
				return err
			}
			ok, err := a.Units.Within(ctx, roots, unit, at)
			if err != nil {
				return err
			}
			if ok {
				return nil
			}
		}
	}
	return apperr.Errorf(apperr.EFORBIDDEN, "Bạn không có quyền truy cập dữ liệu của đơn vị này.")
}

// ScopeRoots returns the roots of actor's scope on at; nil with all=true for
// an admin, who sees everything.
func (a *Authorizer) ScopeRoots(ctx context.Context, actor *Actor, at period.Date) (roots []string, all bool, err error) {
	if actor == nil {
		return nil, false, apperr.Errorf(apperr.EUNAUTHORIZED, "Vui lòng đăng nhập.")
	}
	if actor.Has(RoleAdmin) {
		return nil, true, nil
	}
	if actor.UnitCode == "" {
		return nil, false, nil
	}
	roots, err = a.Units.ScopeRootsAt(ctx, actor.UnitCode, at)
	return roots, false, err
}
