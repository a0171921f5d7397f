import { useState, type ReactNode } from 'react';
import type { StoredReport, WorkstationHistory } from '../../../../shared/api/workstations';
import type { CheckResult, EvidenceValue } from '../../../../shared/posture/check-result';
import { ApiRequestError } from '../api/client';
import { endpoints } from '../api/endpoints';
import { useApi } from '../api/use-api';
import { ErrorNotice } from '../components/ErrorNotice';
import { StateBadge } from '../components/StateBadge';
import { TrendChart } from '../components/TrendChart';
import { useI18n } from '../i18n/i18n';
import { href } from '../router';
import { teamName, useSession } from '../session';
import { dailyCompliance } from './history-trend';

const KINDS = ['posture', 'sensitive-state', 'guard-events', 'heartbeat', 'agent-stopped'] as const;
const DETAIL_POLL_MS = 5000;

/** One workstation: checks with evidence and fixes, trend, history; refused when out of the viewer's scope. */
export function WorkstationPage({ id }: { id: string }) {
  const { t } = useI18n();
  const [kind, setKind] = useState<string>('');
  const history = useApi((signal) => endpoints.history(id, { limit: 200, ...(kind ? { kind } : {}) }, signal), `${id}:${kind}`, DETAIL_POLL_MS);
  const err = history.error;
  if (err instanceof ApiRequestError && (err.status === 404 || err.status === 403)) {
    return (
      <section>
        <h1 tabIndex={-1}>{t('wsd.refusedTitle')}</h1>
        <p role="alert" className="error refusal" data-refusal="workstation">{t('wsd.refused')}</p>
        <p><a href={href(['workstations'])}>{t('wsd.back')}</a></p>
      </section>
    );
  }
  return (
    <section>
      {history.data ? <Detail data={history.data} kind={kind} setKind={setKind} /> : <h1 tabIndex={-1}>{t('wsd.title')}</h1>}
      {err && <ErrorNotice error={err} />}
      {!history.data && !err && <p role="status">{t('common.loading')}</p>}
    </section>
  );
}

function Detail({ data, kind, setKind }: { data: WorkstationHistory; kind: string; setKind: (k: string) => void }) {
  const { t, dateTime, relative } = useI18n();
  const { teams, info } = useSession();
  const w = data.workstation;
  const [checkNow, setCheckNow] = useState<'idle' | 'sent' | Error>('idle');
  const canCheckNow = info.user.role === 'admin' || info.user.role === 'supervisor';
  const trend = dailyCompliance(data.reports, data.dailyAggregates);

  const askCheckNow = () => {
    endpoints.checkNow([w.deviceId]).then(() => setCheckNow('sent'), (e: unknown) => setCheckNow(e instanceof Error ? e : new Error(String(e))));
  };

  return (
    <>
      <h1 tabIndex={-1}>{w.hostname}</h1>
      <p><a href={href(['workstations'])}>{t('wsd.back')}</a></p>
      <dl className="facts">
        <dt>{t('col.compliance')}</dt><dd><StateBadge w={w} /></dd>
        <dt>{t('col.team')}</dt><dd>{teamName(teams, w.teamId, t('team.none'))}{w.site ? ` · ${w.site}` : ''}</dd>
        <dt>{t('col.lastSeen')}</dt><dd>{w.lastSeen ? <time dateTime={w.lastSeen}>{dateTime(w.lastSeen)} ({relative(w.lastSeen)})</time> : t('ws.neverSeen')}</dd>
        <dt>{t('col.sensitive')}</dt><dd>{w.sensitiveActive ? t('ws.sensitiveOn') : t('ws.sensitiveOff')}</dd>
        <dt>{t('col.policy')}</dt><dd data-fact="policy">{w.appliedPolicy?.policyId ? t('wsd.policyApplied', { v: w.appliedPolicy.version }) : t('wsd.noPolicy')}</dd>
        <dt>{t('wsd.agentVersion')}</dt><dd>{w.agentVersion}</dd>
        <dt>{t('wsd.os')}</dt><dd>{w.os ? `${w.os.platform} ${w.os.distro ?? ''} ${w.os.release}`.replace(/\s+/g, ' ') : '—'}</dd>
        <dt>{t('wsd.enrolled')}</dt><dd>{dateTime(w.enrolledAt)}</dd>
        <dt>{t('wsd.deviceId')}</dt><dd><code>{w.deviceId}</code></dd>
      </dl>
      {canCheckNow && (
        <p>
          <button type="button" onClick={askCheckNow}>{t('wsd.checkNow')}</button>{' '}
          {checkNow === 'sent' && <span role="status">{t('wsd.checkNowSent')}</span>}
        </p>
      )}
      {checkNow instanceof Error && <ErrorNotice error={checkNow} />}

      <h2>{t('wsd.checks')}</h2>
      {w.checks.length === 0 ? <p className="muted">{t('wsd.noChecks')}</p> : <ul className="checks">{w.checks.map((c) => <CheckItem key={c.id} c={c} />)}</ul>}

      <h2>{t('wsd.trend')}</h2>
      <TrendChart points={trend} title={t('wsd.trendTitle')} />

      <h2 id="timeline-title">{t('wsd.history')}</h2>
      <label>
        {t('wsd.kind')}{' '}
        <select value={kind} onChange={(e) => setKind(e.target.value)}>
          <option value="">{t('wsd.allKinds')}</option>
          {KINDS.map((k) => <option key={k} value={k}>{t(`kind.${k}`)}</option>)}
        </select>
      </label>
      {data.reports.length === 0 ? (
        <p className="muted">{t('wsd.noHistory')}</p>
      ) : (
        <ol className="timeline" aria-labelledby="timeline-title">
          {data.reports.map((r) => <TimelineItem key={r.reportId} r={r} />)}
        </ol>
      )}
    </>
  );
}

function evidenceText(v: EvidenceValue): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function CheckItem({ c }: { c: CheckResult }) {
  const { t } = useI18n();
  const evidence = Object.entries(c.evidence);
  return (
    <li className={`check tone-border-${c.status === 'pass' ? 'pass' : c.status === 'fail' ? 'fail' : 'unknown'}`} data-check={c.id}>
      <h3>{t(`check.${c.id}`)} <span className={`badge tone-${c.status === 'error' ? 'unknown' : c.status}`}>{t(`status.${c.status}`)}</span></h3>
      <p>{c.summary}</p>
      {c.remediation && <p><strong>{t('wsd.remediation')}</strong> {c.remediation}</p>}
      {evidence.length > 0 && (
        <details>
          <summary>{t('wsd.evidence')}</summary>
          <dl className="evidence">
            {evidence.map(([k, v]) => <div key={k}><dt>{k}</dt><dd><code>{evidenceText(v)}</code></dd></div>)}
          </dl>
        </details>
      )}
    </li>
  );
}

function TimelineItem({ r }: { r: StoredReport }) {
  const { t, dateTime } = useI18n();
  const b = r.body;
  let text: string;
  let extra: ReactNode = null;
  switch (b.kind) {
    case 'posture':
      text = b.compliant ? t('tl.postureOk') : t('tl.postureFail', { checks: b.checks.filter((c) => c.status === 'fail').map((c) => t(`check.${c.id}`)).join(', ') || '—' });
      break;
    case 'sensitive-state':
      text = t(b.active ? 'tl.sensitiveOn' : 'tl.sensitiveOff', { trigger: t(`trigger.${b.trigger}`) }) + (b.ruleId ? ` (${b.ruleId})` : '');
      break;
    case 'guard-events':
      text = t('tl.guard', { n: b.events.length });
      extra = (
        <ul>
          {b.events.map((e, i) => (
            <li key={i}>
              <time dateTime={e.at}>{dateTime(e.at)}</time> · {t(`guard.${e.guard}`)} · {t(`action.${e.action}`)}
              {e.subject ? ` · ${e.subject}` : ''}
              {e.findings.length > 0 && ` · ${e.findings.map((f) => `${f.brand} •••• ${f.last4}`).join(', ')}`}
            </li>
          ))}
        </ul>
      );
      break;
    case 'heartbeat':
      text = t('tl.heartbeat');
      break;
    case 'agent-stopped':
      text = t('tl.stopped', { reason: b.reason });
      break;
    case 'policy-refused':
      text = t('tl.policyRefused', { reason: b.reason, version: b.refusedPolicy.version ?? '—' });
      break;
  }
  return (
    <li data-kind={b.kind}>
      <time dateTime={b.observedAt}>{dateTime(b.observedAt)}</time> <span className="kind">{t(`kind.${b.kind}`)}</span> {text}
      {extra}
    </li>
  );
}
