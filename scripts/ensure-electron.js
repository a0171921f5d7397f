// postinstall: electron is an optional dependency, so a failed binary download (no access to
// GitHub) does not fail `npm install`, but npm then drops the whole package. We put the package
// back without its binary (like ELECTRON_SKIP_BINARY_DOWNLOAD) so its type definitions exist for
// the typecheck, and say so in one line. Where the download worked, this does nothing.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const version = pkg.optionalDependencies?.electron;
const target = path.join(root, 'node_modules', 'electron');

if (!version) process.exit(0);
if (existsSync(path.join(target, 'path.txt'))) process.exit(0); // binary present
if (existsSync(path.join(target, 'electron.d.ts'))) {
  console.log('shiftguard: no Electron binary (download not possible here); desktop tests will be skipped, the agent runs headless.');
  process.exit(0);
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'shiftguard-electron-'));
try {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const out = execFileSync(npm, ['pack', `electron@${version}`, '--silent', '--pack-destination', tmp], {
    cwd: tmp,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    shell: process.platform === 'win32',
  });
  const tarball = path.join(tmp, out.trim().split('\n').pop());
  mkdirSync(target, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1'], { stdio: 'ignore' });
  console.log(
    `shiftguard: Electron ${version} binary could not be downloaded here; installed its package without the binary ` +
      '(desktop tests will be skipped, the agent runs headless). Where GitHub is reachable: node node_modules/electron/install.js',
  );
} catch (error) {
  console.log(`shiftguard: Electron ${version} is not installed (${error.message.split('\n')[0]}); the agent will run headless.`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
