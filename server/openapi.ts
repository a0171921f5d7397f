import { z } from 'zod';
import { CheckInResponseSchema, LiveEventSchema, SignedCheckInSchema } from '../shared/api/agent';
import { AuditListSchema, AuditQuerySchema, RetentionSettingsSchema } from '../shared/api/audit';
import { CreateTeamSchema, CreateUserSchema, LoginRequestSchema, SessionInfoSchema, UpdateUserSchema, UserSchema } from '../shared/api/auth';
import { TeamSchema } from '../shared/api/common';
import { CreatedEnrollmentTokenSchema, CreateEnrollmentTokenSchema, EnrollmentRequestSchema, EnrollmentResponseSchema, EnrollmentTokenInfoSchema } from '../shared/api/enrollment';
import { ApiErrorSchema } from '../shared/api/errors';
import { AssignPolicySchema, CreatePolicySchema, CreatePolicyVersionSchema, PolicyInfoSchema, PublishPolicySchema, SetDefaultPolicySchema, SignedPolicySchema, UpdateRolloutSchema } from '../shared/api/policy';
import { ReportAcceptedSchema, SignedReportSchema } from '../shared/api/report';
import {
  CheckNowAcceptedSchema,
  CheckNowCommandSchema,
  FleetSummarySchema,
  FleetTrendQuerySchema,
  FleetTrendSchema,
  HistoryQuerySchema,
  WorkstationExportSchema,
  WorkstationHistorySchema,
  WorkstationListQuerySchema,
  WorkstationListSchema,
} from '../shared/api/workstations';
import { API_PREFIX } from '../shared/version';

type Who = 'device' | 'public' | 'admin' | 'admin, auditor' | 'admin, supervisor' | 'any role';
interface Operation {
  summary: string;
  who: Who;
  body?: z.ZodType;
  query?: z.ZodObject;
  response?: z.ZodType;
  status?: number;
}

const list = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

// One table of every route; test/server/people-api.test.ts checks that each registered route is in it.
const OPERATIONS: Record<string, Record<string, Operation>> = {
  '/enroll': { post: { summary: 'Enroll a workstation with a token', who: 'public', body: EnrollmentRequestSchema, response: EnrollmentResponseSchema, status: 201 } },
  '/reports': { post: { summary: 'Send a device-signed report', who: 'device', body: SignedReportSchema, response: ReportAcceptedSchema, status: 201 } },
  '/agent/check-in': { post: { summary: 'Check in: report the applied policy, receive a newer signed policy and check-now requests', who: 'device', body: SignedCheckInSchema, response: CheckInResponseSchema } },
  '/agent/events': { get: { summary: 'Live channel (text/event-stream of LiveEvent); ShiftGuard-Device authorization header', who: 'device', response: LiveEventSchema } },
  '/auth/login': { post: { summary: 'Sign in (sets the session cookie)', who: 'public', body: LoginRequestSchema, response: SessionInfoSchema } },
  '/auth/logout': { post: { summary: 'Sign out', who: 'any role', status: 204 } },
  '/auth/session': { get: { summary: 'The signed-in person and CSRF token', who: 'any role', response: SessionInfoSchema } },
  '/workstations': { get: { summary: 'Workstations in scope', who: 'any role', query: WorkstationListQuerySchema, response: WorkstationListSchema } },
  '/workstations/{id}/history': { get: { summary: 'One workstation with its reports', who: 'any role', query: HistoryQuerySchema, response: WorkstationHistorySchema } },
  '/workstations/{id}/export': { get: { summary: 'Everything stored about one workstation', who: 'admin', response: WorkstationExportSchema } },
  '/workstations/{id}': { delete: { summary: 'Delete one workstation and its data', who: 'admin', status: 204 } },
  '/workstations/{id}/revoke': { post: { summary: 'Revoke a device', who: 'admin', status: 204 } },
  '/fleet/summary': { get: { summary: 'Counts for the fleet in scope and per team, and failing checks', who: 'any role', response: FleetSummarySchema } },
  '/fleet/trend': { get: { summary: 'Compliance of the fleet in scope per day (today: the current state)', who: 'any role', query: FleetTrendQuerySchema, response: FleetTrendSchema } },
  '/check-now': { post: { summary: 'Ask workstations to run their checks now', who: 'admin, supervisor', body: CheckNowCommandSchema, response: CheckNowAcceptedSchema, status: 202 } },
  '/policies': {
    get: { summary: 'Policies with their versions', who: 'admin, auditor', response: list(PolicyInfoSchema) },
    post: { summary: 'Create a policy (first draft)', who: 'admin', body: CreatePolicySchema, status: 201 },
  },
  '/policies/{id}/versions': { post: { summary: 'Add a draft version', who: 'admin', body: CreatePolicyVersionSchema, status: 201 } },
  '/policies/{id}/versions/{version}/publish': { post: { summary: 'Publish a draft (validated again) to a rollout stage', who: 'admin', body: PublishPolicySchema, status: 204 } },
  '/policies/{id}/versions/{version}/rollout': { post: { summary: "Change a published version's rollout", who: 'admin', body: UpdateRolloutSchema, status: 204 } },
  '/policies/default': { put: { summary: 'Set the default policy', who: 'admin', body: SetDefaultPolicySchema, status: 204 } },
  '/teams': {
    get: { summary: 'Teams', who: 'any role', response: list(TeamSchema) },
    post: { summary: 'Create a team', who: 'admin', body: CreateTeamSchema, response: TeamSchema, status: 201 },
  },
  '/teams/{id}/policy': { put: { summary: "Assign a team's policy", who: 'admin', body: AssignPolicySchema, status: 204 } },
  '/users': {
    get: { summary: 'Users', who: 'admin', response: list(UserSchema) },
    post: { summary: 'Create a user', who: 'admin', body: CreateUserSchema, status: 201 },
  },
  '/users/{id}': { patch: { summary: 'Change role, teams, password or disable', who: 'admin', body: UpdateUserSchema, status: 204 } },
  '/enrollment-tokens': {
    get: { summary: 'Enrollment tokens (without secrets)', who: 'admin', response: list(EnrollmentTokenInfoSchema) },
    post: { summary: 'Create a token (the secret is shown once)', who: 'admin', body: CreateEnrollmentTokenSchema, response: CreatedEnrollmentTokenSchema, status: 201 },
  },
  '/enrollment-tokens/{id}/revoke': { post: { summary: 'Revoke a token', who: 'admin', status: 204 } },
  '/audit': { get: { summary: 'Audit trail, newest first', who: 'admin, auditor', query: AuditQuerySchema, response: AuditListSchema } },
  '/settings/retention': {
    get: { summary: 'Retention settings', who: 'admin, auditor', response: RetentionSettingsSchema },
    put: { summary: 'Change retention', who: 'admin', body: RetentionSettingsSchema, status: 204 },
  },
};

const schema = (s: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'openapi-3.0' });

/** The OpenAPI 3.0 description of the API, generated from the shared zod schemas. */
export function buildOpenApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [p, ops] of Object.entries(OPERATIONS)) {
    const item: Record<string, unknown> = {};
    for (const [method, op] of Object.entries(ops)) {
      const parameters = [
        ...[...p.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } })),
        ...Object.entries(op.query?.shape ?? {}).map(([name, s]) => ({ name, in: 'query', required: !(s as z.ZodType).safeParse(undefined).success, schema: schema(s as z.ZodType, 'input') })),
      ];
      item[method] = {
        summary: op.summary,
        description: `Who: ${op.who}.`,
        ...(parameters.length > 0 ? { parameters } : {}),
        ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: schema(op.body, 'input') } } } } : {}),
        responses: {
          [String(op.status ?? 200)]: op.response ? { description: 'OK', content: { 'application/json': { schema: schema(op.response, 'output') } } } : { description: 'OK' },
          default: { description: 'Error', content: { 'application/json': { schema: schema(ApiErrorSchema, 'output') } } },
        },
      };
    }
    paths[`${API_PREFIX}${p}`] = item;
  }
  return {
    openapi: '3.0.3',
    info: { title: 'ShiftGuard central endpoint', version: API_PREFIX.replace('/api/', '') },
    paths,
    components: { schemas: { SignedPolicy: schema(SignedPolicySchema, 'output') } },
  };
}
