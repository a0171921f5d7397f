import { z } from 'zod';
import { Ed25519PublicKeySchema } from '../envelope/signed-envelope';
import { IdSchema, TimestampSchema } from './common';

/**
 * POST /api/v1/enroll (no session; the token is the credential).
 *
 * The workstation sends the enrollment token IT gave it, its hashed machine id (sha256 hex of a
 * product-salted OS machine id; the raw id never leaves the machine) and the public half of the
 * Ed25519 key pair it just made. Enrolling the same machine again (re-install) makes a new device
 * and revokes the old one, so a stolen old key stops working.
 */
export const EnrollmentRequestSchema = z.object({
  token: z.string().min(16).max(200),
  machineIdHash: z.string().regex(/^[0-9a-f]{64}$/, 'expected a sha256 hex digest'),
  publicKey: Ed25519PublicKeySchema,
  hostname: z.string().min(1).max(255),
  agentVersion: z.string().min(1).max(64),
});
export type EnrollmentRequest = z.infer<typeof EnrollmentRequestSchema>;

/** 201 answer: who the device now is and which key signs its policies. */
export const EnrollmentResponseSchema = z.object({
  deviceId: IdSchema,
  teamId: IdSchema.nullable(),
  site: z.string().nullable(),
  /** The server's policy-signing key (raw Ed25519, base64url); agents verify every policy with it. */
  serverPublicKey: Ed25519PublicKeySchema,
  /** Id of that key, as it appears in policy envelopes' `keyId`. */
  serverKeyId: z.string(),
  /** Largest |server clock − signedAt| the server accepts on device envelopes. */
  maxClockSkewSeconds: z.number().int().positive(),
});
export type EnrollmentResponse = z.infer<typeof EnrollmentResponseSchema>;

/** POST /api/v1/enrollment-tokens (admin): a token for one team or one site. */
export const CreateEnrollmentTokenSchema = z
  .object({
    teamId: IdSchema.optional(),
    site: z.string().min(1).max(120).optional(),
    /** Hours until the token stops working. */
    expiresInHours: z.number().int().min(1).max(24 * 365).default(72),
    maxUses: z.number().int().min(1).max(100_000).default(1),
    label: z.string().max(200).optional(),
  })
  .refine((t) => (t.teamId === undefined) !== (t.site === undefined), { message: 'give exactly one of teamId or site', path: ['teamId'] });
export type CreateEnrollmentToken = z.input<typeof CreateEnrollmentTokenSchema>;

/** An enrollment token as listed (the secret itself is shown only once, at creation). */
export const EnrollmentTokenInfoSchema = z.object({
  id: IdSchema,
  teamId: IdSchema.nullable(),
  site: z.string().nullable(),
  label: z.string().nullable(),
  expiresAt: TimestampSchema,
  maxUses: z.number().int(),
  uses: z.number().int(),
  revokedAt: TimestampSchema.nullable(),
  createdAt: TimestampSchema,
});
export type EnrollmentTokenInfo = z.infer<typeof EnrollmentTokenInfoSchema>;

/** 201 answer of token creation: the only time `token` is visible; the server keeps a hash. */
export const CreatedEnrollmentTokenSchema = EnrollmentTokenInfoSchema.extend({ token: z.string() });
export type CreatedEnrollmentToken = z.infer<typeof CreatedEnrollmentTokenSchema>;
