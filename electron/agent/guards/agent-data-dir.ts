import os from 'node:os';
import path from 'node:path';

/**
 * Where the agent keeps its audit log, evidence, quarantine and integration token:
 * SHIFTGUARD_AGENT_DATA if set, else the platform's per-user data folder.
 */
export function agentDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.SHIFTGUARD_AGENT_DATA) return env.SHIFTGUARD_AGENT_DATA;
  const home = os.homedir();
  switch (platform) {
    case 'win32':
      return path.join(env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), 'ShiftGuard', 'agent');
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'ShiftGuard', 'agent');
    default:
      return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'shiftguard', 'agent');
  }
}
