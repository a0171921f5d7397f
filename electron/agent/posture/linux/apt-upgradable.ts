/** One line of `apt list --upgradable`. */
export interface AptUpgradable {
  name: string;
  suites: string[];
  newVersion: string;
  arch: string;
  currentVersion: string | null;
  security: boolean;
}

/**
 * Pure parser for `apt list --upgradable` (reads apt's local lists: no network, no root):
 * "openssl/jammy-updates,jammy-security 3.0.2-0ubuntu1.10 amd64 [upgradable from: 3.0.2-0ubuntu1.8]".
 * A package is a security update when one of its suites ends in "-security" (Debian and Ubuntu
 * name their security pockets so; "bookworm-security", "oldstable-security", "jammy-security").
 * Returns null when the text is not apt's listing (e.g. an error message).
 */
export function parseAptUpgradable(text: string): AptUpgradable[] | null {
  const lines = text.split(/\r?\n/);
  const out: AptUpgradable[] = [];
  let sawHeader = false;
  for (const line of lines) {
    if (/^Listing\.\.\./.test(line)) {
      sawHeader = true;
      continue;
    }
    const m = /^([^/\s]+)\/(\S+)\s+(\S+)\s+(\S+)(?:\s+\[upgradable from: ([^\]]+)\])?/.exec(line);
    if (!m) continue;
    const [, name = '', suiteList = '', newVersion = '', arch = '', current] = m;
    const suites = [...new Set(suiteList.split(',').filter(Boolean))];
    out.push({ name, suites, newVersion, arch, currentVersion: current ?? null, security: suites.some((s) => /-security$/.test(s)) });
  }
  return sawHeader || out.length > 0 ? out : null;
}
