import path from 'node:path';
import type { Policy } from '../../../shared/policy/schema';
import type { ActiveWindowSource, ClipboardAdapter, PrintKeyBlocker, ProcessControl, WindowMinimizer } from './adapters';
import { AuditLog } from './audit-log';
import { ClipboardGuard } from './clipboard-guard';
import { systemClock, type Clock } from './clock';
import { EvidenceRecorder } from './evidence';
import { FolderGuard } from './folder-guard';
import type { GuardContext } from './guard-context';
import { ProcessGuard } from './process-guard';
import { SensitiveMode, type SensitiveState } from './sensitive-mode';
import { loadOrCreateApiToken } from './triggers/api-token';
import { IntegrationApi } from './triggers/integration-api';
import { parseSensitiveLink } from './triggers/protocol-link';
import { compileWindowRules } from './triggers/window-rules';
import { WindowTrigger } from './triggers/window-trigger';
import { WebhookDispatcher } from './webhooks';

/** The OS adapters the engine is handed; any may be missing (the control is then not enforced). */
export interface GuardAdapters {
  activeWindow?: ActiveWindowSource;
  clipboard?: ClipboardAdapter;
  printKey?: PrintKeyBlocker;
  processes?: ProcessControl;
  minimizer?: WindowMinimizer;
}

export interface GuardEngineOptions {
  policy: Policy;
  adapters: GuardAdapters;
  /** The agent's data folder: audit.jsonl, evidence/, quarantine/, integration-token. */
  dataDir: string;
  deviceId: string;
  clock?: Clock;
  /** Overrides the policy's integration API port (0: any free port; tests). */
  integrationPort?: number;
  webhookRetryDelaysMs?: readonly number[];
  windowPollMs?: number;
}

/**
 * Sensitive mode and every guard, wired together: triggers hold and release the state machine;
 * its start and end switch the clipboard lock, the Print Screen block, the process watcher and the
 * scratchpad purge; every action goes to the audit log and the session's evidence record; webhooks
 * hear start and end. Plain Node: Electron hands in its own adapters.
 */
export class GuardEngine {
  readonly mode: SensitiveMode;
  readonly audit: AuditLog;
  readonly evidence: EvidenceRecorder;
  private readonly ctx: GuardContext;
  private readonly clipboardGuard: ClipboardGuard | null;
  private readonly processGuard: ProcessGuard | null;
  private folderGuard: FolderGuard | null = null;
  private windowTrigger: WindowTrigger | null = null;
  private api: IntegrationApi | null = null;
  private readonly webhooks: WebhookDispatcher;
  private printKeyBlocked = false;
  /** Entering and leaving run one after the other, so a quick end-then-start cannot interleave. */
  private transitions: Promise<void> = Promise.resolve();
  private apiInfo: { port: number; token: string } | null = null;
  private policy: Policy;

  constructor(private readonly options: GuardEngineOptions) {
    const clock = options.clock ?? systemClock;
    this.policy = options.policy;
    this.audit = new AuditLog(path.join(options.dataDir, 'audit.jsonl'), () => new Date(clock.now()));
    this.evidence = new EvidenceRecorder(path.join(options.dataDir, 'evidence'));
    this.ctx = { audit: this.audit, evidence: this.evidence, now: () => new Date(clock.now()) };
    const { sensitive } = options.policy;
    this.mode = new SensitiveMode({ clock, graceMs: sensitive.graceSeconds * 1000, maxDurationMs: sensitive.maxDurationMinutes * 60_000 });
    const { adapters } = options;
    this.clipboardGuard = adapters.clipboard ? new ClipboardGuard(adapters.clipboard, options.policy.clipboard.mode, this.ctx) : null;
    this.processGuard = adapters.processes ? new ProcessGuard(adapters.processes, adapters.minimizer ?? null, options.policy, this.ctx) : null;
    this.webhooks = new WebhookDispatcher(sensitive.webhooks, {
      audit: this.audit,
      ...(options.webhookRetryDelaysMs ? { retryDelaysMs: options.webhookRetryDelaysMs } : {}),
    });
    this.mode.on('start', ({ sessionId, at, trigger }) => {
      this.audit.append('sensitive.start', { sessionId, trigger: trigger.id });
      this.webhooks.notify('sensitive.start', { sessionId, occurredAt: new Date(at).toISOString(), deviceId: options.deviceId, trigger: trigger.kind });
      this.transition(async () => {
        this.evidence.start(sessionId, new Date(at), this.controls());
        await this.enter();
      });
    });
    this.mode.on('trigger', ({ at, trigger, held }) => {
      this.audit.append(held ? 'sensitive.trigger-held' : 'sensitive.trigger-released', { trigger: trigger.id });
      // Trigger changes queue behind a pending start, so they land in the right session's record.
      this.transition(async () => this.evidence.trigger(new Date(at), trigger, held));
    });
    this.mode.on('end', ({ sessionId, at, reason }) => {
      this.audit.append('sensitive.end', { sessionId, reason });
      this.webhooks.notify('sensitive.end', { sessionId, occurredAt: new Date(at).toISOString(), deviceId: options.deviceId, reason });
      this.transition(() => this.leave(new Date(at), reason));
    });
  }

  /** Starts watching: clipboard, folders, active window, integration API. Resolves once all listen. */
  async start(): Promise<{ integrationApi: { port: number; token: string } | null }> {
    const { policy, adapters } = this.options;
    this.audit.append('guards.start', { policy: policy.name, version: policy.version, missing: this.missingAdapters() });
    this.clipboardGuard?.start();
    if (policy.notes.watchedFolders.length > 0) {
      this.folderGuard = new FolderGuard(policy.notes.watchedFolders, policy.notes.folderAction, path.join(this.options.dataDir, 'quarantine'), this.ctx);
      this.folderGuard.start();
    }
    if (adapters.activeWindow) {
      const { rules, problems } = compileWindowRules(policy.sensitive.windowRules);
      for (const p of problems) this.audit.append('policy.rule-ignored', { rule: p.id, field: p.field, reason: p.message });
      this.windowTrigger = new WindowTrigger(
        adapters.activeWindow,
        this.mode,
        rules,
        (error) => this.audit.append('window-watch.error', { message: error.message }),
        this.options.windowPollMs,
      );
      if (rules.length > 0) this.windowTrigger.start();
    }
    if (policy.sensitive.integrationApi.enabled) {
      const token = await loadOrCreateApiToken(this.options.dataDir);
      this.api = new IntegrationApi({ port: this.options.integrationPort ?? policy.sensitive.integrationApi.port, token, mode: this.mode, audit: this.audit });
      try {
        const { port } = await this.api.start();
        this.apiInfo = { port, token };
      } catch (error) {
        this.audit.append('integration.unavailable', { reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message });
        this.api = null;
      }
    }
    return { integrationApi: this.apiInfo };
  }

  /** Ends any session (recorded as "stopped"), then stops every watcher and flushes the logs. */
  async stop(): Promise<void> {
    this.mode.stop();
    this.windowTrigger?.stop();
    this.clipboardGuard?.stop();
    this.processGuard?.setActive(false);
    this.folderGuard?.stop();
    await this.folderGuard?.idle();
    await this.api?.stop();
    if (this.printKeyBlocked) await this.options.adapters.printKey?.unblock();
    await this.transitions;
    this.audit.append('guards.stop');
    await Promise.race([this.webhooks.idle(), new Promise((r) => setTimeout(r, 2000).unref())]);
    await this.evidence.flush();
    await this.audit.flush();
  }

  /** Resolves once every start/end seen so far has been fully applied and recorded. */
  async settled(): Promise<void> {
    await this.transitions;
    await this.evidence.flush();
    await this.audit.flush();
  }

  private transition(step: () => Promise<void>): void {
    this.transitions = this.transitions.then(step).catch((error: unknown) => {
      this.audit.append('guards.error', { message: (error as Error).message });
    });
  }

  get state(): SensitiveState {
    return this.mode.state;
  }

  /** The global shortcut and the tray action. */
  manual(action: 'start' | 'end' | 'toggle'): void {
    const on = action === 'toggle' ? !this.mode.isHeld('manual') : action === 'start';
    if (on) this.mode.hold({ id: 'manual', kind: 'manual', detail: 'agent' });
    else this.mode.release('manual');
  }

  /** A shiftguard:// link the app was opened with. Bad links are refused and audited. */
  handleLink(url: string): boolean {
    const link = parseSensitiveLink(url);
    if (!link.ok) {
      this.audit.append('link.refused', { reason: link.reason });
      return false;
    }
    const id = `link:${link.source}`;
    if (link.action === 'start') this.mode.hold({ id, kind: 'link', detail: link.source });
    else this.mode.release(id);
    return true;
  }

  /** The scratchpad's masking counts, reported by the renderer (counts only, never text). */
  recordScratchpadMasking(maskedDigits: number): void {
    this.audit.append('scratchpad.masked', { maskedDigits });
    this.evidence.action(this.ctx.now(), 'scratchpad', 'masked', { maskedDigits });
  }

  /** Runs one active-window look now (tests, benchmark). */
  async pollWindowNow(): Promise<void> {
    await this.windowTrigger?.tick();
  }

  private controls(): Record<string, string> {
    const p = this.policy;
    const a = this.options.adapters;
    return {
      clipboard: a.clipboard ? p.clipboard.mode : 'unavailable',
      captureTools: a.processes ? (p.capture.tools.length ? p.capture.action : 'none listed') : 'unavailable',
      noteApps: a.processes ? (p.notes.apps.length ? p.notes.appAction : 'none listed') : 'unavailable',
      watchedFolders: p.notes.watchedFolders.length ? p.notes.folderAction : 'none listed',
      printScreen: a.printKey ? 'blocked' : 'unavailable',
      scratchpadPurge: p.scratchpad.purgeOn,
    };
  }

  private missingAdapters(): string[] {
    const a = this.options.adapters;
    return (['activeWindow', 'clipboard', 'printKey', 'processes', 'minimizer'] as const).filter((k) => !a[k]);
  }

  private async enter(): Promise<void> {
    const now = this.ctx.now;
    await this.clipboardGuard?.setSensitive(true);
    this.processGuard?.setActive(true);
    const printKey = this.options.adapters.printKey;
    if (!printKey) {
      this.evidence.notEnforced(now(), 'print-screen', 'no key blocker on this platform');
      return;
    }
    const ok = await printKey
      .block(() => {
        this.audit.append('print-screen.blocked');
        this.evidence.action(now(), 'print-screen', 'swallowed');
      })
      .catch(() => false);
    this.printKeyBlocked = ok;
    if (!ok) {
      this.audit.append('print-screen.not-blocked', { reason: 'the key is held by another program' });
      this.evidence.notEnforced(now(), 'print-screen', 'the Print Screen key is held by another program');
    }
  }

  private async leave(at: Date, reason: 'released' | 'max-duration' | 'stopped'): Promise<void> {
    this.processGuard?.setActive(false);
    if (this.printKeyBlocked) {
      this.printKeyBlocked = false;
      await this.options.adapters.printKey?.unblock().catch(() => undefined);
    }
    await this.clipboardGuard?.setSensitive(false);
    this.evidence.end(at, reason);
  }
}
