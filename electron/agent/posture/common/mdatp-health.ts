import type { AvProduct } from '../../../../shared/posture/facts';

/** A setting in mdatp's JSON: either a bare value or {displayValue, isManaged, value}. */
function settingValue(v: unknown): unknown {
  return v !== null && typeof v === 'object' && 'value' in v ? (v as { value: unknown }).value : v;
}

/**
 * Pure parser for `mdatp health --output json` (Microsoft Defender for Endpoint on Linux and
 * macOS). "healthy": true does not mean on-access scanning: real-time needs
 * realTimeProtectionEnabled true and passive mode off. Null when the text is not that JSON.
 */
export function parseMdatpHealth(text: string): AvProduct | null {
  let data: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
    data = parsed as Record<string, unknown>;
  } catch {
    return null;
  }
  if (!('healthy' in data) && !('realTimeProtectionEnabled' in data)) return null;
  const bool = (v: unknown) => (typeof v === 'boolean' ? v : null);
  const healthy = bool(data.healthy);
  const licensed = bool(data.licensed);
  const rtp = bool(settingValue(data.realTimeProtectionEnabled));
  const passive = bool(settingValue(data.passiveModeEnabled));
  const minutes = typeof data.definitionsUpdatedMinutesAgo === 'number' ? data.definitionsUpdatedMinutesAgo : null;
  const status = (data.definitionsStatus as { $type?: unknown } | undefined)?.$type;
  return {
    name: 'Microsoft Defender for Endpoint',
    source: 'mdatp health',
    enabled: healthy === null ? null : healthy && licensed !== false,
    realTime: rtp === null ? null : rtp && passive !== true,
    signatureBased: true,
    signaturesUpToDate: status === 'upToDate' ? true : typeof status === 'string' ? false : null,
    signatureAgeDays: minutes === null ? null : Math.floor(minutes / 1440),
    detail: {
      appVersion: typeof data.appVersion === 'string' ? data.appVersion : null,
      definitionsVersion: typeof data.definitionsVersion === 'string' ? data.definitionsVersion : null,
      passiveMode: passive,
      healthIssues: Array.isArray(data.healthIssues) ? data.healthIssues.map(String).slice(0, 20) : [],
    },
  };
}
