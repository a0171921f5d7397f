/**
 * Pure parser for `dnf -C -q updateinfo list --security` (cache only: no network; no root):
 * "FEDORA-2023-1a2b3c4d5e Important/Sec. openssl-libs-1:3.0.9-2.fc38.x86_64" or
 * "RHSA-2023:3722 Important/Sec. openssl-1:1.1.1k-9.el8_7.x86_64". Returns the advisory ids and
 * the distinct package NEVRAs; null when no line has that shape and the text is not empty.
 * dnf5 (Fedora 41+, where `dnf` is dnf5) prints a table instead: a "Name Type Severity Package
 * Issued" header, then "FEDORA-2024-… security Important openssl-1:3.2.2-3.fc41.x86_64 2024-… …"
 * rows; only rows of type "security" count, other advisory types are read and left out.
 */
export function parseDnfSecurityList(text: string): { advisories: string[]; packages: string[] } | null {
  const advisories = new Set<string>();
  const packages = new Set<string>();
  let unparsed = 0;
  let recognised = 0; // dnf5 rows of another advisory type: understood, not security
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || /^(Last metadata expiration|Updating Subscription|Loaded plugins)/i.test(line)) continue;
    if (/^Name\s+Type\s+Severity\s+Package(\s+Issued)?$/.test(line)) continue; // dnf5 header
    const dnf5 = /^(\S+)\s+(security|bugfix|enhancement|newpackage|unspecified|unknown)\s+(\S+)\s+(\S+)(?:\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})?$/.exec(line);
    if (dnf5) {
      if (dnf5[2] === 'security') {
        advisories.add(dnf5[1] ?? '');
        packages.add(dnf5[4] ?? '');
      } else recognised += 1;
      continue;
    }
    const m = /^(\S+)\s+(\S+\/Sec\.|security|\S*Sec\S*)\s+(\S+)$/.exec(line);
    if (m) {
      advisories.add(m[1] ?? '');
      packages.add(m[3] ?? '');
    } else unparsed += 1;
  }
  if (advisories.size === 0 && unparsed > 0 && recognised === 0) return null;
  return { advisories: [...advisories], packages: [...packages] };
}
