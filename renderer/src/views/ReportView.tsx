import { useEffect, useState } from 'react';
import type { AppState, LastReport } from '../../../shared/ipc/app-state';
import type { ShiftGuardApi } from '../../../shared/ipc/contract';
import { useFormatTime, useT } from '../i18n';

/** "What is reported about me": the exact last report, readable, with the raw JSON beneath. */
export function ReportView({ bridge, state }: { bridge: ShiftGuardApi; state: AppState }) {
  const t = useT();
  const formatTime = useFormatTime();
  const [last, setLast] = useState<LastReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Reload whenever a round finished or a report was delivered.
  const finishedAt = state.posture.lastRun?.finishedAt;
  const lastSentAt = state.reporting.lastSentAt;
  useEffect(() => {
    void bridge.getLastReport().then((r) => (r.ok ? setLast(r.value) : setError(r.error.message)));
  }, [bridge, finishedAt, lastSentAt]);

  if (error) return <p role="alert">{t('app.error', { message: error })}</p>;
  if (!last) return null;
  const { report } = last;
  return (
    <section aria-labelledby="report-heading">
      <h2 id="report-heading">{t('report.heading')}</h2>
      <p>{t('report.intro')}</p>
      {!report ? (
        <p data-testid="no-report">{t('report.none')}</p>
      ) : (
        <>
          <p className="report-delivery" data-delivered={String(last.delivered)}>
            {last.delivered ? t('report.delivered') : t('report.pending')}
          </p>
          <dl className="facts" data-testid="report-facts">
            <div><dt>{t('report.reportId')}</dt><dd>{report.reportId}</dd></div>
            <div><dt>{t('report.sentAt')}</dt><dd>{formatTime(report.observedAt)}</dd></div>
            <div><dt>{t('report.deviceId')}</dt><dd>{report.deviceId}</dd></div>
            <div><dt>{t('report.hostname')}</dt><dd>{report.hostname}</dd></div>
            <div><dt>{t('report.os')}</dt><dd>{`${report.os.platform} ${report.os.release}${report.os.distro ? ` (${report.os.distro})` : ''}`}</dd></div>
            <div><dt>{t('report.agentVersion')}</dt><dd>{report.agentVersion}</dd></div>
            <div><dt>{t('report.verdict')}</dt><dd>{report.compliant ? t('status.compliant') : t('status.notCompliant')}</dd></div>
          </dl>
          <h3>{t('report.checks')}</h3>
          <ul className="report-checks">
            {report.checks.map((c) => (
              <li key={c.id} data-check={c.id}>
                <strong>{t(`check.${c.id}`)}</strong>: {t(`checkStatus.${c.status}`)}. {c.summary}
                <details>
                  <summary>{t('report.evidence')}</summary>
                  <pre>{JSON.stringify(c.evidence, null, 2)}</pre>
                </details>
              </li>
            ))}
          </ul>
          <details>
            <summary>{t('report.raw')}</summary>
            <pre data-testid="raw-report" dir="ltr">{JSON.stringify(report, null, 2)}</pre>
          </details>
        </>
      )}
    </section>
  );
}
