/**
 * Pure parser: from `lsblk -J -p -o NAME,TYPE,FSTYPE,MOUNTPOINT[S]` JSON, decide whether the
 * filesystems mounted at the given mount points sit on a LUKS / dm-crypt device.
 *
 * The crypt node itself has no mount point: the filesystem is mounted on a leaf (often LVM) below
 * it, so encryption is found by walking from the mounted node up through its ancestors to a
 * node of type "crypt" (or an fstype "crypto_LUKS" container).
 */

interface LsblkNode {
  name?: unknown;
  type?: unknown;
  fstype?: unknown;
  mountpoint?: unknown;
  mountpoints?: unknown;
  children?: unknown;
}

/** What was found for one mount point. */
export interface MountEncryption {
  mountPoint: string;
  device: string;
  encrypted: boolean;
  /** The mounted device and its ancestors, "name (type)", innermost first. */
  chain: string[];
}

export type LsblkParseResult =
  | { ok: true; mounts: MountEncryption[]; missing: string[] }
  | { ok: false; reason: string };

function mountPointsOf(node: LsblkNode): string[] {
  // util-linux >= 2.37 prints "mountpoints": [..]; older versions a single "mountpoint".
  const list = Array.isArray(node.mountpoints) ? node.mountpoints : [node.mountpoint];
  return list.filter((m): m is string => typeof m === 'string');
}

const label = (node: LsblkNode) => `${String(node.name)} (${String(node.type ?? node.fstype ?? '?')})`;
const isCrypt = (node: LsblkNode) => node.type === 'crypt' || node.fstype === 'crypto_LUKS';

export function parseLsblkEncryption(text: string, wanted: readonly string[]): LsblkParseResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'lsblk did not print JSON' };
  }
  const roots = (data as { blockdevices?: unknown })?.blockdevices;
  if (!Array.isArray(roots)) return { ok: false, reason: 'lsblk JSON has no blockdevices list' };

  const found = new Map<string, MountEncryption>();
  const walk = (node: LsblkNode, ancestors: LsblkNode[]) => {
    if (typeof node !== 'object' || node === null) return;
    const lineage = [node, ...ancestors];
    for (const mp of mountPointsOf(node)) {
      if (wanted.includes(mp) && !found.has(mp)) {
        found.set(mp, {
          mountPoint: mp,
          device: String(node.name),
          encrypted: lineage.some(isCrypt),
          chain: lineage.map(label),
        });
      }
    }
    if (Array.isArray(node.children)) for (const child of node.children as LsblkNode[]) walk(child, lineage);
  };
  for (const root of roots as LsblkNode[]) walk(root, []);

  return {
    ok: true,
    mounts: wanted.flatMap((mp) => found.get(mp) ?? []),
    missing: wanted.filter((mp) => !found.has(mp)),
  };
}
