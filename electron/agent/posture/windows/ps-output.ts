import type { CheckContext } from '../check-context';
import { probe, type ProbeResult } from '../common/probe';

/** A PowerShell object as parsed: JSON values, or strings when read from Format-List text. */
export type PsRecord = Record<string, unknown>;

/**
 * Pure parser for PowerShell object output: `ConvertTo-Json` (what the probes run: an object, or
 * an array of them), `Format-List` text ("Name : value" blocks separated by blank lines, the
 * form Microsoft's documentation shows) or `wmic ... get /format:list` ("Name=value"). Table
 * output is lossy (truncated columns) and is refused. Null when no known shape is found.
 */
export function parsePsRecords(text: string): PsRecord[] | null {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') return [];
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      const data: unknown = JSON.parse(trimmed);
      const list = Array.isArray(data) ? data : [data];
      return list.filter((x): x is PsRecord => x !== null && typeof x === 'object' && !Array.isArray(x));
    } catch {
      return null;
    }
  }
  const records: PsRecord[] = [];
  let current: PsRecord | null = null;
  let lastKey: string | null = null;
  // wmic pads its lines with blank ones ("\r\r\n"), so for "Name=value" text only a repeated
  // name starts the next object; Format-List separates objects with a blank line.
  const wmicStyle = /^\w+=/.test(trimmed);
  const flush = () => {
    if (current) records.push(current);
    current = null;
    lastKey = null;
  };
  for (const line of trimmed.split(/\r?\n/)) {
    if (line.trim() === '') {
      if (!wmicStyle) flush();
      continue;
    }
    const m = wmicStyle ? /^(\w+)=(.*)$/.exec(line.trim()) : /^(\w[\w.-]*)\s*:\s?(.*)$/.exec(line);
    if (m && (wmicStyle || !/^\s/.test(line))) {
      const key = m[1] ?? '';
      if (current && key in current) flush();
      current ??= {};
      lastKey = key;
      current[key] = (m[2] ?? '').trimEnd();
    } else if (current && lastKey && !wmicStyle && /^\s/.test(line)) {
      current[lastKey] = `${String(current[lastKey])} ${line.trim()}`; // wrapped value
    }
  }
  flush();
  return records.length > 0 ? records : null;
}

/** A boolean from JSON (true), text ("True") or an enum number (1); null otherwise. */
export function psBool(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v === 1 ? true : v === 0 ? false : null;
  if (typeof v === 'string') return /^true$/i.test(v.trim()) ? true : /^false$/i.test(v.trim()) ? false : null;
  return null;
}

/** An integer from JSON or text (digits only: locale-formatted decimals are refused); null otherwise. */
export function psInt(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v);
  if (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v)) return Number.parseInt(v, 10);
  return null;
}

/** A date from ISO text or PowerShell 5.1's "\/Date(ms)\/"; locale-formatted text is refused (null). */
export function psDate(v: unknown): Date | null {
  if (typeof v === 'string') {
    const ms = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/.exec(v.trim());
    if (ms) return new Date(Number(ms[1]));
    // CIM DATETIME as wmic prints it: yyyymmddHHMMSS.mmmmmm+UUU (UUU = minutes from UTC).
    const cim = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})\.\d{6}([+-])(\d{3})$/.exec(v.trim());
    if (cim) {
      const [, y, mo, d, h, mi, se, sign, off] = cim;
      const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(se));
      return new Date(utc - (sign === '-' ? -1 : 1) * Number(off) * 60_000);
    }
    if (/^\d{4}-\d{2}-\d{2}T/.test(v.trim())) {
      const d = new Date(v.trim());
      return Number.isNaN(d.getTime()) ? null : d;
    }
    return null;
  }
  if (v !== null && typeof v === 'object' && 'value' in v) return psDate((v as { value: unknown }).value);
  return null;
}

/** Windows PowerShell 5.1, by absolute path under %SystemRoot% (present on every supported Windows). */
export function powershellPath(ctx: CheckContext): string {
  return `${ctx.env.SystemRoot ?? 'C:\\Windows'}\\System32\\WindowsPowerShell\\v1.0\\powershell.exe`;
}

/** Runs a PowerShell script (no profile, non-interactive); its output is expected to be JSON. */
export function runPowerShell(ctx: CheckContext, script: string, timeoutMs = 8000): Promise<ProbeResult> {
  return probe(ctx, powershellPath(ctx), ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command', script], { timeoutMs });
}

/** Access-denied errors as PowerShell and CIM print them (English text or the HRESULT). */
export const ACCESS_DENIED = /access (is )?denied|0x80041003|0x80070005|UnauthorizedAccess|PermissionDenied/i;
