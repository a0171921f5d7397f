/** The platforms the agent has adapters for (process.platform values). */
export type AgentPlatform = 'win32' | 'darwin' | 'linux';

/** A platform name for people. */
export function platformLabel(platform: AgentPlatform): string {
  switch (platform) {
    case 'win32':
      return 'Windows';
    case 'darwin':
      return 'macOS';
    case 'linux':
      return 'Linux';
  }
}
