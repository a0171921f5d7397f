import type { ActiveWindow } from '../adapters';
import type { SpawnFn } from '../common/line-process';
import { StreamedActiveWindowSource, type ForegroundLine } from '../common/streamed-active-window';
import { permissionRefusal, REFUSAL_TEXT } from './accessibility';

/**
 * A fixed JXA script run by one long-running osascript: every 250 ms the frontmost process (name,
 * pid) from System Events and its front window's title, one JSON line (console.log → stderr) only
 * when the answer changes. The title needs Accessibility permission; without it the line carries
 * the refusal instead. It stops when its parent is gone (reparented to launchd).
 */
export const FOREGROUND_JXA = String.raw`
ObjC.import('stdlib');
function run() {
  var se = Application('System Events');
  var last = '';
  while (true) {
    var out;
    try {
      var p = se.processes.whose({ frontmost: true })[0];
      var title = null, titleError = null;
      try { var w = p.windows(); title = w.length > 0 ? w[0].name() : ''; } catch (e) { titleError = String(e && e.message || e); }
      out = JSON.stringify({ pid: p.unixId(), name: p.name(), title: title, titleError: titleError });
    } catch (e) {
      out = JSON.stringify({ error: String(e && e.message || e) });
    }
    if (out !== last) { console.log(out); last = out; }
    try { if ($.getppid() === 1) return; } catch (e) {}
    delay(0.25);
  }
}
`;

/** One line of the JXA foreground script. Pure. */
export function parseMacForegroundLine(line: string): ForegroundLine {
  const text = line.trim();
  if (!text.startsWith('{')) return { kind: 'ignore' };
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { kind: 'ignore' };
  }
  if (typeof value.error === 'string') {
    const refusal = permissionRefusal(value.error);
    return { kind: 'error', message: refusal ? REFUSAL_TEXT[refusal] : `System Events: ${value.error}` };
  }
  const { pid, name, title, titleError } = value;
  if (typeof pid !== 'number' || !Number.isSafeInteger(pid) || pid <= 0) return { kind: 'window', window: null };
  const window: ActiveWindow = { pid, title: typeof title === 'string' ? title : '' };
  if (typeof name === 'string' && name !== '') window.processName = name;
  if (typeof titleError === 'string') {
    const refusal = permissionRefusal(titleError);
    window.titleUnavailable = refusal ? REFUSAL_TEXT[refusal] : `window title not readable: ${titleError}`;
  }
  return { kind: 'window', window };
}

/** The window in front on macOS, from one long-running osascript (JXA). */
export class MacActiveWindowSource extends StreamedActiveWindowSource {
  constructor(options: { spawn?: SpawnFn; restartDelayMs?: number; now?: () => number } = {}) {
    super({ file: 'osascript', args: ['-l', 'JavaScript', '-e', FOREGROUND_JXA], stream: 'stderr', parse: parseMacForegroundLine, ...options });
  }
}
