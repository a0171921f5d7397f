import { gunzipSync } from 'node:zlib';
import type { PendingUpdates } from '../../../../shared/posture/facts';
import type { CheckContext } from '../check-context';
import { isSecuritySuite, newerInList, parseDpkgStatus, parseReleaseSuite, type NewerPackage } from './deb-packages';
import { decodeLz4Frames } from './lz4-frame';

export const APT_LISTS_DIR = '/var/lib/apt/lists';
export const DPKG_STATUS = '/var/lib/dpkg/status';
export const APT_LISTS_SOURCE = 'apt lists and dpkg status';

/** Why the lists could not be read directly; the caller then asks apt itself. */
export class AptListsUnreadableError extends Error {
  override readonly name = 'AptListsUnreadableError';
}

/**
 * Pending security updates computed the way `apt list --upgradable` marks them, without apt:
 * installed packages (dpkg status) older than a version in a package list of a "-security"
 * pocket (the list's Release file names the suite: "bookworm-security", "jammy-security").
 * Offline, no root, no locale. apt needs 1.5 s to rebuild its cache for its answer where
 * pkgcache.bin is not kept (Docker-built images); the security pockets take a few ms to read.
 *
 * The total of all pending updates is not counted (null): it needs the release's main list
 * (50 MB for Debian, 0.2 to 0.8 s to decompress and scan here), and the verdict judges only
 * security updates.
 *
 * Differences from apt: pinning and phased updates are not modelled, and a package whose
 * security pocket has a newer version counts as a pending security update even when apt would
 * install a still newer version from another pocket (apt then names only that pocket; the newer
 * version carries the security fix too). Lists compressed with anything but LZ4 or gzip (xz,
 * zstd), unreadable files and a missing dpkg database throw AptListsUnreadableError.
 */
export async function aptSecurityPending(ctx: CheckContext, dir = APT_LISTS_DIR, statusPath = DPKG_STATUS): Promise<PendingUpdates> {
  const read = ctx.files.readBytes?.bind(ctx.files);
  if (!read) throw new AptListsUnreadableError('this file reader cannot read binary files');
  const [names, statusBytes] = await Promise.all([ctx.files.list(dir), read(statusPath)]);
  if (!names) throw new AptListsUnreadableError(`${dir} does not exist`);
  if (!statusBytes) throw new AptListsUnreadableError(`${statusPath} does not exist`);
  const installed = parseDpkgStatus(Buffer.from(statusBytes).toString('utf8'));
  if (!installed) throw new AptListsUnreadableError(`${statusPath} has no packages`);

  const releases = await Promise.all(
    names
      .filter((n) => /_(In)?Release$/.test(n))
      .map(async (file) => ({ prefix: file.replace(/(In)?Release$/, ''), security: isSecuritySuite(parseReleaseSuite((await ctx.files.readText(`${dir}/${file}`, 8192)) ?? '')) })),
  );
  // A list belongs to the Release file with the longest matching name prefix.
  const releaseOf = (list: string) => releases.filter((r) => list.startsWith(r.prefix)).sort((a, b) => b.prefix.length - a.prefix.length)[0];
  const lists = names.filter((n) => /_Packages(\.[a-z0-9]+)?$/.test(n) && releaseOf(n)?.security === true);

  const security = new Map<string, NewerPackage>();
  await Promise.all(
    lists.map(async (list) => {
      const bytes = await read(`${dir}/${list}`);
      if (!bytes) return; // removed by a concurrent apt update
      const newer = newerInList(listText(list, bytes), installed);
      if (!newer) throw new AptListsUnreadableError(`${list} is not a package list`);
      for (const p of newer) security.set(`${p.name}:${p.arch}`, p);
    }),
  );
  // Without a security pocket (never updated, or no security source configured) we cannot tell.
  if (lists.length === 0) return { total: null, security: null, source: APT_LISTS_SOURCE, note: `no security pocket among the package lists in ${dir}` };
  const pendingNames = [...new Set([...security.values()].map((p) => p.name))].sort();
  return { total: null, security: pendingNames.length, source: APT_LISTS_SOURCE, names: pendingNames, note: `${lists.length} security list${lists.length === 1 ? '' : 's'} read; total pending not counted` };
}

/** A list's text; Node reads gzip natively and LZ4 through our decoder. */
function listText(name: string, bytes: Uint8Array): string {
  const ext = /_Packages(?:\.([a-z0-9]+))?$/.exec(name)?.[1];
  let plain: Uint8Array;
  switch (ext) {
    case undefined:
      plain = bytes;
      break;
    case 'lz4':
      plain = decodeLz4Frames(bytes);
      break;
    case 'gz':
      plain = gunzipSync(bytes);
      break;
    default:
      throw new AptListsUnreadableError(`${name}: ${ext} compression is not read directly`);
  }
  // Field names and versions are ASCII: latin1 decoding is exact for them and much faster.
  return Buffer.from(plain.buffer, plain.byteOffset, plain.length).toString('latin1');
}
