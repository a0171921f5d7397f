import { translate } from '../../../shared/i18n/translate';
import type { AppState } from '../../../shared/ipc/app-state';

/** One tray menu entry: the subset of Electron's MenuItemConstructorOptions the tray uses. */
export type TrayMenuItem =
  | { type: 'separator' }
  | { label: string; click: () => void; type?: 'checkbox'; checked?: boolean; enabled?: boolean };

/** What the tray's entries do; index.ts wires them to the window, the engine and DesktopApp. */
export interface TrayActions {
  open(): void;
  checkNow(): void;
  toggleSensitive(): void;
  endShift(): void;
  quit(): void;
}

/**
 * The tray menu for a state (null before the first one), free of Electron so it can be tested;
 * index.ts hands the result to Menu.buildFromTemplate. End shift is offered only while a shift
 * runs, like the button in the window.
 */
export function trayMenuTemplate(state: AppState | null, actions: TrayActions): TrayMenuItem[] {
  const language = state?.settings.language ?? 'en';
  const manualOn = state?.sensitive.reasons.some((r) => r.kind === 'manual') ?? false;
  return [
    { label: translate(language, 'tray.open'), click: () => actions.open() },
    { label: translate(language, 'tray.checkNow'), click: () => actions.checkNow() },
    { label: translate(language, 'tray.sensitiveManual'), type: 'checkbox', checked: manualOn, enabled: state?.sensitive.available ?? false, click: () => actions.toggleSensitive() },
    { label: translate(language, 'tray.endShift'), enabled: state?.shift.startedAt != null, click: () => actions.endShift() },
    { type: 'separator' },
    { label: translate(language, 'tray.quit'), click: () => actions.quit() },
  ];
}
