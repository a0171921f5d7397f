import { z } from 'zod';
import { canonicalJson } from './canonical-json';

/**
 * What an envelope's signature is for. The purpose is part of the signed bytes, so a signature
 * made for one purpose can never be replayed as another (a report cannot pass as a check-in).
 */
export const ENVELOPE_PURPOSES = ['report', 'check-in', 'policy', 'key-rotation'] as const;
export const EnvelopePurposeSchema = z.enum(ENVELOPE_PURPOSES);
/** One of {@link ENVELOPE_PURPOSES}. */
export type EnvelopePurpose = z.infer<typeof EnvelopePurposeSchema>;

/** An Ed25519 public key: the raw 32 bytes, base64url without padding (43 characters). */
export const Ed25519PublicKeySchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'expected a raw Ed25519 public key, base64url (43 characters)');
/** An Ed25519 signature: the raw 64 bytes, base64url without padding (86 characters). */
export const Ed25519SignatureSchema = z.string().regex(/^[A-Za-z0-9_-]{86}$/, 'expected an Ed25519 signature, base64url (86 characters)');

/** Version tag at the start of every signing input; bumped if the signing rules ever change. */
export const SIGNING_DOMAIN = 'shiftguard-envelope-v1';

/**
 * A signed envelope around a payload, with the payload left as plain JSON so it stays readable.
 *
 * - `keyId`: who signed: the device id for device envelopes, the server key id for policies.
 * - `signedAt`: when it was signed. For device envelopes the server refuses a `signedAt` outside
 *   its freshness window; a re-send from the outbox is re-signed with a fresh `signedAt` while the
 *   payload (and its id) stays byte-for-byte the same.
 * - `signature`: Ed25519 over {@link envelopeSigningInput}.
 */
export function signedEnvelopeSchema<P extends z.ZodType>(purpose: EnvelopePurpose, payload: P) {
  return z.object({
    purpose: z.literal(purpose),
    keyId: z.string().min(1).max(128),
    signedAt: z.iso.datetime({ offset: true }),
    payload,
    signature: Ed25519SignatureSchema,
  });
}

/** The envelope as it travels, before the payload is checked against its schema. */
export const AnySignedEnvelopeSchema = z.object({
  purpose: EnvelopePurposeSchema,
  keyId: z.string().min(1).max(128),
  signedAt: z.iso.datetime({ offset: true }),
  payload: z.unknown(),
  signature: Ed25519SignatureSchema,
});
export type AnySignedEnvelope = z.infer<typeof AnySignedEnvelopeSchema>;

/** The fields of an envelope that the signature covers. */
export interface EnvelopeHeader {
  purpose: EnvelopePurpose;
  keyId: string;
  signedAt: string;
}

/**
 * The exact text that is signed (as UTF-8 bytes):
 * `shiftguard-envelope-v1\n` + canonicalJson({ purpose, keyId, signedAt, payload }).
 * The payload is canonicalised as received, before any schema strips or defaults fields, so the
 * verifier checks what the signer signed.
 */
export function envelopeSigningInput(header: EnvelopeHeader, payload: unknown): string {
  return `${SIGNING_DOMAIN}\n${canonicalJson({ purpose: header.purpose, keyId: header.keyId, signedAt: header.signedAt, payload })}`;
}

/**
 * {@link envelopeSigningInput} when the payload's canonical JSON is already known: the same text,
 * built without canonicalising the payload a second time (the envelope's keys in sorted order are
 * keyId, payload, purpose, signedAt).
 */
export function envelopeSigningInputFromCanonical(header: EnvelopeHeader, canonicalPayload: string): string {
  return `${SIGNING_DOMAIN}\n{"keyId":${JSON.stringify(header.keyId)},"payload":${canonicalPayload},"purpose":${JSON.stringify(header.purpose)},"signedAt":${JSON.stringify(header.signedAt)}}`;
}
