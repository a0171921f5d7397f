import { useState } from 'react';
import type { AuditEvent } from '../../../../shared/api/audit';
import { endpoints } from '../api/endpoints';
import { useApi } from '../api/use-api';
import { ErrorNotice } from '../components/ErrorNotice';
import { useI18n } from '../i18n/i18n';

const PAGE = 100;

/** The audit trail (admin, auditor): newest first, filter by action, page back in time. */
export function AuditPage() {
  const { t, dateTime } = useI18n();
  const [action, setAction] = useState('');
  const [applied, setApplied] = useState('');
  const [before, setBefore] = useState<string[]>([]);
  const cursor = before.at(-1);
  const events = useApi((signal) => endpoints.audit({ limit: PAGE, ...(applied ? { action: applied } : {}), ...(cursor ? { before: cursor } : {}) }, signal), `${applied}:${cursor ?? ''}`);
  const items = events.data ?? [];

  return (
    <section>
      <h1 tabIndex={-1}>{t('audit.title')}</h1>
      <form className="inline-form" onSubmit={(e) => { e.preventDefault(); setBefore([]); setApplied(action.trim()); }}>
        <label htmlFor="audit-action">{t('audit.action')}</label>
        <input id="audit-action" value={action} onChange={(e) => setAction(e.target.value)} placeholder="policy.publish" />
        <button type="submit">{t('audit.filter')}</button>
      </form>
      {events.error && <ErrorNotice error={events.error} />}
      <table className="data">
        <thead><tr><th scope="col">{t('audit.when')}</th><th scope="col">{t('audit.who')}</th><th scope="col">{t('audit.action')}</th><th scope="col">{t('audit.target')}</th><th scope="col">{t('audit.details')}</th></tr></thead>
        <tbody>
          {items.map((e: AuditEvent) => (
            <tr key={e.id}>
              <td><time dateTime={e.at}>{dateTime(e.at)}</time></td>
              <td>{e.actorEmail ?? t('audit.server')}</td>
              <th scope="row"><code>{e.action}</code></th>
              <td>{e.targetType}{e.targetId ? ` ${e.targetId}` : ''}</td>
              <td><code className="wrap">{JSON.stringify(e.details)}</code></td>
            </tr>
          ))}
          {events.data && items.length === 0 && <tr><td colSpan={5}>{t('audit.none')}</td></tr>}
        </tbody>
      </table>
      <nav className="pager" aria-label={t('ws.pages')}>
        <button type="button" disabled={before.length === 0} onClick={() => setBefore((b) => b.slice(0, -1))}>{t('audit.newer')}</button>
        <button type="button" disabled={items.length < PAGE} onClick={() => { const last = items.at(-1); if (last) setBefore((b) => [...b, last.at]); }}>{t('audit.older')}</button>
      </nav>
    </section>
  );
}
