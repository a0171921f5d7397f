/**
 * Pure parser for `dnf -C -q updateinfo list --security` (cache only: no network; no root):
 * "FEDORA-2023-1a2b3c4d5e Important/Sec. openssl-libs-1:3.0.9-2.fc38.x86_64" or
 * "RHSA-2023:3722 Important/Sec. openssl-1:1.1.1k-9.el8_7.x86_64". Returns the advisory ids and
 * the distinct package NEVRAs; null when no line has that shape and the text is not empty.
 */
export function parseDnfSecurityList(text: string): { advisories: string[]; packages: string[] } | null {
  const advisories = new Set<string>();
  const packages = new Set<string>();
  let unparsed = 0;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || /^(Last metadata expiration|Updating Subscription|Loaded plugins)/i.test(line)) continue;
    const m = /^(\S+)\s+(\S+\/Sec\.|security|\S*Sec\S*)\s+(\S+)$/.exec(line);
    if (m) {
      advisories.add(m[1] ?? '');
      packages.add(m[3] ?? '');
    } else unparsed += 1;
  }
  if (advisories.size === 0 && unparsed > 0) return null;
  return { advisories: [...advisories], packages: [...packages] };
}
