import { compareDebianVersions } from './deb-version';

/** An installed package from /var/lib/dpkg/status. */
export interface InstalledPackage {
  name: string;
  arch: string;
  version: string;
}

/** Installed packages by name (several entries for multi-arch packages). */
export type InstalledIndex = Map<string, InstalledPackage[]>;

/**
 * Pure parser of the dpkg status database (deb822 stanzas: Package, Status, Architecture,
 * Version). Only packages whose status is "installed" count; "config-files" and half-installed
 * ones are not upgraded by apt. Null when the text has no Package stanza at all.
 */
export function parseDpkgStatus(text: string): InstalledIndex | null {
  const index: InstalledIndex = new Map();
  let seen = false;
  for (const stanza of text.split(/\r?\n\r?\n/)) {
    const f = fields(stanza, ['Package', 'Status', 'Architecture', 'Version']);
    if (!f.Package) continue;
    seen = true;
    if (!f.Version || !/(?:^|\s)installed$/.test(f.Status ?? '')) continue;
    const list = index.get(f.Package) ?? [];
    list.push({ name: f.Package, arch: f.Architecture ?? 'all', version: f.Version });
    index.set(f.Package, list);
  }
  return seen ? index : null;
}

function fields(stanza: string, names: readonly string[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const line of stanza.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0 || line.startsWith(' ')) continue;
    const key = line.slice(0, colon);
    if (names.includes(key)) out[key] = line.slice(colon + 1).trim();
  }
  return out;
}

/** A newer version of an installed package found in one package list. */
export interface NewerPackage {
  name: string;
  arch: string;
  installed: string;
  available: string;
}

/**
 * Pure scan of an apt package list (a `Packages` index as kept in /var/lib/apt/lists) for
 * versions newer than the installed ones. Built for 50 MB lists: stanzas of packages that are
 * not installed are skipped without reading their fields. Returns the newest version per
 * installed package:arch; null when the text is not a Packages index.
 */
export function newerInList(text: string, installed: InstalledIndex): NewerPackage[] | null {
  const found = new Map<string, NewerPackage>();
  let pos = text.startsWith('Package: ') ? 0 : text.indexOf('\nPackage: ');
  if (pos < 0) return null;
  if (pos > 0) pos += 1;
  while (pos >= 0 && pos < text.length) {
    const lineEnd = text.indexOf('\n', pos);
    const name = text.slice(pos + 9, lineEnd < 0 ? text.length : lineEnd).trim();
    const stanzaEnd = text.indexOf('\n\n', pos);
    const nextLine = stanzaEnd < 0 ? -1 : text.indexOf('\nPackage: ', stanzaEnd);
    const next = nextLine < 0 ? -1 : nextLine + 1;
    const candidates = installed.get(name);
    if (candidates) {
      const stanza = text.slice(pos, stanzaEnd < 0 ? text.length : stanzaEnd);
      const f = fields(stanza, ['Version', 'Architecture']);
      const arch = f.Architecture ?? 'all';
      for (const inst of candidates) {
        if (!f.Version || (arch !== inst.arch && arch !== 'all' && inst.arch !== 'all')) continue;
        if (compareDebianVersions(f.Version, inst.version) <= 0) continue;
        const key = `${name}:${inst.arch}`;
        const prev = found.get(key);
        if (!prev || compareDebianVersions(f.Version, prev.available) > 0) found.set(key, { name, arch: inst.arch, installed: inst.version, available: f.Version });
      }
    }
    pos = next;
  }
  return [...found.values()];
}

/** Suite and codename from a Release / InRelease file ("bookworm-security", "jammy-security"). */
export function parseReleaseSuite(text: string): { suite: string | null; codename: string | null } {
  const head = text.slice(0, 4096);
  const suite = /^Suite:\s*(\S+)/m.exec(head)?.[1] ?? null;
  const codename = /^Codename:\s*(\S+)/m.exec(head)?.[1] ?? null;
  return { suite, codename };
}

/** Debian and Ubuntu name their security pockets "<codename or suite>-security". */
export function isSecuritySuite(release: { suite: string | null; codename: string | null }): boolean {
  return [release.suite, release.codename].some((s) => s !== null && /-security$/.test(s));
}
