/**
 * The policy form: each field names its path in the policy document (shared/policy/schema.ts) and
 * how it is edited. Validation is the shared PolicySchema itself; its issue paths land on these
 * fields, so an error shows next to the input that caused it.
 */
export type FieldKind =
  | { type: 'number' }
  | { type: 'text' }
  | { type: 'boolean' }
  | { type: 'enum'; options: readonly string[] }
  /** One item per line. */
  | { type: 'list' }
  /** Structured lists (window rules, attestations) edited as JSON. */
  | { type: 'json' };

export interface FieldSpec {
  path: string;
  kind: FieldKind;
}

export interface FieldGroup {
  id: string;
  fields: FieldSpec[];
}

const MODE = { type: 'enum', options: ['enforce', 'audit', 'off'] } as const;
const control = (name: string, extra: FieldSpec[] = []): FieldGroup => ({
  id: `posture.${name}`,
  fields: [{ path: `posture.${name}.mode`, kind: MODE }, { path: `posture.${name}.graceHours`, kind: { type: 'number' } }, ...extra],
});

export const POLICY_FORM: FieldGroup[] = [
  {
    id: 'general',
    fields: [
      { path: 'reportIntervalMinutes', kind: { type: 'number' } },
      { path: 'shift.blockNonCompliant', kind: { type: 'boolean' } },
      { path: 'shift.attestations', kind: { type: 'json' } },
    ],
  },
  control('diskEncryption'),
  control('antivirus', [
    { path: 'posture.antivirus.allowedProducts', kind: { type: 'list' } },
    { path: 'posture.antivirus.maxSignatureAgeDays', kind: { type: 'number' } },
  ]),
  control('usb', [
    { path: 'posture.usb.massStorage', kind: { type: 'enum', options: ['allow', 'report', 'fail'] } },
    { path: 'posture.usb.allowList', kind: { type: 'list' } },
  ]),
  control('osPatches', [
    { path: 'posture.osPatches.minimumVersion.win32', kind: { type: 'text' } },
    { path: 'posture.osPatches.minimumVersion.darwin', kind: { type: 'text' } },
    { path: 'posture.osPatches.minimumVersion.linux', kind: { type: 'text' } },
    { path: 'posture.osPatches.maxDaysSinceUpdate', kind: { type: 'number' } },
    { path: 'posture.osPatches.maxPendingSecurityUpdates', kind: { type: 'number' } },
  ]),
  control('firewall'),
  control('screenLock', [{ path: 'posture.screenLock.maxIdleMinutes', kind: { type: 'number' } }]),
  {
    id: 'sensitive',
    fields: [
      { path: 'sensitive.windowRules', kind: { type: 'json' } },
      { path: 'sensitive.graceSeconds', kind: { type: 'number' } },
      { path: 'sensitive.maxDurationMinutes', kind: { type: 'number' } },
      { path: 'sensitive.integrationApi.enabled', kind: { type: 'boolean' } },
      { path: 'sensitive.integrationApi.port', kind: { type: 'number' } },
      { path: 'sensitive.shortcut', kind: { type: 'text' } },
    ],
  },
  {
    id: 'guards',
    fields: [
      { path: 'clipboard.mode', kind: { type: 'enum', options: ['off', 'scrub', 'lock'] } },
      { path: 'capture.tools', kind: { type: 'list' } },
      { path: 'capture.action', kind: { type: 'enum', options: ['terminate', 'report'] } },
      { path: 'notes.apps', kind: { type: 'list' } },
      { path: 'notes.appAction', kind: { type: 'enum', options: ['minimize', 'terminate', 'report'] } },
      { path: 'notes.watchedFolders', kind: { type: 'list' } },
      { path: 'notes.folderAction', kind: { type: 'enum', options: ['redact', 'quarantine', 'report'] } },
      { path: 'scratchpad.purgeOn', kind: { type: 'enum', options: ['sensitive-exit', 'shift-end'] } },
    ],
  },
  {
    id: 'agent',
    fields: [
      { path: 'agent.startAtLogin', kind: { type: 'boolean' } },
      { path: 'agent.outboxMaxEntries', kind: { type: 'number' } },
    ],
  },
];

/** Every field path of the form. */
export const FORM_PATHS: string[] = POLICY_FORM.flatMap((g) => g.fields.map((f) => f.path));
