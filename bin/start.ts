import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { electronBinaryPath } from '../scripts/electron-binary';
import { DEFAULT_CONSOLE_DIR } from '../server/app';
import { resolveServerConfig } from '../server/config';
import { startServer } from '../server/server';

const ROOT = path.resolve(import.meta.dirname, '..');
const ELECTRON_MAIN = path.join(ROOT, 'dist', 'electron', 'main', 'index.js');

/** Builds the web UIs once if they are missing, so a fresh clone needs only npm install + npm start. */
function ensureWebBuilt(): void {
  if (existsSync(path.join(DEFAULT_CONSOLE_DIR, 'index.html'))) return;
  console.log('shiftguard: building the console and agent UI (first start only)…');
  const result = spawnSync('npm', ['run', '--silent', 'build:web'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('building the web UI failed (npm run build:web)');
}

/** Builds the Electron main process and preload once, where the Electron binary exists to run them. */
function ensureElectronBuilt(): void {
  if (existsSync(ELECTRON_MAIN)) return;
  console.log('shiftguard: building the desktop app (first start only)…');
  const result = spawnSync('npm', ['run', '--silent', 'build:electron'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) console.error('shiftguard: building the desktop app failed (npm run build:electron)');
}

/** Starts the agent next to the server: the Electron app where possible, else the headless agent. */
function startAgent(serverUrl: string, enrollToken: string): ChildProcess {
  // The local agent enrolls itself with a one-use token made for it (only used when not enrolled yet).
  const env = { ...process.env, SHIFTGUARD_SERVER: serverUrl, SHIFTGUARD_ENROLL_TOKEN: enrollToken, SHIFTGUARD_AGENT_DATA: process.env.SHIFTGUARD_AGENT_DATA ?? path.join(ROOT, 'data', 'agent') };
  const electron = electronBinaryPath();
  if (electron) ensureElectronBuilt();
  if (electron && existsSync(ELECTRON_MAIN)) {
    return spawn(electron, [ROOT], { cwd: ROOT, env, stdio: 'inherit' });
  }
  console.log(
    electron
      ? 'shiftguard: the desktop app is not built; starting the headless agent instead.'
      : 'shiftguard: no Electron binary on this machine; starting the headless agent instead.',
  );
  return spawn(process.execPath, [path.join(ROOT, 'bin', 'shiftguard.js'), 'run', '--server', serverUrl], { cwd: ROOT, env, stdio: 'inherit' });
}

/** `shiftguard start` (npm start): central endpoint on SQLite plus this machine's agent. Ctrl-C stops both. */
export async function startMain(args: string[]): Promise<number> {
  const config = resolveServerConfig({ data: process.env.SHIFTGUARD_DATA ?? path.join(ROOT, 'data', 'server'), ...parseStartFlags(args) });
  ensureWebBuilt();
  const server = await startServer(config);
  console.log(`shiftguard: console at ${server.url}/`);
  const { token } = await server.app.sg.enrollment.createToken({ site: 'local', expiresInHours: 1, maxUses: 1, label: 'npm start: this machine' }, null);
  const agent = startAgent(server.url, token);

  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
    agent.once('exit', (code) => {
      if (code !== 0 && code !== null) console.error(`shiftguard: the agent exited with code ${code}`);
      resolve();
    });
  });
  await stopped;
  if (agent.exitCode === null) {
    agent.kill('SIGTERM');
    await new Promise((resolve) => agent.once('exit', resolve));
  }
  await server.close();
  console.log('shiftguard: stopped.');
  return 0;
}

function parseStartFlags(args: string[]): { port?: string } {
  if (args.length === 0) return {};
  if (args[0] === '--port' && args[1] && args.length === 2) return { port: args[1] };
  throw Object.assign(new Error(`unexpected arguments: ${args.join(' ')}`), { name: 'UsageError' });
}
