import { useContext, useState } from 'react';
import type { AppState } from '../../../shared/ipc/app-state';
import type { ShiftGuardApi } from '../../../shared/ipc/contract';
import { shiftReadiness } from '../../../shared/ipc/shift-readiness';
import type { CheckId, CheckResult } from '../../../shared/posture/check-result';
import { LanguageContext, useFormatTime, useT } from '../i18n';
import { GraceNote } from './GraceNote';

/** Per check: running, or its result in the round under way. */
export type ProgressMap = Partial<Record<CheckId, CheckResult | 'running'>>;

interface Props {
  bridge: ShiftGuardApi;
  state: AppState;
  progress: ProgressMap;
  onRunChecks: () => Promise<void>;
  onError: (message: string) => void;
}

/** Shift start: each check with its own progress, plain results with fixes, attestations, ready or blocked. */
export function ShiftStart({ bridge, state, progress, onRunChecks, onError }: Props) {
  const t = useT();
  const formatTime = useFormatTime();
  const language = useContext(LanguageContext);
  const [busy, setBusy] = useState(false);
  // A ticked box shows at once; the main process's answer (the new state) then takes over.
  const [ticking, setTicking] = useState<Record<string, boolean>>({});
  const readiness = shiftReadiness(state);
  const lastRun = state.posture.lastRun;

  // The current round's entries first (in the order checks reported), then last round's results not re-run yet.
  const rows = new Map<CheckId, CheckResult | 'running'>(Object.entries(progress) as Array<[CheckId, CheckResult | 'running']>);
  if (!state.posture.running) for (const r of lastRun?.checks ?? []) if (!rows.has(r.id) || rows.get(r.id) === 'running') rows.set(r.id, r);

  const act = async (fn: () => Promise<void>) => {
    setBusy(true);
    try {
      await fn();
    } finally {
      setBusy(false);
    }
  };
  const attest = async (id: string, confirmed: boolean) => {
    setTicking((m) => ({ ...m, [id]: confirmed }));
    const r = await bridge.setAttestation({ id, confirmed });
    setTicking(({ [id]: _done, ...rest }) => rest);
    if (!r.ok) onError(r.error.message);
  };
  const start = () =>
    act(async () => {
      const r = await bridge.startShift();
      if (!r.ok) onError(r.error.message);
    });
  const end = () =>
    act(async () => {
      const r = await bridge.endShift();
      if (!r.ok) onError(r.error.message);
    });

  return (
    <section aria-labelledby="shift-heading">
      <h2 id="shift-heading">{t('shift.heading')}</h2>
      <p>{t('shift.intro')}</p>
      {state.posture.running && <p role="status" className="checking">{t('shift.checking')}</p>}
      <ul aria-label={t('check.checksLabel')} className="checks">
        {[...rows].map(([id, entry]) => {
          const status = entry === 'running' ? 'running' : entry.status;
          // The policy's judgement of the finished round (grace periods), once no new round runs.
          const judged = state.posture.running ? undefined : lastRun?.checks.find((c) => c.id === id);
          return (
            <li key={id} data-check={id} data-status={status} data-judgement={judged?.judgement} className={`check check-${status}`}>
              <span className="check-title">{t(`check.${id}`)}</span>
              <span className="check-status">
                {entry === 'running' && <progress aria-label={t('checkStatus.running')} />}
                {t(`checkStatus.${status}`)}
              </span>
              {entry !== 'running' && <p className="check-summary">{entry.summary}</p>}
              {entry !== 'running' && entry.status !== 'pass' && entry.remediation && (
                <p className="check-fix">
                  <strong>{t('check.fix')}</strong> {entry.remediation}
                </p>
              )}
              {entry !== 'running' && judged?.judgement === 'grace' && judged.graceEndsAt && <GraceNote graceEndsAt={judged.graceEndsAt} />}
            </li>
          );
        })}
      </ul>
      <button type="button" disabled={state.posture.running || busy} onClick={() => void act(onRunChecks)}>
        {t('shift.checkAgain')}
      </button>

      {state.policy.attestations.length > 0 && readiness.kind !== 'blocked' && (
        <fieldset className="attestations">
          <legend>{t('shift.attestations')}</legend>
          {state.policy.attestations.map((a) => (
            <label key={a.id} className="attestation">
              <input type="checkbox" data-attestation={a.id} checked={ticking[a.id] ?? state.shift.confirmed.includes(a.id)} onChange={(e) => void attest(a.id, e.target.checked)} />
              {a.text[language] ?? a.text.en}
            </label>
          ))}
        </fieldset>
      )}

      <div className={`verdict verdict-${readiness.kind}`} data-testid="verdict" data-readiness={readiness.kind} role="status">
        {state.shift.startedAt ? (
          <p>{t('shift.started', { time: formatTime(state.shift.startedAt) })}</p>
        ) : (
          <>
            {state.shift.endedAt && <p className="verdict-ended">{t('shift.ended', { time: formatTime(state.shift.endedAt) })}</p>}
            {readiness.kind === 'ready' && <p className="verdict-title">{t('shift.ready')}</p>}
            {(readiness.kind === 'ready' || readiness.kind === 'needs-attestations') && lastRun && !lastRun.allEnforcedPassed && <p className="verdict-grace">{t('shift.graceNote')}</p>}
            {readiness.kind === 'action-needed' && (
              <>
                <p className="verdict-title">{t('shift.actionNeeded')}</p>
                <p>{t('shift.actionNeededHelp')}</p>
              </>
            )}
            {readiness.kind === 'blocked' && (
              <>
                <p className="verdict-title">{t('shift.blocked')}</p>
                <p>{t('shift.blockedHelp')}</p>
              </>
            )}
            {readiness.kind === 'needs-attestations' && <p>{t('shift.attestationsMissing')}</p>}
          </>
        )}
      </div>
      {!state.shift.startedAt && (readiness.kind === 'ready' || readiness.kind === 'action-needed') && (
        <button type="button" className="primary" disabled={busy} onClick={() => void start()}>
          {readiness.kind === 'ready' ? t('shift.start') : t('shift.startAnyway')}
        </button>
      )}
      {state.shift.startedAt && (
        <>
          <button type="button" onClick={() => void bridge.hideWindow()}>
            {t('shift.toTray')}
          </button>
          <p id="end-shift-help">{t('shift.endHelp')}</p>
          <button type="button" aria-describedby="end-shift-help" disabled={busy} onClick={() => void end()}>
            {t('shift.end')}
          </button>
        </>
      )}
    </section>
  );
}
