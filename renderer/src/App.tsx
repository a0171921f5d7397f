import { useCallback, useEffect, useRef, useState } from 'react';
import { directionOf } from '../../shared/i18n/languages';
import { translate } from '../../shared/i18n/translate';
import type { AppState } from '../../shared/ipc/app-state';
import type { ShiftGuardApi } from '../../shared/ipc/contract';
import { getBridge } from './bridge';
import { LanguageContext } from './i18n';
import { QuitDialog } from './views/QuitDialog';
import { ReportView } from './views/ReportView';
import { Scratchpad } from './views/Scratchpad';
import { SensitiveBanner } from './views/SensitiveBanner';
import { SettingsView } from './views/SettingsView';
import { ShiftStart, type ProgressMap } from './views/ShiftStart';
import { StatusView } from './views/StatusView';

const TABS = ['shift', 'status', 'scratchpad', 'report', 'settings'] as const;
type Tab = (typeof TABS)[number];

/** The agent UI: shift start, status, scratchpad, what is reported, settings; the banner above all. */
export function App() {
  const [bridge] = useState<ShiftGuardApi | null>(() => getBridge());
  const [state, setState] = useState<AppState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab>('shift');
  const [progress, setProgress] = useState<ProgressMap>({});
  const [quit, setQuit] = useState<{ needsPin: boolean } | null>(null);

  useEffect(() => {
    if (!bridge) return;
    const offState = bridge.on('stateChanged', setState);
    // A 'started' while nothing runs begins a new round (from here, the tray or the interval timer).
    const offProgress = bridge.on('checkProgress', (event) =>
      setProgress((p) => {
        const base = event.phase === 'started' && !Object.values(p).includes('running') ? {} : p;
        return { ...base, [event.id]: event.phase === 'started' ? 'running' : event.result };
      }),
    );
    const offQuit = bridge.on('quitRequested', setQuit);
    void bridge.getState().then((r) => (r.ok ? setState(r.value) : setError(r.error.message)));
    return () => {
      offState();
      offProgress();
      offQuit();
    };
  }, [bridge]);

  // A shift end (here, the tray, or quitting) brings back the shift-start screen for the next shift.
  const endedAt = state?.shift.endedAt ?? null;
  const lastEnd = useRef(endedAt);
  useEffect(() => {
    if (endedAt !== null && endedAt !== lastEnd.current) setTab('shift');
    lastEnd.current = endedAt;
  }, [endedAt]);

  const language = state?.settings.language ?? 'en';
  useEffect(() => {
    document.documentElement.lang = language;
    document.documentElement.dir = directionOf(language);
  }, [language]);

  const runChecks = useCallback(async () => {
    if (!bridge) return;
    setError(null);
    const result = await bridge.runChecks();
    if (!result.ok) setError(result.error.message);
  }, [bridge]);

  if (!bridge) return <main><h1>ShiftGuard</h1><p role="alert">{translate('en', 'app.notConnected')}</p></main>;
  const t = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate(language, key, params);

  return (
    <LanguageContext.Provider value={language}>
      {state && <SensitiveBanner sensitive={state.sensitive} />}
      <header className="app-header">
        <h1>{t('app.title')}</h1>
        <nav aria-label={t('nav.label')}>
          {TABS.map((id) => (
            <button key={id} type="button" className="tab" aria-current={tab === id ? 'page' : undefined} onClick={() => setTab(id)}>
              {t(`nav.${id}`)}
            </button>
          ))}
        </nav>
      </header>
      <main>
        {error && <p role="alert" className="error">{t('app.error', { message: error })}</p>}
        {state && tab === 'shift' && <ShiftStart bridge={bridge} state={state} progress={progress} onRunChecks={runChecks} onError={setError} />}
        {state && tab === 'status' && <StatusView state={state} />}
        {state && <Scratchpad bridge={bridge} state={state} hidden={tab !== 'scratchpad'} />}
        {state && tab === 'report' && <ReportView bridge={bridge} state={state} />}
        {state && tab === 'settings' && <SettingsView bridge={bridge} state={state} onError={setError} />}
      </main>
      {quit && <QuitDialog bridge={bridge} needsPin={quit.needsPin} onClose={() => setQuit(null)} />}
    </LanguageContext.Provider>
  );
}
