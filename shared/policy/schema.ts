import { z } from 'zod';
import { windowPatternProblem } from './safe-pattern';

/**
 * enforce: a failure counts against compliance (and may block a shift after the grace period);
 * audit: reported only, never blocking, so IT can trial a rule before it bites; off: not run.
 */
export const ControlModeSchema = z.enum(['enforce', 'audit', 'off']);
export type ControlMode = z.infer<typeof ControlModeSchema>;

const controlBase = {
  mode: ControlModeSchema.default('enforce'),
  /** Hours a failing enforced check may stay failed (from its first failure) before it blocks. */
  graceHours: z.number().min(0).max(24 * 90).default(0),
};

/** A USB id as "vvvv:pppp" (hex vendor and product id). */
export const UsbIdSchema = z.string().regex(/^[0-9a-fA-F]{4}:[0-9a-fA-F]{4}$/, 'expected vendor:product as hex, e.g. 0781:5581');

export const PosturePolicySchema = z.object({
  diskEncryption: z.object({ ...controlBase }).default({ mode: 'enforce', graceHours: 0 }),
  antivirus: z
    .object({
      ...controlBase,
      /** Product names allowed (case-insensitive substring); empty means any recognised product. */
      allowedProducts: z.array(z.string().min(1).max(100)).max(50).default([]),
      maxSignatureAgeDays: z.number().int().min(0).max(365).default(7),
    })
    .default({ mode: 'enforce', graceHours: 0, allowedProducts: [], maxSignatureAgeDays: 7 }),
  usb: z
    .object({
      ...controlBase,
      massStorage: z.enum(['allow', 'report', 'fail']).default('report'),
      allowList: z.array(UsbIdSchema).max(500).default([]),
    })
    .default({ mode: 'enforce', graceHours: 0, massStorage: 'report', allowList: [] }),
  osPatches: z
    .object({
      ...controlBase,
      /** Minimum OS version per platform (dotted numbers); absent means no minimum. */
      minimumVersion: z
        .object({
          win32: z.string().regex(/^\d+(\.\d+)*$/).optional(),
          darwin: z.string().regex(/^\d+(\.\d+)*$/).optional(),
          linux: z.string().regex(/^\d+(\.\d+)*$/).optional(),
        })
        .default({}),
      maxDaysSinceUpdate: z.number().int().min(1).max(3650).default(30),
      maxPendingSecurityUpdates: z.number().int().min(0).max(10000).default(0),
    })
    .default({ mode: 'enforce', graceHours: 72, minimumVersion: {}, maxDaysSinceUpdate: 30, maxPendingSecurityUpdates: 0 }),
  firewall: z.object({ ...controlBase }).default({ mode: 'enforce', graceHours: 0 }),
  screenLock: z
    .object({ ...controlBase, maxIdleMinutes: z.number().int().min(1).max(240).default(10) })
    .default({ mode: 'enforce', graceHours: 0, maxIdleMinutes: 10 }),
});
export type PosturePolicy = z.infer<typeof PosturePolicySchema>;

/** A window-rule pattern: a regular expression that cannot backtrack catastrophically (see safe-pattern.ts). */
const WindowPatternSchema = z
  .string()
  .min(1)
  .max(500)
  .superRefine((source, ctx) => {
    const problem = windowPatternProblem(source);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** A window rule: every given field must match the active window. At least one field is required. */
export const WindowRuleSchema = z
  .object({
    id: z.string().min(1).max(64),
    processName: z.string().min(1).max(260).optional(),
    /** A JavaScript regular expression source, matched case-insensitively against the title. */
    titlePattern: WindowPatternSchema.optional(),
    urlPattern: WindowPatternSchema.optional(),
  })
  .refine((r) => r.processName !== undefined || r.titlePattern !== undefined || r.urlPattern !== undefined, {
    message: 'a window rule needs processName, titlePattern or urlPattern',
  });
export type WindowRule = z.infer<typeof WindowRuleSchema>;

/** Sensitive-mode events a webhook can receive. */
export const WebhookEventSchema = z.enum(['sensitive.start', 'sensitive.end']);
export type WebhookEvent = z.infer<typeof WebhookEventSchema>;

/** A webhook: each call carries X-ShiftGuard-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body"> with `secret`. */
export const WebhookSchema = z.object({
  url: z.url({ protocol: /^https?$/ }),
  secret: z.string().min(16).max(200),
  events: z.array(WebhookEventSchema).min(1).default(['sensitive.start', 'sensitive.end']),
});
export type Webhook = z.infer<typeof WebhookSchema>;

export const SensitivePolicySchema = z.object({
  windowRules: z.array(WindowRuleSchema).max(200).default([]),
  /** Seconds sensitive mode lingers after the last trigger goes away. */
  graceSeconds: z.number().int().min(0).max(600).default(5),
  /** Sensitive mode never silently outlives this. */
  maxDurationMinutes: z.number().int().min(1).max(24 * 60).default(30),
  integrationApi: z
    .object({ enabled: z.boolean().default(true), port: z.number().int().min(1024).max(65535).default(47321) })
    .default({ enabled: true, port: 47321 }),
  shortcut: z.string().max(100).default('CommandOrControl+Shift+F12'),
  /** Called on sensitive-mode start and end (e.g. to pause call recording), HMAC-signed. */
  webhooks: z.array(WebhookSchema).max(10).default([]),
});
export type SensitivePolicy = z.infer<typeof SensitivePolicySchema>;

/** off; scrub: card numbers on the clipboard are always redacted; lock: scrub, and in sensitive mode the clipboard is emptied. */
export const ClipboardModeSchema = z.enum(['off', 'scrub', 'lock']);
export type ClipboardMode = z.infer<typeof ClipboardModeSchema>;

export const AttestationSchema = z.object({
  id: z.string().min(1).max(64),
  /** Text per language code; 'en' is required as the fallback. */
  text: z.object({ en: z.string().min(1).max(300) }).catchall(z.string().min(1).max(300)),
});
export type Attestation = z.infer<typeof AttestationSchema>;

export const PolicySchema = z.object({
  schemaVersion: z.literal(1).default(1),
  name: z.string().min(1).max(120).default('Default'),
  /** Monotonic per policy; agents refuse a version older than the one they applied. */
  version: z.number().int().min(0).default(0),
  /** Minutes between posture checks and status reports. */
  reportIntervalMinutes: z.number().int().min(1).max(24 * 60).default(15),
  posture: PosturePolicySchema.default(PosturePolicySchema.parse({})),
  shift: z
    .object({
      blockNonCompliant: z.boolean().default(false),
      attestations: z.array(AttestationSchema).max(20).default([]),
    })
    .default({ blockNonCompliant: false, attestations: [] }),
  sensitive: SensitivePolicySchema.default(SensitivePolicySchema.parse({})),
  clipboard: z.object({ mode: ClipboardModeSchema.default('scrub') }).default({ mode: 'scrub' }),
  capture: z
    .object({
      tools: z.array(z.string().min(1).max(100)).max(100).default([]),
      action: z.enum(['terminate', 'report']).default('report'),
    })
    .default({ tools: [], action: 'report' }),
  notes: z
    .object({
      apps: z.array(z.string().min(1).max(100)).max(100).default([]),
      appAction: z.enum(['minimize', 'terminate', 'report']).default('report'),
      watchedFolders: z.array(z.string().min(1).max(1000)).max(50).default([]),
      folderAction: z.enum(['redact', 'quarantine', 'report']).default('redact'),
    })
    .default({ apps: [], appAction: 'report', watchedFolders: [], folderAction: 'redact' }),
  scratchpad: z
    .object({ purgeOn: z.enum(['sensitive-exit', 'shift-end']).default('sensitive-exit') })
    .default({ purgeOn: 'sensitive-exit' }),
  agent: z
    .object({
      startAtLogin: z.boolean().default(false),
      /** scrypt hash of the supervisor PIN needed to quit; absent means quitting is free. */
      quitPinHash: z.string().max(300).optional(),
      outboxMaxEntries: z.number().int().min(100).max(1_000_000).default(10_000),
    })
    .default({ startAtLogin: false, outboxMaxEntries: 10_000 }),
});
/** A policy document after validation, with every default filled in. */
export type Policy = z.infer<typeof PolicySchema>;
/** A policy document as written (defaults may be omitted). */
export type PolicyInput = z.input<typeof PolicySchema>;
