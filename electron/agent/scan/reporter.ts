import type { ScanProgress, ScanReport } from './scan-run';
import type { ScanFinding } from './types';

function where(f: ScanFinding): string {
  return f.line !== undefined ? `${f.file}:${f.line}` : `${f.file} [${f.location}]`;
}

/** The human-readable report: one line per finding (masked), then skips and a summary. */
export function formatScanReport(report: ScanReport, verbose: boolean): string {
  const lines: string[] = [];
  for (const f of report.findings) lines.push(`${where(f)}: ${f.scheme} ${f.masked} (${f.length} digits, ends ${f.last4})`);
  for (const r of report.redactions) {
    if (r.redacted > 0) lines.push(`redacted ${r.redacted} in ${r.file}${r.original ? ` (original kept as ${r.original})` : ''}`);
    if (r.notRedacted) lines.push(`not redacted: ${r.file}: ${r.notRedacted}`);
  }
  const counts = { binary: 0, 'too-large': 0, unreadable: 0, 'not-a-file': 0 };
  for (const s of report.skips) {
    counts[s.reason]++;
    if (s.reason !== 'binary' || verbose) lines.push(`skipped (${s.reason}${s.detail ? `: ${s.detail}` : ''}): ${s.file}`);
  }
  for (const e of report.errors) lines.push(`error: ${e}`);
  const skipped = report.skips.length;
  const parts = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`);
  const files = new Set(report.findings.map((f) => f.file)).size;
  lines.push(
    `${report.findings.length === 0 ? 'No card numbers found' : `${report.findings.length} card number(s) found in ${files} file(s)`}; ` +
      `${report.filesScanned} file(s) scanned, ${skipped} skipped${parts.length ? ` (${parts.join(', ')}${counts.binary && !verbose ? '; --verbose lists binaries' : ''})` : ''}.`,
  );
  return lines.join('\n');
}

/** JSON for --json: the report as is (it never holds a full number). */
export function scanReportJson(report: ScanReport): string {
  return JSON.stringify(report, null, 2);
}

/** A one-line progress bar for a terminal (written with \r, cleared at the end). */
export function progressLine(p: ScanProgress, width = 30): string {
  const ratio = p.bytesTotal > 0 ? p.bytesDone / p.bytesTotal : p.filesTotal > 0 ? p.filesDone / p.filesTotal : 1;
  const filled = Math.max(0, Math.min(width, Math.round(ratio * width)));
  const mb = (n: number) => (n / 1e6).toFixed(1);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.filesDone}/${p.filesTotal} files, ${mb(p.bytesDone)}/${mb(p.bytesTotal)} MB`;
}
