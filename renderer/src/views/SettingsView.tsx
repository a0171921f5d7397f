import { LANGUAGE_NAMES, LANGUAGES, LanguageSchema } from '../../../shared/i18n/languages';
import type { AppState } from '../../../shared/ipc/app-state';
import type { ShiftGuardApi } from '../../../shared/ipc/contract';
import { useT } from '../i18n';
import { EnrollView } from './EnrollView';

/** Language and start-at-login; settings IT set are shown locked, with any managed-config problems. */
export function SettingsView({ bridge, state, onError }: { bridge: ShiftGuardApi; state: AppState; onError: (m: string) => void }) {
  const t = useT();
  const locked = (key: 'language' | 'startAtLogin') => state.settings.locked.includes(key);
  return (
    <section aria-labelledby="settings-heading">
      <h2 id="settings-heading">{t('settings.heading')}</h2>
      <div className="setting">
        <label htmlFor="language">{t('settings.language')}</label>
        <select
          id="language"
          value={state.settings.language}
          disabled={locked('language')}
          onChange={(e) => {
            const language = LanguageSchema.parse(e.target.value);
            void bridge.setLanguage({ language }).then((r) => !r.ok && onError(r.error.message));
          }}
        >
          {LANGUAGES.map((l) => (
            <option key={l} value={l} lang={l}>
              {LANGUAGE_NAMES[l]}
            </option>
          ))}
        </select>
        {locked('language') && <span className="locked" data-locked="language">🔒 {t('settings.locked')}</span>}
      </div>
      <div className="setting">
        <label>
          <input
            type="checkbox"
            checked={state.settings.startAtLogin}
            disabled={locked('startAtLogin')}
            onChange={(e) => void bridge.setStartAtLogin({ enabled: e.target.checked }).then((r) => !r.ok && onError(r.error.message))}
          />
          {t('settings.startAtLogin')}
        </label>
        {locked('startAtLogin') && <span className="locked" data-locked="startAtLogin">🔒 {t('settings.locked')}</span>}
      </div>
      <EnrollView bridge={bridge} state={state} />
      {state.managed.problems.length > 0 && (
        <div className="managed-problems" role="alert">
          <p>{t('settings.managedProblems')}</p>
          <ul>
            {state.managed.problems.map((p) => (
              <li key={p.key} dir="ltr">
                <code>{p.key}</code>: {p.message}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
