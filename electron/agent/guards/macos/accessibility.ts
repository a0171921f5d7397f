/**
 * Whether an osascript/System Events error is macOS refusing Accessibility ("not allowed assistive
 * access", -1719 / -25211) or Automation (-1743, "Not authorized to send Apple events"). Pure.
 */
export function permissionRefusal(message: string): 'accessibility' | 'automation' | null {
  if (/-1743\b|not authori[sz]ed to send apple events/i.test(message)) return 'automation';
  if (/-1719\b|-25211\b|assistive access/i.test(message)) return 'accessibility';
  return null;
}

export const REFUSAL_TEXT = {
  accessibility: 'macOS Accessibility permission not granted to ShiftGuard (System Settings → Privacy & Security → Accessibility)',
  automation: 'macOS Automation permission for System Events not granted to ShiftGuard (System Settings → Privacy & Security → Automation)',
} as const;

/** Refused by macOS privacy controls; `kind` says which permission. */
export class PermissionRefusedError extends Error {
  override readonly name = 'PermissionRefusedError';
  constructor(readonly kind: 'accessibility' | 'automation') {
    super(REFUSAL_TEXT[kind]);
  }
}
