import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from './atomic-write';
import { scrubValue } from './audit-log';
import type { EndReason, Trigger } from './sensitive-mode';

/** What one control did during a session (masked: never a full card number). */
export const EvidenceActionSchema = z.object({
  at: z.string(),
  control: z.enum(['clipboard', 'capture', 'print-screen', 'notes', 'watched-folder', 'scratchpad']),
  action: z.string(),
  detail: z.record(z.string(), z.unknown()).default({}),
});
export type EvidenceAction = z.infer<typeof EvidenceActionSchema>;

/** The evidence record of one sensitive session, as a PCI assessor would read it. */
export const EvidenceRecordSchema = z.object({
  sessionId: z.string(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  endReason: z.enum(['released', 'max-duration', 'stopped']).nullable(),
  triggers: z.array(z.object({ at: z.string(), id: z.string(), kind: z.string(), detail: z.string(), held: z.boolean() })),
  /** The controls and their policy settings while the session ran. */
  controls: z.record(z.string(), z.string()),
  actions: z.array(EvidenceActionSchema),
  /** What could not be enforced, and why (e.g. a capture tool that could not be stopped). */
  notEnforced: z.array(z.object({ at: z.string(), control: z.string(), reason: z.string() })),
  /** A new policy applied during the session: from then on these controls were in force. */
  policyChanges: z.array(z.object({ at: z.string(), policy: z.string(), version: z.number(), controls: z.record(z.string(), z.string()) })).default([]),
});
export type EvidenceRecord = z.infer<typeof EvidenceRecordSchema>;

/**
 * Keeps the evidence record of the running session and writes it to `dir/<sessionId>.json` at the
 * start (so a crash still leaves one), after every action, and at the end.
 */
export class EvidenceRecorder {
  private current: EvidenceRecord | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly dir: string) {}

  start(sessionId: string, at: Date, controls: Record<string, string>): void {
    this.current = { sessionId, startedAt: at.toISOString(), endedAt: null, endReason: null, triggers: [], controls, actions: [], notEnforced: [], policyChanges: [] };
    this.save();
  }

  trigger(at: Date, trigger: Trigger, held: boolean): void {
    this.current?.triggers.push({ at: at.toISOString(), id: trigger.id, kind: trigger.kind, detail: trigger.detail, held });
    this.save();
  }

  action(at: Date, control: EvidenceAction['control'], action: string, detail: Record<string, unknown> = {}): void {
    this.current?.actions.push({ at: at.toISOString(), control, action, detail: scrubValue(detail) as Record<string, unknown> });
    this.save();
  }

  notEnforced(at: Date, control: string, reason: string): void {
    this.current?.notEnforced.push({ at: at.toISOString(), control, reason: scrubValue(reason) as string });
    this.save();
  }

  /** A new policy took effect mid-session; `controls` as in {@link start}. */
  policyChanged(at: Date, policy: { name: string; version: number }, controls: Record<string, string>): void {
    this.current?.policyChanges.push({ at: at.toISOString(), policy: policy.name, version: policy.version, controls });
    this.save();
  }

  end(at: Date, reason: EndReason): void {
    if (!this.current) return;
    this.current.endedAt = at.toISOString();
    this.current.endReason = reason;
    this.save();
    this.current = null;
  }

  get active(): EvidenceRecord | null {
    return this.current;
  }

  /** Resolves when all records are written. */
  flush(): Promise<void> {
    return this.writing;
  }

  private save(): void {
    if (!this.current) return;
    const record = structuredClone(this.current);
    const file = path.join(this.dir, `${record.sessionId}.json`);
    this.writing = this.writing
      .then(() => mkdir(this.dir, { recursive: true, mode: 0o700 }))
      .then(() => writeFileAtomic(file, `${JSON.stringify(record, null, 2)}\n`, 0o600))
      .catch((error: unknown) => console.error(`shiftguard: evidence write failed: ${(error as Error).message}`));
  }
}

/** All evidence records in `dir`, oldest first, optionally from a date on: the export format. */
export async function exportEvidence(dir: string, since?: Date): Promise<{ exportedAt: string; sessions: EvidenceRecord[] }> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const sessions: EvidenceRecord[] = [];
  for (const name of names) {
    if (!name.endsWith('.json')) continue;
    let json: unknown;
    try {
      json = JSON.parse(await readFile(path.join(dir, name), 'utf8'));
    } catch {
      continue; // a record cut short by a crash mid-write (writes are atomic, so only foreign files)
    }
    const parsed = EvidenceRecordSchema.safeParse(json);
    if (!parsed.success) continue;
    if (since && new Date(parsed.data.startedAt) < since) continue;
    sessions.push(parsed.data);
  }
  sessions.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  return { exportedAt: new Date().toISOString(), sessions };
}
