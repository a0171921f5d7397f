import type { Policy } from '../../../shared/policy/schema';
import type { ProcessControl, ProcessInfo, WindowMinimizer } from './adapters';
import type { GuardContext } from './guard-context';
import { processMatches } from './process-match';

type Role = 'capture' | 'notes';
type Action = 'terminate' | 'report' | 'minimize';

/**
 * While sensitive mode is on, looks at the running processes every `intervalMs` (default 200 ms, so
 * a capture tool is acted on well within 1 s of starting) and terminates, minimizes or reports
 * capture tools and note-taking apps per policy. Each process is acted on once per session.
 */
export class ProcessGuard {
  private timer: NodeJS.Timeout | null = null;
  private handled = new Set<number>();
  private busy = false;

  constructor(
    private readonly processes: ProcessControl,
    private readonly minimizer: WindowMinimizer | null,
    private policy: Pick<Policy, 'capture' | 'notes'>,
    private readonly ctx: GuardContext,
    private readonly intervalMs = 200,
  ) {}

  /**
   * Switches lists and actions (a new policy). Processes already acted on in this session are
   * looked at again under the new policy (a tool only reported before may now be terminated).
   */
  setPolicy(policy: Pick<Policy, 'capture' | 'notes'>): void {
    this.policy = policy;
    this.handled.clear();
  }

  setActive(active: boolean): void {
    if (active && !this.timer) {
      this.handled.clear();
      this.timer = setInterval(() => void this.scan(), this.intervalMs);
      this.timer.unref();
      void this.scan();
    } else if (!active && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  /** One look at the process list. */
  async scan(): Promise<void> {
    if (this.busy) return;
    const { capture, notes } = this.policy;
    if (capture.tools.length === 0 && notes.apps.length === 0) return;
    this.busy = true;
    try {
      const list = await this.processes.list();
      const work: Promise<void>[] = [];
      for (const proc of list) {
        if (this.handled.has(proc.pid)) continue;
        const tool = capture.tools.find((t) => processMatches(t, proc));
        const app = tool ? undefined : notes.apps.find((a) => processMatches(a, proc));
        if (tool) work.push(this.act('capture', capture.action, tool, proc));
        else if (app) work.push(this.act('notes', notes.appAction, app, proc));
      }
      await Promise.all(work);
    } catch (error) {
      this.ctx.audit.append('process-guard.error', { message: (error as Error).message });
    } finally {
      this.busy = false;
    }
  }

  private async act(role: Role, action: Action, listed: string, proc: ProcessInfo): Promise<void> {
    this.handled.add(proc.pid);
    const detail = { app: listed, process: proc.exeName ?? proc.name, pid: proc.pid };
    const at = () => this.ctx.now();
    const guard = role === 'capture' ? 'capture' : 'notes-app';
    const announce = (done: 'reported' | 'terminated' | 'minimized') => this.ctx.event?.({ guard, action: done, subject: detail.process, findings: [] });
    switch (action) {
      case 'report':
        this.ctx.audit.append(`${role}.detected`, detail);
        this.ctx.evidence.action(at(), role, 'reported', detail);
        announce('reported');
        return;
      case 'terminate': {
        const gone = await this.processes.terminate(proc.pid);
        if (gone) {
          this.ctx.audit.append(`${role}.terminated`, detail);
          this.ctx.evidence.action(at(), role, 'terminated', detail);
          announce('terminated');
        } else {
          this.ctx.audit.append(`${role}.not-stopped`, detail);
          this.ctx.evidence.notEnforced(at(), role, `${detail.app} (pid ${proc.pid}) could not be terminated`);
          // It could only be reported: the server sees it was running, not that it was stopped.
          announce('reported');
        }
        return;
      }
      case 'minimize': {
        const count = this.minimizer ? await this.minimizer.minimizeProcessWindows(proc.pid).catch(() => 0) : 0;
        if (count > 0) {
          this.ctx.audit.append(`${role}.minimized`, { ...detail, windows: count });
          this.ctx.evidence.action(at(), role, 'minimized', { ...detail, windows: count });
          announce('minimized');
        } else {
          this.ctx.audit.append(`${role}.not-minimized`, detail);
          this.ctx.evidence.notEnforced(at(), role, `${detail.app} (pid ${proc.pid}): no window could be minimized`);
          announce('reported');
        }
        return;
      }
    }
  }
}
