import type { AvProduct } from '../../../../shared/posture/facts';
import { psBool, psDate, psInt, type PsRecord } from './ps-output';

/** Scanner state and signature status packed in WSC's productState (WSC_SECURITY_PRODUCT_STATE). */
export interface ProductState {
  scanner: 'on' | 'off' | 'snoozed' | 'expired' | 'unknown';
  signaturesUpToDate: boolean | null;
  hex: string;
}

/**
 * Decodes AntiVirusProduct.productState: bits 12-15 are the product state (0 off, 1 on,
 * 2 snoozed, 3 expired), bits 4-7 the signature status (0 up to date, 1 out of date); the top byte
 * is the provider mask. 397568 = 0x061100: on, up to date; 393472 = 0x060100: off; 397584 = 0x061110: on, out of date.
 */
export function decodeProductState(state: number): ProductState {
  const scanner = ({ 0x0000: 'off', 0x1000: 'on', 0x2000: 'snoozed', 0x3000: 'expired' } as const)[(state & 0xf000) as 0 | 0x1000 | 0x2000 | 0x3000] ?? 'unknown';
  const sig = state & 0xf0;
  return { scanner, signaturesUpToDate: sig === 0 ? true : sig === 0x10 ? false : null, hex: `0x${state.toString(16).padStart(6, '0')}` };
}

/** Products from root\SecurityCenter2 AntiVirusProduct records. */
export function securityCenterProducts(records: readonly PsRecord[]): AvProduct[] {
  return records.flatMap((r) => {
    const name = typeof r.displayName === 'string' ? r.displayName.trim() : '';
    const state = psInt(r.productState);
    if (!name || state === null) return [];
    const d = decodeProductState(state);
    return [
      {
        name,
        source: 'Windows Security Center',
        enabled: d.scanner === 'unknown' ? null : d.scanner === 'on',
        realTime: d.scanner === 'unknown' ? null : d.scanner === 'on',
        signatureBased: true,
        signaturesUpToDate: d.signaturesUpToDate,
        signatureAgeDays: null,
        detail: { productState: state, productStateHex: d.hex, scanner: d.scanner },
      },
    ];
  });
}

/** Microsoft Defender's own status (Get-MpComputerStatus / MSFT_MpComputerStatus). */
export function defenderProduct(r: PsRecord): AvProduct {
  const service = psBool(r.AMServiceEnabled);
  const av = psBool(r.AntivirusEnabled);
  const rtp = psBool(r.RealTimeProtectionEnabled);
  const mode = typeof r.AMRunningMode === 'string' ? r.AMRunningMode.trim() : null;
  // Passive mode and EDR block mode: another product is primary, Defender does not scan on access.
  const passive = mode !== null && /passive|edr block/i.test(mode);
  const age = psInt(r.AntivirusSignatureAge);
  const outOfDate = psBool(r.DefenderSignaturesOutOfDate);
  return {
    name: 'Microsoft Defender Antivirus',
    source: 'Get-MpComputerStatus',
    enabled: service === null || av === null ? null : service && av,
    realTime: rtp === null ? null : rtp && !passive,
    signatureBased: true,
    signaturesUpToDate: outOfDate === null ? null : !outOfDate,
    // 65535 is what Defender reports when signatures were never updated.
    signatureAgeDays: age === null ? null : age >= 65535 ? 9999 : age,
    detail: {
      runningMode: mode,
      signatureVersion: typeof r.AntivirusSignatureVersion === 'string' ? r.AntivirusSignatureVersion : null,
      signatureLastUpdated: psDate(r.AntivirusSignatureLastUpdated)?.toISOString() ?? null,
      tamperProtected: psBool(r.IsTamperProtected),
    },
  };
}

/** Merges Defender's own status into the WSC entry for Defender (WSC has no signature age). */
export function mergeDefender(products: AvProduct[], defender: AvProduct | null): AvProduct[] {
  if (!defender) return products;
  const isDefender = (p: AvProduct) => /defender/i.test(p.name);
  if (!products.some(isDefender)) return [...products, defender];
  return products.map((p) => (isDefender(p) ? { ...defender, name: p.name, source: `${p.source} + ${defender.source}`, detail: { ...p.detail, ...defender.detail } } : p));
}
