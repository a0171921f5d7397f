import { useRef, useState, type FormEvent } from 'react';
import { WorkstationSortSchema, WorkstationStateSchema, type WorkstationSort, type WorkstationSummary } from '../../../../shared/api/workstations';
import { CHECK_IDS } from '../../../../shared/posture/check-result';
import { endpoints, type WorkstationFilter } from '../api/endpoints';
import { useApi } from '../api/use-api';
import { ErrorNotice } from '../components/ErrorNotice';
import { StateBadge } from '../components/StateBadge';
import { csvLine } from '../csv';
import { useI18n } from '../i18n/i18n';
import { href, navigate } from '../router';
import { teamName, useSession } from '../session';

const PAGE_SIZE = 100;
const EXPORT_PAGE = 1000;
const LIST_POLL_MS = 10_000;

function filterOf(params: URLSearchParams): WorkstationFilter {
  const pick = <T extends string>(name: string, allowed: readonly T[]): T | undefined => {
    const v = params.get(name);
    return v !== null && (allowed as readonly string[]).includes(v) ? (v as T) : undefined;
  };
  return {
    teamId: params.get('teamId') ?? undefined,
    state: pick('state', WorkstationStateSchema.options),
    compliant: pick('compliant', ['true', 'false'] as const),
    sensitive: pick('sensitive', ['true', 'false'] as const),
    q: params.get('q') ?? undefined,
    failingCheck: pick('failingCheck', CHECK_IDS),
    policyId: params.get('policyId') ?? undefined,
    sort: pick('sort', WorkstationSortSchema.options),
    order: pick('order', ['asc', 'desc'] as const),
  };
}

const SORT_LABEL: Record<WorkstationSort, 'col.hostname' | 'col.lastSeen' | 'col.compliance'> = { hostname: 'col.hostname', lastSeen: 'col.lastSeen', compliance: 'col.compliance' };

/** A column heading that sorts the list by its column (server-side); a second press reverses it. */
function SortHeader({ column, filter, onSort }: { column: WorkstationSort; filter: WorkstationFilter; onSort(sort: WorkstationSort, order: 'asc' | 'desc'): void }) {
  const { t } = useI18n();
  const active = (filter.sort ?? 'hostname') === column;
  const order = filter.order ?? 'asc';
  const ariaSort = active ? (order === 'asc' ? 'ascending' : 'descending') : 'none';
  return (
    <th scope="col" aria-sort={ariaSort}>
      <button type="button" className="sort" data-sort={column} onClick={() => onSort(column, active && order === 'asc' ? 'desc' : 'asc')}>
        {t(SORT_LABEL[column])}
        <span aria-hidden="true">{active ? (order === 'asc' ? ' ▲' : ' ▼') : ''}</span>
      </button>
    </th>
  );
}

/**
 * Every visible workstation, paged, filtered and searched by the server (so 100,000 rows cost one
 * page), with a CSV export of the current filter. Filters live in the URL, so a view can be shared.
 */
export function WorkstationsPage({ params }: { params: URLSearchParams }) {
  const { t, number, relative, dateTime } = useI18n();
  const { teams, info } = useSession();
  const filter = filterOf(params);
  // Supervisors do not read policies; the policy filter still works from a shared URL.
  const policies = useApi((signal) => (info.user.role === 'supervisor' ? Promise.resolve([]) : endpoints.policies(signal)), info.user.role);
  const cursor = params.get('cursor');
  const [cursors, setCursors] = useState<string[]>([]);
  const key = JSON.stringify({ filter, cursor });
  const list = useApi((signal) => endpoints.workstations(filter, PAGE_SIZE, cursor, signal), key, LIST_POLL_MS);
  const [search, setSearch] = useState(filter.q ?? '');
  const [exporting, setExporting] = useState<number | null>(null);
  const [exportError, setExportError] = useState<Error | null>(null);
  const exportAbort = useRef<AbortController | null>(null);

  const setFilter = (patch: Partial<WorkstationFilter>) => {
    setCursors([]);
    navigate(href(['workstations'], { ...(filter as Record<string, string | undefined>), ...patch }), true);
  };
  const goPage = (next: string | null, back: boolean) => {
    if (back) setCursors((c) => c.slice(0, -1));
    else setCursors((c) => [...c, cursor ?? '']);
    navigate(href(['workstations'], { ...(filter as Record<string, string | undefined>), cursor: next ?? undefined }), true);
  };
  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    setFilter({ q: search.trim() || undefined });
  };

  const exportCsv = async () => {
    const controller = new AbortController();
    exportAbort.current = controller;
    setExportError(null);
    setExporting(0);
    try {
      const parts: string[] = [csvLine(['hostname', 'deviceId', 'team', 'site', 'compliance', 'state', 'sensitive', 'failingChecks', 'policyVersion', 'agentVersion', 'os', 'lastSeen'])];
      let next: string | null = null;
      let rows = 0;
      do {
        const page = await endpoints.workstations(filter, EXPORT_PAGE, next, controller.signal);
        for (const w of page.items) {
          parts.push(
            csvLine([
              w.hostname,
              w.deviceId,
              teamName(teams, w.teamId, ''),
              w.site,
              w.compliant === null ? 'unknown' : w.compliant ? 'pass' : 'fail',
              w.state,
              w.sensitiveActive,
              w.checks.filter((c) => c.status === 'fail').map((c) => c.id).join(' '),
              w.appliedPolicy?.version ?? '',
              w.agentVersion,
              w.os ? `${w.os.platform} ${w.os.release}` : '',
              w.lastSeen,
            ]),
          );
        }
        rows += page.items.length;
        setExporting(rows);
        next = page.nextCursor;
      } while (next);
      const url = URL.createObjectURL(new Blob(parts, { type: 'text/csv;charset=utf-8' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `workstations-${new Date().toISOString().slice(0, 10)}.csv`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      if (!(e instanceof DOMException && e.name === 'AbortError')) setExportError(e instanceof Error ? e : new Error(String(e)));
    } finally {
      setExporting(null);
      exportAbort.current = null;
    }
  };

  return (
    <section>
      <h1 tabIndex={-1}>{t('ws.title')}</h1>
      <div className="filters" role="group" aria-label={t('ws.filters')}>
        <form onSubmit={onSearch} role="search">
          <label htmlFor="ws-q">{t('ws.search')}</label>
          <input id="ws-q" type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder={t('ws.searchHint')} />
          <button type="submit">{t('ws.searchButton')}</button>
        </form>
        <label>
          {t('col.team')}
          <select value={filter.teamId ?? ''} onChange={(e) => setFilter({ teamId: e.target.value || undefined })}>
            <option value="">{t('ws.allTeams')}</option>
            {teams.map((team) => <option key={team.id} value={team.id}>{team.name}</option>)}
          </select>
        </label>
        <label>
          {t('col.compliance')}
          <select value={filter.compliant ?? ''} onChange={(e) => setFilter({ compliant: (e.target.value || undefined) as WorkstationFilter['compliant'] })}>
            <option value="">{t('ws.any')}</option>
            <option value="true">{t('compliance.pass')}</option>
            <option value="false">{t('compliance.fail')}</option>
          </select>
        </label>
        <label>
          {t('col.state')}
          <select value={filter.state ?? ''} onChange={(e) => setFilter({ state: e.target.value || undefined })}>
            <option value="">{t('ws.any')}</option>
            {WorkstationStateSchema.options.map((s) => <option key={s} value={s}>{t(`state.${s}`)}</option>)}
          </select>
        </label>
        <label>
          {t('ws.failingCheck')}
          <select value={filter.failingCheck ?? ''} onChange={(e) => setFilter({ failingCheck: e.target.value || undefined })}>
            <option value="">{t('ws.any')}</option>
            {CHECK_IDS.map((id) => <option key={id} value={id}>{t(`check.${id}`)}</option>)}
          </select>
        </label>
        {(Boolean(policies.data?.length) || Boolean(filter.policyId)) && (
          <label>
            {t('col.policy')}
            <select value={filter.policyId ?? ''} onChange={(e) => setFilter({ policyId: e.target.value || undefined })}>
              <option value="">{t('ws.any')}</option>
              {filter.policyId && !policies.data?.some((p) => p.id === filter.policyId) && <option value={filter.policyId}>{filter.policyId}</option>}
              {policies.data?.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
            </select>
          </label>
        )}
        <label>
          {t('col.sensitive')}
          <select value={filter.sensitive ?? ''} onChange={(e) => setFilter({ sensitive: (e.target.value || undefined) as WorkstationFilter['sensitive'] })}>
            <option value="">{t('ws.any')}</option>
            <option value="true">{t('ws.sensitiveOn')}</option>
            <option value="false">{t('ws.sensitiveOff')}</option>
          </select>
        </label>
        {exporting === null ? (
          <button type="button" onClick={() => void exportCsv()}>{t('ws.exportCsv')}</button>
        ) : (
          <>
            <span role="status">{t('ws.exporting', { n: exporting })}</span>
            <button type="button" onClick={() => exportAbort.current?.abort()}>{t('common.cancel')}</button>
          </>
        )}
      </div>
      {exportError && <ErrorNotice error={exportError} />}
      <p className="muted">{t('ws.sortedBy', { column: t(SORT_LABEL[filter.sort ?? 'hostname']), direction: t(filter.order === 'desc' ? 'ws.desc' : 'ws.asc') })}</p>
      {list.error && <ErrorNotice error={list.error} />}
      {!list.data && !list.error && <p role="status">{t('common.loading')}</p>}
      {list.data && (
        <>
          <table className="data" aria-describedby="ws-count">
            <thead>
              <tr>
                <SortHeader column="hostname" filter={filter} onSort={(sort, order) => setFilter({ sort, order })} />
                <th scope="col">{t('col.team')}</th>
                <SortHeader column="compliance" filter={filter} onSort={(sort, order) => setFilter({ sort, order })} />
                <th scope="col">{t('col.failing')}</th>
                <th scope="col">{t('col.sensitive')}</th>
                <th scope="col">{t('col.policy')}</th>
                <SortHeader column="lastSeen" filter={filter} onSort={(sort, order) => setFilter({ sort, order })} />
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((w: WorkstationSummary) => (
                <tr key={w.deviceId} data-device={w.deviceId}>
                  <th scope="row"><a href={href(['workstations', w.deviceId])}>{w.hostname}</a></th>
                  <td>{teamName(teams, w.teamId, t('team.none'))}</td>
                  <td><StateBadge w={w} /></td>
                  <td>{w.checks.filter((c) => c.status === 'fail').map((c) => t(`check.${c.id}`)).join(', ') || '—'}</td>
                  <td>{w.sensitiveActive ? t('ws.sensitiveOn') : '—'}</td>
                  <td>{w.appliedPolicy?.policyId ? t('ws.policyVersion', { v: w.appliedPolicy.version }) : '—'}</td>
                  <td>{w.lastSeen ? <time dateTime={w.lastSeen} title={dateTime(w.lastSeen)}>{relative(w.lastSeen)}</time> : t('ws.neverSeen')}</td>
                </tr>
              ))}
              {list.data.items.length === 0 && <tr><td colSpan={7}>{t('ws.empty')}</td></tr>}
            </tbody>
          </table>
          <nav className="pager" aria-label={t('ws.pages')}>
            <p id="ws-count">{t('ws.pageInfo', { n: list.data.items.length, page: cursors.length + 1 })}</p>
            <button type="button" disabled={cursors.length === 0} onClick={() => goPage(cursors.at(-1) || null, true)}>{t('ws.prev')}</button>
            <button type="button" disabled={!list.data.nextCursor} onClick={() => goPage(list.data?.nextCursor ?? null, false)}>{t('ws.next')}</button>
          </nav>
          <p className="muted">{t('ws.pageSize', { n: number(PAGE_SIZE) })}</p>
        </>
      )}
    </section>
  );
}
