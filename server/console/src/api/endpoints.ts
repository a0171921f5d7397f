import { z } from 'zod';
import { AuditListSchema, type AuditEvent } from '../../../../shared/api/audit';
import { SessionInfoSchema, UserSchema, type SessionInfo, type User } from '../../../../shared/api/auth';
import { TeamSchema, type Team } from '../../../../shared/api/common';
import { CreatedEnrollmentTokenSchema, EnrollmentTokenInfoSchema, type CreatedEnrollmentToken, type EnrollmentTokenInfo } from '../../../../shared/api/enrollment';
import { PolicyInfoSchema, type PolicyInfo, type Rollout } from '../../../../shared/api/policy';
import {
  FleetSummarySchema,
  FleetTrendSchema,
  WorkstationHistorySchema,
  WorkstationListSchema,
  type FleetSummary,
  type FleetTrend,
  type WorkstationHistory,
  type WorkstationList,
} from '../../../../shared/api/workstations';
import { api, query } from './client';

/** Filters of the workstation list, as the contract's GET /workstations takes them. */
export interface WorkstationFilter {
  teamId?: string | undefined;
  state?: string | undefined;
  compliant?: 'true' | 'false' | undefined;
  sensitive?: 'true' | 'false' | undefined;
  q?: string | undefined;
  failingCheck?: string | undefined;
  policyId?: string | undefined;
  sort?: 'hostname' | 'lastSeen' | 'compliance' | undefined;
  order?: 'asc' | 'desc' | undefined;
}

const items = <T extends z.ZodType>(schema: T) => z.object({ items: z.array(schema) });

/** Typed calls of the endpoints the console uses (paths and shapes from shared/api). */
export const endpoints = {
  login: (email: string, password: string): Promise<SessionInfo> => api('POST', '/auth/login', SessionInfoSchema, { email, password }),
  logout: (): Promise<void> => api('POST', '/auth/logout', null),
  session: (): Promise<SessionInfo> => api('GET', '/auth/session', SessionInfoSchema),

  fleetSummary: (signal?: AbortSignal): Promise<FleetSummary> => api('GET', '/fleet/summary', FleetSummarySchema, undefined, signal),
  fleetTrend: (days: number, signal?: AbortSignal): Promise<FleetTrend> => api('GET', `/fleet/trend${query({ days })}`, FleetTrendSchema, undefined, signal),
  workstations: (filter: WorkstationFilter, limit: number, cursor?: string | null, signal?: AbortSignal): Promise<WorkstationList> =>
    api('GET', `/workstations${query({ ...filter, limit, cursor })}`, WorkstationListSchema, undefined, signal),
  history: (id: string, params: { kind?: string; before?: string; limit?: number }, signal?: AbortSignal): Promise<WorkstationHistory> =>
    api('GET', `/workstations/${encodeURIComponent(id)}/history${query(params)}`, WorkstationHistorySchema, undefined, signal),
  checkNow: (deviceIds: string[]): Promise<unknown> => api('POST', '/check-now', z.unknown(), { deviceIds }),

  teams: (signal?: AbortSignal): Promise<Team[]> => api('GET', '/teams', items(TeamSchema), undefined, signal).then((r) => r.items),
  createTeam: (name: string, site: string | null): Promise<unknown> => api('POST', '/teams', z.unknown(), { name, site }),
  assignPolicy: (teamId: string, policyId: string | null): Promise<unknown> => api('PUT', `/teams/${encodeURIComponent(teamId)}/policy`, z.unknown(), { policyId }),

  policies: (signal?: AbortSignal): Promise<PolicyInfo[]> => api('GET', '/policies', items(PolicyInfoSchema), undefined, signal).then((r) => r.items),
  createPolicy: (name: string, document: unknown): Promise<unknown> => api('POST', '/policies', z.unknown(), { name, document }),
  saveDraft: (policyId: string, document: unknown): Promise<unknown> => api('POST', `/policies/${encodeURIComponent(policyId)}/versions`, z.unknown(), { document }),
  publish: (policyId: string, version: number, rollout: Rollout): Promise<unknown> =>
    api('POST', `/policies/${encodeURIComponent(policyId)}/versions/${version}/publish`, z.unknown(), { rollout }),
  setDefaultPolicy: (policyId: string): Promise<unknown> => api('PUT', '/policies/default', z.unknown(), { policyId }),

  users: (signal?: AbortSignal): Promise<User[]> => api('GET', '/users', items(UserSchema), undefined, signal).then((r) => r.items),
  createUser: (body: { email: string; password: string; role: string; teamIds: string[] }): Promise<unknown> => api('POST', '/users', z.unknown(), body),
  updateUser: (id: string, body: { role?: string; teamIds?: string[]; disabled?: boolean }): Promise<unknown> =>
    api('PATCH', `/users/${encodeURIComponent(id)}`, z.unknown(), body),

  tokens: (signal?: AbortSignal): Promise<EnrollmentTokenInfo[]> => api('GET', '/enrollment-tokens', items(EnrollmentTokenInfoSchema), undefined, signal).then((r) => r.items),
  createToken: (body: { teamId?: string; site?: string; expiresInHours: number; maxUses: number; label?: string }): Promise<CreatedEnrollmentToken> =>
    api('POST', '/enrollment-tokens', CreatedEnrollmentTokenSchema, body),
  revokeToken: (id: string): Promise<unknown> => api('POST', `/enrollment-tokens/${encodeURIComponent(id)}/revoke`, null),

  audit: (params: { before?: string; action?: string; limit?: number }, signal?: AbortSignal): Promise<AuditEvent[]> =>
    api('GET', `/audit${query(params)}`, AuditListSchema, undefined, signal).then((r) => r.items),
};
