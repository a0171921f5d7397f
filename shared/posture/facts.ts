import type { CheckResult, EvidenceValue } from './check-result';

/** Structured evidence as stored on a check result. */
export type Evidence = Record<string, EvidenceValue>;

/**
 * What a platform adapter found out: the facts a decision needs, or why it could not find them
 * (the check then says "unknown" with that reason, never "pass").
 */
export type Gathered<T> = { ok: true; facts: T } | { ok: false; reason: string; evidence: Evidence; remediation?: string };

/** One volume's encryption state, as far as the OS told us. */
export interface VolumeEncryption {
  /** "C:", "/", "/home", "Data volume". */
  mount: string;
  device?: string;
  /** true: encrypted; false: plain; null: could not tell. */
  encrypted: boolean | null;
  /** BitLocker can be encrypted with protection suspended; null where the notion does not apply. */
  protectionOn: boolean | null;
  /** e.g. "FullyEncrypted", "EncryptionInProgress", "FileVault is On". */
  state: string | null;
  percent?: number | null;
}

export interface DiskEncryptionFacts {
  source: string;
  /** Volumes that must be encrypted (system drive; root and home on Linux). */
  volumes: VolumeEncryption[];
  extra?: Evidence;
}

/** One antivirus / EDR product found on the machine. */
export interface AvProduct {
  name: string;
  source: string;
  enabled: boolean | null;
  realTime: boolean | null;
  /** Signature based products have freshness; EDR sensors detected by their process do not. */
  signatureBased: boolean;
  signaturesUpToDate: boolean | null;
  signatureAgeDays: number | null;
  detail?: Evidence;
}

export interface AntivirusFacts {
  products: AvProduct[];
  /** Sources that could not be read; a clean "none found" needs this empty. */
  unreadable: string[];
  /** Sources that were read (for the evidence). */
  sources: string[];
}

/** One connected USB device. */
export interface UsbDevice {
  vendorId: string;
  productId: string;
  name: string;
  /** null where the OS lists the device without saying what it is (macOS 26's SPUSBHostDataType). */
  massStorage: boolean | null;
  hub: boolean;
}

export interface UsbFacts {
  source: string;
  devices: UsbDevice[];
}

/** Pending updates as counted without network access; null where the OS cannot tell. */
export interface PendingUpdates {
  total: number | null;
  security: number | null;
  source: string;
  names?: string[];
  note?: string;
}

export interface PatchFacts {
  osName: string;
  /** Dotted version compared with the policy minimum. */
  version: string | null;
  lastInstalledAt: string | null;
  lastInstalledSource: string;
  pending: PendingUpdates;
}

/** One firewall (a Windows profile, ufw, firewalld, nftables, the macOS application firewall). */
export interface FirewallPart {
  name: string;
  enabled: boolean | null;
  detail?: string;
}

export interface FirewallFacts {
  source: string;
  /** all: every part must be on (Windows profiles); any: one enabled firewall is enough (Linux). */
  rule: 'all' | 'any';
  parts: FirewallPart[];
}

export interface ScreenLockFacts {
  source: string;
  /** Whether a password is needed after the screen saver / idle lock; null: cannot tell. */
  lockEnabled: boolean | null;
  /** Idle minutes until the screen locks; null: never (idle lock off) or unknown (see lockEnabled). */
  lockAfterMinutes: number | null;
  detail?: Evidence;
}

/** A check's verdict before the runner adds its id and timing. */
export type CheckOutcome = Omit<CheckResult, 'id' | 'durationMs'>;

/** The outcome for facts that could not be gathered: unknown, with the reason. */
export function undecided(g: Extract<Gathered<unknown>, { ok: false }>, fallbackRemediation: string): CheckOutcome {
  return { status: 'unknown', summary: g.reason, evidence: g.evidence, remediation: g.remediation ?? fallbackRemediation };
}
