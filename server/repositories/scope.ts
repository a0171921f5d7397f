import type { Role } from '../../shared/api/auth';

/**
 * What a person may see. Admins and auditors see everything; a supervisor sees the workstations of
 * their own teams only. Every repository query that returns workstation data takes a Scope, so the
 * rule is applied in SQL, not by filtering afterwards.
 */
export type Scope = { kind: 'all' } | { kind: 'teams'; teamIds: readonly string[] };

export const ALL: Scope = { kind: 'all' };

/** The scope of a signed-in person. */
export function scopeFor(user: { role: Role; teamIds: readonly string[] }): Scope {
  return user.role === 'supervisor' ? { kind: 'teams', teamIds: user.teamIds } : ALL;
}

/** Whether a workstation of `teamId` is inside the scope. */
export function inScope(scope: Scope, teamId: string | null): boolean {
  return scope.kind === 'all' || (teamId !== null && scope.teamIds.includes(teamId));
}
