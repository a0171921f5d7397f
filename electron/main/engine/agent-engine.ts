import type { Policy } from '../../../shared/policy/schema';
import type { AppState, CheckProgressEvent, CheckRun, LastReport, SensitiveView } from '../../../shared/ipc/app-state';

/** Reporting as the status view shows it. */
export interface ReportingStatus {
  serverUrl: string | null;
  online: boolean | null;
  lastSentAt: string | null;
  queued: number;
  lastError: string | null;
}

/** Why the agent stops, for the server. */
export interface AgentStoppedInfo {
  reason: 'quit-by-agent' | 'quit-with-supervisor-pin' | 'system-shutdown';
  at: Date;
}

/**
 * The facade the main process talks to: everything the desktop app needs from the agent engine
 * (posture, reporting, sensitive mode, lifecycle). The desktop engine implements it on top of
 * electron/agent; the sync engine (issue 9) and the guards (issue 5) plug in behind it.
 */
export interface AgentEngine {
  readonly deviceId: string;
  policy(): Policy;
  /** Runs every posture check, then builds, stores and sends (or queues) a report. */
  runChecks(onProgress?: (event: CheckProgressEvent) => void): Promise<CheckRun>;
  running(): boolean;
  lastRun(): CheckRun | null;
  lastReport(): LastReport;
  reporting(): ReportingStatus;
  enrollment(): AppState['enrollment'];
  /** Enrolls with the server (IT's presets, or what the agent typed where IT preset nothing). */
  enroll(input: { serverUrl?: string | undefined; token?: string | undefined }): Promise<void>;
  sensitive(): SensitiveView;
  /** The tray action and the global shortcut: turns manual sensitive mode on, off, or over. */
  sensitiveAction(action: 'start' | 'end' | 'toggle'): void;
  /** A shiftguard:// link the app was opened with. */
  handleLink(url: string): void;
  /** The scratchpad masked this many digits (a count only, for the audit log and evidence). */
  recordScratchpadMasking(maskedDigits: number): void;
  /** Calls `listener` whenever anything above may have changed. */
  subscribe(listener: () => void): () => void;
  /** Tells the server the agent stopped (best effort, bounded in time), then stops timers and guards. */
  stop(info: AgentStoppedInfo): Promise<void>;
}
