import { z } from 'zod';
import { signedEnvelopeSchema } from '../envelope/signed-envelope';
import { PolicySchema } from '../policy/schema';
import { IdSchema, TimestampSchema } from './common';

/**
 * Who gets a published version first.
 * - `all`: every device the policy is assigned to;
 * - `devices`: only the named devices (a pilot);
 * - `percent`: a stable share of the assigned devices (the same devices for every version at the
 *   same percentage: sha256(policyId + deviceId) decides).
 * A device outside a version's rollout keeps the newest earlier version that includes it.
 */
export const RolloutSchema = z.discriminatedUnion('stage', [
  z.object({ stage: z.literal('all') }),
  z.object({ stage: z.literal('devices'), deviceIds: z.array(IdSchema).min(1).max(1000) }),
  z.object({ stage: z.literal('percent'), percent: z.number().int().min(1).max(99) }),
]);
export type Rollout = z.infer<typeof RolloutSchema>;

/**
 * The payload of a policy envelope (purpose "policy", keyId = the server key id). `document.version`
 * equals `version`; agents refuse a version lower than or equal to the one they applied for the
 * same policyId (rollback), and any envelope whose signature does not verify with the server key
 * they got at enrollment.
 */
export const PolicyPayloadSchema = z.object({
  policyId: IdSchema,
  version: z.number().int().min(1),
  publishedAt: TimestampSchema,
  /** The device this copy was issued to: an envelope for one device does not apply on another. */
  deviceId: IdSchema,
  document: PolicySchema,
});
export type PolicyPayload = z.infer<typeof PolicyPayloadSchema>;

/** A server-signed policy for one device. */
export const SignedPolicySchema = signedEnvelopeSchema('policy', PolicyPayloadSchema);
export type SignedPolicy = z.infer<typeof SignedPolicySchema>;

// ---- admin API (session + CSRF, role admin) ----

/** POST /api/v1/policies: a new policy (named document); its first version is a draft. */
export const CreatePolicySchema = z.object({ name: z.string().min(1).max(120), document: z.unknown() });

/** POST /api/v1/policies/:id/versions: a new draft version. `document` is checked by PolicySchema on save and again on publish. */
export const CreatePolicyVersionSchema = z.object({ document: z.unknown() });

/** POST /api/v1/policies/:id/versions/:version/publish: publish a draft to a rollout stage (default all). */
export const PublishPolicySchema = z.object({ rollout: RolloutSchema.default({ stage: 'all' }) });

/** POST /api/v1/policies/:id/versions/:version/rollout: widen (or narrow) a published version's rollout. */
export const UpdateRolloutSchema = z.object({ rollout: RolloutSchema });

/** PUT /api/v1/teams/:id/policy: which policy a team follows; null means the default policy. */
export const AssignPolicySchema = z.object({ policyId: IdSchema.nullable() });

/** PUT /api/v1/policies/default: the policy of devices whose team has none assigned. */
export const SetDefaultPolicySchema = z.object({ policyId: IdSchema });

export const PolicyVersionInfoSchema = z.object({
  version: z.number().int(),
  status: z.enum(['draft', 'published']),
  rollout: RolloutSchema.nullable(),
  createdAt: TimestampSchema,
  publishedAt: TimestampSchema.nullable(),
  document: PolicySchema,
});
export type PolicyVersionInfo = z.infer<typeof PolicyVersionInfoSchema>;

export const PolicyInfoSchema = z.object({
  id: IdSchema,
  name: z.string(),
  isDefault: z.boolean(),
  teamIds: z.array(IdSchema),
  versions: z.array(PolicyVersionInfoSchema),
});
export type PolicyInfo = z.infer<typeof PolicyInfoSchema>;
