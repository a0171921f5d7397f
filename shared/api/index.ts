/**
 * The HTTP contract of the central endpoint (all paths under /api/v1):
 *
 * Devices (signed, no session): POST /enroll · POST /reports · POST /agent/check-in · GET /agent/events (SSE)
 * People (session cookie + x-csrf-token on changes): /auth/login · /auth/logout · /auth/session ·
 * /workstations · /workstations/:id/history · /workstations/:id/export · DELETE /workstations/:id ·
 * /fleet/summary · /check-now · /policies… · /teams… · /users… · /enrollment-tokens… · /audit ·
 * /settings/retention. Operations: GET /healthz, GET /metrics, GET /api/v1/openapi.json.
 */
export * from './agent';
export * from './audit';
export * from './auth';
export * from './common';
export * from './enrollment';
export * from './errors';
export * from './policy';
export * from './report';
export * from './workstations';
