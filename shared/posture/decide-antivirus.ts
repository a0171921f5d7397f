import type { PosturePolicy } from '../policy/schema';
import type { EvidenceValue } from './check-result';
import { undecided, type AntivirusFacts, type AvProduct, type CheckOutcome, type Gathered } from './facts';
import type { AgentPlatform } from './platform';

const FIX: Record<AgentPlatform, string> = {
  win32: 'Turn on real-time protection and update the antivirus (Windows Security > Virus & threat protection), or ask IT.',
  darwin: 'Ask IT to install or repair the company antivirus; keep macOS security updates (XProtect) on.',
  linux: 'Ask IT to install and start the company antivirus (e.g. ClamAV clamd or the EDR agent) and keep its signatures updated.',
};

/** Why a product does not meet the policy, or null when it does; "undecided" when it cannot be told. */
function shortfall(p: AvProduct, maxAgeDays: number): string | null | 'undecided' {
  if (p.enabled === false) return 'disabled';
  if (p.realTime === false) return 'real-time protection off';
  if (p.signatureBased) {
    if (p.signatureAgeDays !== null) {
      if (p.signatureAgeDays > maxAgeDays) return `signatures ${p.signatureAgeDays} days old (max ${maxAgeDays})`;
    } else if (p.signaturesUpToDate === false) return 'signatures out of date';
    else if (p.signaturesUpToDate === null) return 'undecided';
  }
  if (p.enabled === null || p.realTime === null) return 'undecided';
  return null;
}

function productEvidence(p: AvProduct, maxAgeDays: number): EvidenceValue {
  const s = shortfall(p, maxAgeDays);
  return {
    name: p.name,
    source: p.source,
    enabled: p.enabled,
    realTime: p.realTime,
    signatureBased: p.signatureBased,
    signaturesUpToDate: p.signaturesUpToDate,
    signatureAgeDays: p.signatureAgeDays,
    meetsPolicy: s === null ? true : s === 'undecided' ? null : false,
    ...(s && s !== 'undecided' ? { problem: s } : {}),
    ...(p.detail ?? {}),
  };
}

/** Product names allowed by policy: case-insensitive substring; an empty list allows any. */
export function isAllowedProduct(name: string, allowed: readonly string[]): boolean {
  return allowed.length === 0 || allowed.some((a) => name.toLowerCase().includes(a.toLowerCase()));
}

/**
 * Antivirus verdict: pass when one allowed product is enabled, scanning in real time and (for
 * signature-based products) has signatures no older than the policy allows.
 */
export function decideAntivirus(platform: AgentPlatform, gathered: Gathered<AntivirusFacts>, policy: PosturePolicy['antivirus']): CheckOutcome {
  if (!gathered.ok) return undecided(gathered, 'Ask IT to check the antivirus on this workstation.');
  const { facts } = gathered;
  const max = policy.maxSignatureAgeDays;
  const allowed = facts.products.filter((p) => isAllowedProduct(p.name, policy.allowedProducts));
  const evidence = {
    sources: facts.sources,
    unreadable: facts.unreadable,
    allowedProducts: policy.allowedProducts,
    maxSignatureAgeDays: max,
    products: facts.products.map((p) => productEvidence(p, max)),
  };
  const good = allowed.find((p) => shortfall(p, max) === null);
  if (good) return { status: 'pass', summary: `${good.name} is on and up to date.`, evidence };
  const undecidable = allowed.find((p) => shortfall(p, max) === 'undecided');
  if (undecidable) {
    return { status: 'unknown', summary: `Could not tell whether ${undecidable.name} is fully on and up to date.`, evidence, remediation: FIX[platform] };
  }
  if (allowed.length > 0) {
    const first = allowed[0] as AvProduct;
    return { status: 'fail', summary: `${first.name}: ${String(shortfall(first, max))}.`, evidence, remediation: FIX[platform] };
  }
  if (facts.unreadable.length > 0) {
    return {
      status: 'unknown',
      summary: `No allowed antivirus found, and ${facts.unreadable.join(', ')} could not be read.`,
      evidence,
      remediation: 'Ask IT to check the antivirus on this workstation.',
    };
  }
  const others = facts.products.map((p) => p.name);
  return {
    status: 'fail',
    summary: others.length > 0 ? `No allowed antivirus is installed (found: ${others.join(', ')}).` : 'No antivirus was found.',
    evidence,
    remediation: FIX[platform],
  };
}
