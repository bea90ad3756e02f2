// Who may do what. Routes name the permission they need (config.access); roles are only
// mentioned here, so a change of policy is a change of this table.
import type { AppUser } from '../db/users.ts';
import type { UserRole } from '../db/schema.ts';

export type Permission =
  /** The review queue and values, read only. */
  | 'review.read'
  /** Approve, correct or reject values. */
  | 'review.decide'
  /** Documents and their page images. */
  | 'documents.read'
  /** Indicator and province pages: roll-ups of published values. */
  | 'values.read'
  /** CSV and XLSX downloads of roll-ups and value lists. */
  | 'values.export'
  /** The reporting KPIs of every province (the page and its workbook). */
  | 'kpi.read'
  /** Re-running extraction. */
  | 'runs.start'
  /** Accounts and province assignments. */
  | 'users.manage'
  /** Upload one's province's reports, see what was read from them, remark on values, submit. */
  | 'submissions.submit';

// Reviewers read the analyst pages (documents only of their provinces, by the guard's
// scope) but do not export: a download leaves the application, with every province's
// figures and the evidence text of values still under review, so it is kept to the roles
// that answer for the national figures. The reporting KPIs rank every province and measure the
// reviewers' own work: they are for the Ministry's analysts, not for the reviewers measured.
// Admins can do what analysts do.
const GRANTS: Record<UserRole, readonly Permission[]> = {
  reviewer: ['review.read', 'review.decide', 'documents.read', 'values.read'],
  analyst: ['review.read', 'documents.read', 'values.read', 'values.export', 'kpi.read', 'runs.start'],
  admin: ['review.read', 'documents.read', 'values.read', 'values.export', 'kpi.read', 'runs.start', 'users.manage'],
  // A province's own staff: their uploads and what was read from them, nothing of the Ministry's
  // review (other provinces' figures, decisions) and no way to change a value themselves.
  submitter: ['submissions.submit'],
};

export function can(user: AppUser, permission: Permission): boolean {
  return GRANTS[user.role].includes(permission);
}

/** The provinces a user's reads and decisions are limited to; null: every province. */
export function provinceScope(user: AppUser): string[] | null {
  return user.role === 'reviewer' || user.role === 'submitter' ? user.provinces : null;
}

/** Where a user lands after logging in (and at /): a submitter's page is the submission page. */
export function homeOf(user: AppUser): string {
  return user.role === 'submitter' ? '/submit' : '/review';
}

/**
 * How a route finds the province of what it touches, for users limited to some provinces:
 * 'value' and 'document' read `:id` of the URL, 'province-query' the `province` filter,
 * 'upload' the province a report was uploaded for (submission_uploads, `:id`).
 */
export type Scope = 'value' | 'document' | 'province-query' | 'upload';

export type Access =
  /** Anyone, logged in or not (the login page). A state-changing public route gets the pre-session CSRF check. */
  | { public: true }
  | {
      /** 'session': any logged-in user. */
      permission: Permission | 'session';
      scope?: Scope;
      /** A page for people: without a session the answer is a redirect to /login rather than 401. */
      page?: boolean;
    };
