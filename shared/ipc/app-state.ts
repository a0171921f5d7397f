import { z } from 'zod';
import { PostureReportBodySchema } from '../api/report';
import { LanguageSchema } from '../i18n/languages';
import { AttestationSchema } from '../policy/schema';
import { CheckIdSchema, CheckResultSchema } from '../posture/check-result';

/** A check result with its policy judgement (shared/posture/grace: judgeChecks). */
export const JudgedCheckSchema = CheckResultSchema.extend({
  mode: z.enum(['enforce', 'audit', 'off']),
  judgement: z.enum(['pass', 'off', 'audit', 'grace', 'blocking']),
  firstFailedAt: z.iso.datetime({ offset: true }).nullable(),
  /** When a failing enforced check starts to block (null: no grace period). */
  graceEndsAt: z.iso.datetime({ offset: true }).nullable(),
  graceRemainingMinutes: z.number().int().nonnegative().nullable(),
});
export type JudgedCheckView = z.infer<typeof JudgedCheckSchema>;

/** One finished round of posture checks, judged like `shiftguard check` judges it, as the agent UI shows it. */
export const CheckRunSchema = z.object({
  /** No enforced check is blocking (failures inside their grace period do not count yet). */
  compliant: z.boolean(),
  /** Every enforced check passed, grace periods aside. */
  allEnforcedPassed: z.boolean(),
  checks: z.array(JudgedCheckSchema),
  finishedAt: z.iso.datetime({ offset: true }),
});
export type CheckRun = z.infer<typeof CheckRunSchema>;

/** The settings an agent may change in the app, unless IT locked them (managed configuration). */
export const SETTING_KEYS = ['language', 'startAtLogin'] as const;
export const SettingKeySchema = z.enum(SETTING_KEYS);
export type SettingKey = z.infer<typeof SettingKeySchema>;

/**
 * What sensitive mode holds back while it is on; the banner names each one. app-windows-hidden
 * is ShiftGuard's own windows, which are hidden from screen capture at all times anyway.
 */
export const LOCKED_CONTROLS = ['clipboard-emptied', 'clipboard-scrubbed', 'print-screen-blocked', 'screen-capture-blocked', 'note-apps-held-back', 'app-windows-hidden'] as const;
export const LockedControlSchema = z.enum(LOCKED_CONTROLS);
export type LockedControl = z.infer<typeof LockedControlSchema>;

/** Why sensitive mode is on: a policy window rule, an integration (CRM/softphone), a link, or the agent. */
export const SensitiveReasonSchema = z.object({
  kind: z.enum(['window', 'integration', 'link', 'manual']),
  /** Rule id or integration name; never card data. */
  detail: z.string().max(200),
});
export type SensitiveReason = z.infer<typeof SensitiveReasonSchema>;

/** Sensitive-mode controls this platform has no adapter for (recorded as unavailable, never faked). */
export const UNAVAILABLE_CONTROLS = ['window-rules', 'app-control'] as const;
export const UnavailableControlSchema = z.enum(UNAVAILABLE_CONTROLS);
export type UnavailableControl = z.infer<typeof UnavailableControlSchema>;

export const SensitiveViewSchema = z.object({
  /** False while this build has no sensitive-mode engine connected; the UI then says so. */
  available: z.boolean(),
  /** window-rules: no active-window source; app-control: no process control (capture tools, note apps). */
  unavailable: z.array(UnavailableControlSchema),
  active: z.boolean(),
  since: z.iso.datetime({ offset: true }).nullable(),
  endsBy: z.iso.datetime({ offset: true }).nullable(),
  reasons: z.array(SensitiveReasonSchema),
  locked: z.array(LockedControlSchema),
});
export type SensitiveView = z.infer<typeof SensitiveViewSchema>;

/** The tray icon's four states, most urgent first when several apply. */
export const TRAY_STATUSES = ['sensitive', 'offline', 'action-needed', 'compliant'] as const;
export const TrayStatusSchema = z.enum(TRAY_STATUSES);
export type TrayStatus = z.infer<typeof TrayStatusSchema>;

/** One managed-configuration value that could not be used (the last good one stays in force). */
export const ManagedProblemSchema = z.object({ key: z.string().max(100), message: z.string().max(500) });
export type ManagedProblem = z.infer<typeof ManagedProblemSchema>;

/** Everything the agent UI shows, in one snapshot pushed on every change. */
export const AppStateSchema = z.object({
  agentVersion: z.string(),
  /** Hashed machine id: what the server knows this workstation by. */
  deviceId: z.string(),
  posture: z.object({ running: z.boolean(), lastRun: CheckRunSchema.nullable() }),
  shift: z.object({
    startedAt: z.iso.datetime({ offset: true }).nullable(),
    /**
     * When the last shift ended (the End shift action, the tray, or quitting); null until one did.
     * A new value is the shift-end event the renderer purges the scratchpad on.
     */
    endedAt: z.iso.datetime({ offset: true }).nullable(),
    /** Ids of the policy attestations the agent confirmed for this shift. */
    confirmed: z.array(z.string().max(64)),
  }),
  policy: z.object({
    name: z.string(),
    version: z.number().int(),
    blockNonCompliant: z.boolean(),
    attestations: z.array(AttestationSchema),
    scratchpadPurgeOn: z.enum(['sensitive-exit', 'shift-end']),
    quitNeedsPin: z.boolean(),
  }),
  reporting: z.object({
    serverUrl: z.string().nullable(),
    /** null until a report was attempted; false while the endpoint cannot be reached. */
    online: z.boolean().nullable(),
    lastSentAt: z.iso.datetime({ offset: true }).nullable(),
    queued: z.number().int().nonnegative(),
    lastError: z.string().max(500).nullable(),
  }),
  enrollment: z.object({
    /**
     * needs-enrollment: the server no longer accepts this device (revoked, reset); reports wait.
     * blocked-by-managed-config: not enrolled and may not enroll until IT fixes the identity rule (see `blocked`).
     */
    status: z.enum(['not-configured', 'not-enrolled', 'enrolled', 'needs-enrollment', 'blocked-by-managed-config']),
    /** The server enrolled with, else the one IT preset. */
    serverUrl: z.string().max(2000).nullable(),
    /** IT preset the server address (managed configuration): shown, not editable. */
    serverUrlManaged: z.boolean(),
    /** IT preset the enrollment token (the token itself never reaches the UI). */
    tokenProvided: z.boolean(),
    enrolling: z.boolean(),
    /** Why the last enrollment failed; `code` is enroll_<reason> (bad-url, token-refused, unreachable, tls, ...). */
    lastError: z.object({ code: z.string().max(64), message: z.string().max(500) }).nullable(),
    /**
     * Enrolling is refused because the identity rule in managed configuration is broken or cannot
     * be read (docs/agent-identity.md): the agent never falls back to the machine id. Shown also
     * while enrolled, since enrolling again would be refused. `key` is the field IT must fix.
     */
    blocked: z
      .object({ code: z.enum(['managed_identity_invalid', 'managed_source_unreadable']), key: z.string().max(100), source: z.string().max(500), message: z.string().max(500) })
      .nullable(),
  }),
  sensitive: SensitiveViewSchema,
  settings: z.object({ language: LanguageSchema, startAtLogin: z.boolean(), locked: z.array(SettingKeySchema) }),
  managed: z.object({ source: z.string().nullable(), problems: z.array(ManagedProblemSchema) }),
  tray: TrayStatusSchema,
});
export type AppState = z.infer<typeof AppStateSchema>;

/** The exact last posture report this workstation queued (before signing), and whether the endpoint has it yet. */
export const LastReportSchema = z.object({
  report: PostureReportBodySchema.nullable(),
  delivered: z.boolean(),
});
export type LastReport = z.infer<typeof LastReportSchema>;

/** A check started or finished (pushed while a round runs). */
export const CheckProgressSchema = z.discriminatedUnion('phase', [
  z.object({ id: CheckIdSchema, phase: z.literal('started') }),
  z.object({ id: CheckIdSchema, phase: z.literal('finished'), result: CheckResultSchema }),
]);
export type CheckProgressEvent = z.infer<typeof CheckProgressSchema>;
