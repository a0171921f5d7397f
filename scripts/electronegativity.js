// `npm run lint:electron`: Electronegativity (Doyensec) over the desktop app's sources: the main
// process and preload (electron/), the renderer (renderer/ with its CSP meta tag) and package.json
// (for the Electron version). Fails on any HIGH or MEDIUM finding; lower ones are printed.
// The sources are staged into a temp folder so the scan sees exactly the app, not the server or tests.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const cli = path.join(path.dirname(require.resolve('@doyensec/electronegativity/package.json')), 'dist', 'index.js');
const electronVersion = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).optionalDependencies.electron;

const stage = mkdtempSync(path.join(os.tmpdir(), 'shiftguard-eng-'));
try {
  for (const part of ['electron', 'renderer/index.html', 'renderer/src', 'package.json']) {
    cpSync(path.join(root, part), path.join(stage, part), { recursive: true, filter: (src) => !src.includes('node_modules') });
  }
  const csv = path.join(stage, 'findings.csv');
  execFileSync(process.execPath, [cli, '-i', stage, '-r', '-v', 'false', '-e', electronVersion, '-o', csv], { stdio: 'ignore', timeout: 120_000 });
  const rows = readFileSync(csv, 'utf8').trim().split('\n').slice(1).filter(Boolean);
  const findings = rows.map((row) => {
    const [id, severity, confidence, file, location] = row.match(/("[^"]*"|[^,]*)(,|$)/g).map((c) => c.replace(/,$/, '').replace(/^"|"$/g, ''));
    return { id, severity, confidence, file, location };
  });
  const blocking = findings.filter((f) => f.severity === 'HIGH' || f.severity === 'MEDIUM');
  for (const f of findings) console.log(`electronegativity: ${f.severity} ${f.confidence} ${f.id} ${f.file}:${f.location}`);
  if (blocking.length > 0) {
    console.error(`electronegativity: ${blocking.length} high/medium finding(s)`);
    process.exitCode = 1;
  } else {
    console.log(`electronegativity: no high or medium findings (${findings.length} lower) in the desktop app, Electron ${electronVersion}`);
  }
} finally {
  rmSync(stage, { recursive: true, force: true });
}
