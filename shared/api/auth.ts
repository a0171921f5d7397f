import { z } from 'zod';
import { IdSchema, TimestampSchema } from './common';

/**
 * admin: IT, may change everything; supervisor: reads workstations of their own teams and may ask
 * them to check now; auditor: reads everything, changes nothing.
 */
export const RoleSchema = z.enum(['admin', 'supervisor', 'auditor']);
export type Role = z.infer<typeof RoleSchema>;

/** Name of the session cookie (httpOnly, SameSite=Strict, Secure when served over HTTPS). */
export const SESSION_COOKIE = 'sg_session';
/** Header that must echo the session's CSRF token on every state-changing request. */
export const CSRF_HEADER = 'x-csrf-token';

/** POST /api/v1/auth/login. */
export const LoginRequestSchema = z.object({ email: z.string().min(3).max(320), password: z.string().min(1).max(1024) });
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

export const UserSchema = z.object({
  id: IdSchema,
  email: z.string(),
  role: RoleSchema,
  /** Teams a supervisor may see (empty for other roles). */
  teamIds: z.array(IdSchema),
  disabled: z.boolean(),
  createdAt: TimestampSchema,
});
export type User = z.infer<typeof UserSchema>;

/** Answer of login and GET /api/v1/auth/session: who is signed in and the CSRF token to echo. */
export const SessionInfoSchema = z.object({ user: UserSchema, csrfToken: z.string(), expiresAt: TimestampSchema });
export type SessionInfo = z.infer<typeof SessionInfoSchema>;

/** POST /api/v1/users (admin). */
export const CreateUserSchema = z.object({
  email: z.email().max(320),
  password: z.string().min(12).max(1024),
  role: RoleSchema,
  teamIds: z.array(IdSchema).max(200).default([]),
});
/** PATCH /api/v1/users/:id (admin). */
export const UpdateUserSchema = z.object({
  role: RoleSchema.optional(),
  teamIds: z.array(IdSchema).max(200).optional(),
  disabled: z.boolean().optional(),
  password: z.string().min(12).max(1024).optional(),
});

/** POST /api/v1/teams (admin). */
export const CreateTeamSchema = z.object({ name: z.string().min(1).max(120), site: z.string().min(1).max(120).nullable().default(null) });
