import path from 'node:path';
import type { Policy } from '../../../shared/policy/schema';
import type { ActiveWindowSource, ClipboardAdapter, PrintKeyBlocker, ProcessControl, WindowMinimizer } from './adapters';
import { AuditLog } from './audit-log';
import { ClipboardGuard } from './clipboard-guard';
import { systemClock, type Clock } from './clock';
import { EvidenceRecorder } from './evidence';
import { FolderGuard } from './folder-guard';
import type { GuardContext } from './guard-context';
import type { GuardActionEvent } from './guard-event';
import { ProcessGuard } from './process-guard';
import { SensitiveMode, type SensitiveState } from './sensitive-mode';
import { loadOrCreateApiToken } from './triggers/api-token';
import { IntegrationApi } from './triggers/integration-api';
import { parseSensitiveLink } from './triggers/protocol-link';
import { compileWindowRules, type CompiledWindowRule } from './triggers/window-rules';
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
  /** The policy to start with; {@link GuardEngine.applyPolicy} switches to another. */
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
 * hear start and end; {@link onGuardEvent} listeners (the reporter) hear every action, masked.
 * {@link applyPolicy} switches every guard to a new policy in one step, without ending a running
 * session. Plain Node: Electron hands in its own adapters.
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
  private started = false;
  private stopped = false;
  private readonly eventListeners = new Set<(event: GuardActionEvent) => void>();

  constructor(private readonly options: GuardEngineOptions) {
    const clock = options.clock ?? systemClock;
    this.policy = options.policy;
    this.audit = new AuditLog(path.join(options.dataDir, 'audit.jsonl'), () => new Date(clock.now()));
    this.evidence = new EvidenceRecorder(path.join(options.dataDir, 'evidence'));
    this.ctx = { audit: this.audit, evidence: this.evidence, now: () => new Date(clock.now()), event: (e) => this.announce(e) };
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
    const policy = this.policy;
    this.started = true;
    this.audit.append('guards.start', { policy: policy.name, version: policy.version, missing: this.missingAdapters() });
    this.clipboardGuard?.start();
    this.startFolderGuard();
    if (this.options.adapters.activeWindow) this.setWindowRules(this.compileRules(policy));
    if (policy.sensitive.integrationApi.enabled) await this.startIntegrationApi();
    return { integrationApi: this.apiInfo };
  }

  /**
   * Switches every guard to `policy` in one step: clipboard mode, window rules, capture and
   * note-taking lists, watched folders, webhooks, grace and maximum duration, the integration API.
   * A running session goes on: window triggers are judged again by the new rules at once (a window
   * no rule matches any more releases its trigger, and the grace period follows), other triggers
   * stay held, and the evidence record notes the new controls. Runs in order with session starts
   * and ends; resolves once applied (never rejects: failures go to the audit log).
   */
  applyPolicy(policy: Policy): Promise<void> {
    this.transition(() => this.switchPolicy(policy));
    return this.transitions;
  }

  /** The policy the guards run on now. */
  get currentPolicy(): Policy {
    return this.policy;
  }

  /** The loopback integration API, while it listens. */
  get integrationApi(): { port: number; token: string } | null {
    return this.apiInfo;
  }

  /** Hears every guard action (masked: never a full card number). Returns how to stop. */
  onGuardEvent(listener: (event: GuardActionEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => void this.eventListeners.delete(listener);
  }

  private announce(event: Omit<GuardActionEvent, 'at'>): void {
    const stamped: GuardActionEvent = { at: this.ctx.now(), ...event };
    for (const listener of this.eventListeners) {
      try {
        listener(stamped);
      } catch (error) {
        this.audit.append('guards.error', { message: (error as Error).message });
      }
    }
  }

  private async switchPolicy(policy: Policy): Promise<void> {
    const previous = this.policy;
    if (this.stopped || JSON.stringify(previous) === JSON.stringify(policy)) return;
    this.policy = policy;
    const { sensitive } = policy;
    this.mode.configure({ graceMs: sensitive.graceSeconds * 1000, maxDurationMs: sensitive.maxDurationMinutes * 60_000 });
    this.webhooks.setHooks(sensitive.webhooks);
    this.processGuard?.setPolicy(policy);
    if (!this.started) return; // start() reads this.policy
    this.audit.append('guards.policy-applied', { policy: policy.name, version: policy.version, previous: { policy: previous.name, version: previous.version } });
    // Every guard takes the new settings in this one synchronous stretch; the awaits below only
    // finish what the switch started (a lock clears the clipboard, the old folder watcher drains).
    const clipboardSwitched = this.clipboardGuard?.setMode(policy.clipboard.mode);
    let oldFolders: FolderGuard | null = null;
    if (JSON.stringify(previous.notes.watchedFolders) !== JSON.stringify(policy.notes.watchedFolders) || previous.notes.folderAction !== policy.notes.folderAction) {
      oldFolders = this.folderGuard;
      this.folderGuard = null;
      oldFolders?.stop();
      this.startFolderGuard();
    }
    this.setWindowRules(this.compileRules(policy));
    await clipboardSwitched;
    await oldFolders?.idle();
    await this.windowTrigger?.tick();
    const api = sensitive.integrationApi;
    const wanted = api.enabled ? (this.options.integrationPort ?? api.port) : null;
    const before = previous.sensitive.integrationApi.enabled ? (this.options.integrationPort ?? previous.sensitive.integrationApi.port) : null;
    if (wanted !== before) {
      await this.api?.stop();
      this.api = null;
      this.apiInfo = null;
      // Nobody can end an integration hold once the API is off: release it rather than wait for the maximum.
      if (wanted === null) this.mode.releaseKind('integration');
      else await this.startIntegrationApi();
    }
    if (this.evidence.active) this.evidence.policyChanged(this.ctx.now(), policy, this.controls());
  }

  private compileRules(policy: Policy): CompiledWindowRule[] {
    const { rules, problems } = compileWindowRules(policy.sensitive.windowRules);
    for (const p of problems) this.audit.append('policy.rule-ignored', { rule: p.id, field: p.field, reason: p.message });
    return rules;
  }

  /** Watches the active window with these rules; with none it stops (releasing window holds). */
  private setWindowRules(rules: CompiledWindowRule[]): void {
    const source = this.options.adapters.activeWindow;
    if (!source) return;
    this.windowTrigger ??= new WindowTrigger(source, this.mode, rules, (error) => this.audit.append('window-watch.error', { message: error.message }), this.options.windowPollMs);
    this.windowTrigger.setRules(rules);
    if (rules.length > 0) this.windowTrigger.start();
    else this.windowTrigger.stop();
  }

  private startFolderGuard(): void {
    const { notes } = this.policy;
    if (notes.watchedFolders.length === 0) return;
    this.folderGuard = new FolderGuard(notes.watchedFolders, notes.folderAction, path.join(this.options.dataDir, 'quarantine'), this.ctx);
    this.folderGuard.start();
  }

  private async startIntegrationApi(): Promise<void> {
    const token = await loadOrCreateApiToken(this.options.dataDir);
    this.api = new IntegrationApi({ port: this.options.integrationPort ?? this.policy.sensitive.integrationApi.port, token, mode: this.mode, audit: this.audit });
    try {
      const { port } = await this.api.start();
      this.apiInfo = { port, token };
    } catch (error) {
      this.audit.append('integration.unavailable', { reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message });
      this.api = null;
    }
  }

  /** Ends any session (recorded as "stopped"), then stops every watcher and flushes the logs. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.mode.stop();
    // A policy switch under way finishes first, so nothing it starts outlives the stop.
    await this.transitions;
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
    this.announce({ guard: 'scratchpad', action: 'scrubbed', findings: [] });
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
        this.announce({ guard: 'capture', action: 'blocked', subject: 'Print Screen', findings: [] });
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
