import { z } from 'zod';
import { LanguageSchema } from '../i18n/languages';
import { AppStateSchema, CheckProgressSchema, CheckRunSchema, LastReportSchema } from './app-state';

/**
 * The one IPC contract between the renderer and the main process. Each entry names a channel and
 * the zod schemas of its argument and result; the preload API and the main-process handlers are
 * both derived from this table, so they cannot drift apart.
 */
export const IPC_CONTRACT = {
  /** Everything the UI shows. */
  getState: { channel: 'shiftguard:state:get', input: z.void(), output: AppStateSchema },
  /** Runs every posture check now; progress arrives as checkProgress events. */
  runChecks: { channel: 'shiftguard:checks:run', input: z.void(), output: CheckRunSchema },
  /** Confirms (or withdraws) one policy attestation for this shift. */
  setAttestation: {
    channel: 'shiftguard:shift:attest',
    input: z.object({ id: z.string().min(1).max(64), confirmed: z.boolean() }).strict(),
    output: AppStateSchema,
  },
  /** Starts the shift when readiness allows it; the window then goes to the tray. */
  startShift: {
    channel: 'shiftguard:shift:start',
    input: z.void(),
    output: z.object({ started: z.boolean(), state: AppStateSchema }),
  },
  /**
   * Ends the shift: the scratchpad is purged per policy (the renderer follows shift.endedAt in
   * the state pushed with it) and the window comes back on the shift-start screen for the next shift.
   */
  endShift: { channel: 'shiftguard:shift:end', input: z.void(), output: AppStateSchema },
  /** The exact last report, for "what is reported about me". */
  getLastReport: { channel: 'shiftguard:report:last', input: z.void(), output: LastReportSchema },
  setLanguage: { channel: 'shiftguard:settings:language', input: z.object({ language: LanguageSchema }).strict(), output: AppStateSchema },
  setStartAtLogin: { channel: 'shiftguard:settings:start-at-login', input: z.object({ enabled: z.boolean() }).strict(), output: AppStateSchema },
  /**
   * Enrolls this workstation with the server. Values IT preset (managed configuration) are used
   * and may not be overridden; the agent types only what IT left open.
   */
  enroll: {
    channel: 'shiftguard:enrollment:enroll',
    input: z.object({ serverUrl: z.string().trim().min(1).max(2000).optional(), token: z.string().trim().min(1).max(512).optional() }).strict(),
    output: AppStateSchema,
  },
  /** Asks to quit; a supervisor PIN is needed when policy sets one. */
  quit: {
    channel: 'shiftguard:app:quit',
    input: z.object({ pin: z.string().min(1).max(64).optional() }).strict(),
    output: z.object({ outcome: z.enum(['quitting', 'pin-required', 'wrong-pin', 'too-many-attempts']) }),
  },
  /**
   * The scratchpad masked a card number as it was typed: the count of masked digits only (never
   * text), for the guards' audit log and the sensitive session's evidence.
   */
  recordScratchpadMasking: {
    channel: 'shiftguard:scratchpad:masked',
    input: z.object({ maskedDigits: z.number().int().min(1).max(10_000) }).strict(),
    output: z.null(),
  },
  /** Puts the window away into the tray. */
  hideWindow: { channel: 'shiftguard:window:hide', input: z.void(), output: z.null() },
} as const;

/** Messages the main process pushes to the renderer (validated before sending). */
export const IPC_EVENTS = {
  checkProgress: { channel: 'shiftguard:event:check-progress', payload: CheckProgressSchema },
  stateChanged: { channel: 'shiftguard:event:state', payload: AppStateSchema },
  /** The agent chose Quit in the tray: the window opens on the quit dialog. */
  quitRequested: { channel: 'shiftguard:event:quit-requested', payload: z.object({ needsPin: z.boolean() }) },
} as const;

export type IpcMethod = keyof typeof IPC_CONTRACT;
export type IpcInput<M extends IpcMethod> = z.infer<(typeof IPC_CONTRACT)[M]['input']>;
export type IpcOutput<M extends IpcMethod> = z.infer<(typeof IPC_CONTRACT)[M]['output']>;
export type IpcEvent = keyof typeof IPC_EVENTS;
export type IpcEventPayload<E extends IpcEvent> = z.infer<(typeof IPC_EVENTS)[E]['payload']>;

/** Every answer over IPC: a value, or an error with a stable code (never a thrown Error). */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

/** The invoke half of window.shiftguard: one async function per contract entry. */
export type ShiftGuardMethods = {
  [M in IpcMethod]: IpcInput<M> extends void ? () => Promise<IpcResult<IpcOutput<M>>> : (input: IpcInput<M>) => Promise<IpcResult<IpcOutput<M>>>;
};

/** window.shiftguard as the renderer sees it: the methods, plus `on` to listen to pushed events. */
export type ShiftGuardApi = ShiftGuardMethods & {
  /** Listens to one event; returns the function that stops listening. */
  on<E extends IpcEvent>(event: E, listener: (payload: IpcEventPayload<E>) => void): () => void;
};
