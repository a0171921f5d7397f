import type { CheckId } from '../../../../shared/posture/check-result';
import type { FleetCounts, FleetSummary, FleetTrendDay, WorkstationSummary } from '../../../../shared/api/workstations';
import { endpoints, type WorkstationFilter } from '../api/endpoints';
import { useApi } from '../api/use-api';
import { ErrorNotice } from '../components/ErrorNotice';
import { SplitChart } from '../components/SplitChart';
import { TrendChart } from '../components/TrendChart';
import { useI18n } from '../i18n/i18n';
import { href } from '../router';
import { teamName, useSession } from '../session';

/** How often the overview asks again (the contract has no console event stream). */
export const FLEET_POLL_MS = 3000;
/** The trend reads a window of reports on the server: asked once a minute, not every few seconds. */
const TREND_POLL_MS = 60_000;
export const TREND_DAYS = 14;

/** Share of compliant among workstations with a posture verdict or none yet (revoked excluded). */
export function complianceRatio(c: FleetCounts): number | null {
  return c.total > 0 ? c.compliant / c.total : null;
}

/** Fleet overview: compliance overall and per team, failing checks, stale and sensitive workstations; live. */
export function FleetPage() {
  const { t, number, percent, dateTime } = useI18n();
  const { teams } = useSession();
  const summary = useApi((signal) => endpoints.fleetSummary(signal), 'summary', FLEET_POLL_MS);
  const s = summary.data;
  const ratio = s ? complianceRatio(s.totals) : null;

  return (
    <section className="fleet">
      <h1 tabIndex={-1}>{t('fleet.title')}</h1>
      {summary.error && <ErrorNotice error={summary.error} />}
      {!s && !summary.error && <p role="status">{t('common.loading')}</p>}
      {s && (
        <>
          <p className="muted">{t('fleet.updated', { time: dateTime(s.generatedAt) })}</p>
          <div className="cards">
            <Card label={t('fleet.complianceRate')} value={ratio === null ? '—' : percent(ratio)} tone={ratio !== null && ratio < 1 ? 'fail' : 'pass'} />
            <Card label={t('fleet.nonCompliant')} value={number(s.totals.nonCompliant)} tone={s.totals.nonCompliant > 0 ? 'fail' : 'pass'} link={href(['workstations'], { compliant: 'false' })} />
            <Card label={t('fleet.stale')} value={number(s.totals.stale)} tone={s.totals.stale > 0 ? 'stale' : 'neutral'} link={href(['workstations'], { state: 'stale' })} />
            <Card label={t('fleet.sensitiveNow')} value={number(s.totals.sensitiveActive)} tone="neutral" link={href(['workstations'], { sensitive: 'true' })} />
            <Card label={t('fleet.total')} value={number(s.totals.total)} tone="neutral" link={href(['workstations'])} />
          </div>
          <SplitChart
            title={t('fleet.split')}
            parts={[
              { key: 'pass', label: t('compliance.pass'), value: s.totals.compliant, tone: 'pass' },
              { key: 'fail', label: t('compliance.fail'), value: s.totals.nonCompliant, tone: 'fail' },
              { key: 'unknown', label: t('compliance.unknown'), value: s.totals.unknown, tone: 'unknown' },
            ]}
          />
          <p className="muted">{t('fleet.staleNote', { stale: s.totals.stale, stopped: s.totals.stopped })}</p>
          <FleetTrend today={s.totals} />
          <h2>{t('fleet.byTeam')}</h2>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t('col.team')}</th>
                <th scope="col">{t('fleet.complianceRate')}</th>
                <th scope="col">{t('col.total')}</th>
                <th scope="col">{t('compliance.fail')}</th>
                <th scope="col">{t('compliance.unknown')}</th>
                <th scope="col">{t('state.stale')}</th>
                <th scope="col">{t('fleet.sensitiveNow')}</th>
              </tr>
            </thead>
            <tbody>
              {s.byTeam.map((row) => {
                const r = complianceRatio(row);
                return (
                  <tr key={row.teamId ?? 'none'}>
                    <th scope="row">{row.teamId ? <a href={href(['workstations'], { teamId: row.teamId })}>{teamName(teams, row.teamId, t('team.none'))}</a> : t('team.none')}</th>
                    <td>
                      <span className="meter" aria-hidden="true"><span style={{ inlineSize: `${(r ?? 0) * 100}%` }} /></span> {r === null ? '—' : percent(r)}
                    </td>
                    <td>{number(row.total)}</td>
                    <td>{number(row.nonCompliant)}</td>
                    <td>{number(row.unknown)}</td>
                    <td>{number(row.stale)}</td>
                    <td>{number(row.sensitiveActive)}</td>
                  </tr>
                );
              })}
              {s.byTeam.length === 0 && <tr><td colSpan={7}>{t('fleet.noWorkstations')}</td></tr>}
            </tbody>
          </table>
        </>
      )}
      <div className="columns">
        <WorkstationShortList title={t('fleet.nonCompliantList')} filter={{ compliant: 'false' }} id="noncompliant" />
        <WorkstationShortList title={t('fleet.staleList')} filter={{ state: 'stale' }} id="stale" />
        <WorkstationShortList title={t('fleet.sensitiveList')} filter={{ sensitive: 'true' }} id="sensitive" />
      </div>
      {s && <FailingChecks summary={s} />}
    </section>
  );
}

function Card({ label, value, tone, link }: { label: string; value: string; tone: string; link?: string }) {
  const body = (
    <>
      <span className="card-value">{value}</span>
      <span className="card-label">{label}</span>
    </>
  );
  return <div className={`card tone-border-${tone}`}>{link ? <a href={link}>{body}</a> : body}</div>;
}

const SHORT = 8;

/** The first few workstations of a filter, refreshed live, with a link to the full filtered table. */
function WorkstationShortList({ title, filter, id }: { title: string; filter: WorkstationFilter; id: string }) {
  const { t, relative } = useI18n();
  const list = useApi((signal) => endpoints.workstations(filter, SHORT, null, signal), JSON.stringify(filter), FLEET_POLL_MS);
  return (
    <section aria-labelledby={`list-${id}`} className="shortlist">
      <h2 id={`list-${id}`}>{title}</h2>
      {list.error && <ErrorNotice error={list.error} />}
      {list.data && list.data.items.length === 0 && <p className="muted">{t('fleet.none')}</p>}
      {list.data && list.data.items.length > 0 && (
        <ul data-list={id}>
          {list.data.items.map((w: WorkstationSummary) => (
            <li key={w.deviceId}>
              <a href={href(['workstations', w.deviceId])}>{w.hostname}</a>{' '}
              <span className="muted">{w.lastSeen ? relative(w.lastSeen) : t('ws.neverSeen')}</span>
            </li>
          ))}
        </ul>
      )}
      {list.data?.nextCursor && <p><a href={href(['workstations'], filter as Record<string, string>)}>{t('fleet.seeAll')}</a></p>}
    </section>
  );
}

/**
 * Fleet compliance per day (server-side: GET /fleet/trend, asked once a minute), as a line and a
 * table of every count. Today's point is the current state, which the live summary already holds, so
 * it follows the summary between trend requests.
 */
function FleetTrend({ today }: { today: FleetCounts }) {
  const { t, number, percent, date } = useI18n();
  const trend = useApi((signal) => endpoints.fleetTrend(TREND_DAYS, signal), 'trend', TREND_POLL_MS);
  if (trend.error) return <ErrorNotice error={trend.error} />;
  if (!trend.data) return null;
  const days: FleetTrendDay[] = trend.data.days.map((d, i, all) =>
    i === all.length - 1 ? { day: d.day, total: today.total, compliant: today.compliant, nonCompliant: today.nonCompliant, unknown: today.unknown, stale: today.stale } : d,
  );
  return (
    <>
      <TrendChart
        title={t('fleet.trend', { n: TREND_DAYS })}
        points={days.map((d) => ({ day: d.day, ratio: d.total > 0 ? d.compliant / d.total : null, count: d.total }))}
        table={{
          headers: [t('trend.day'), t('fleet.complianceRate'), t('col.total'), t('compliance.pass'), t('compliance.fail'), t('compliance.unknown'), t('state.stale')],
          rows: days.map((d) => [
            date(`${d.day}T12:00:00Z`),
            d.total > 0 ? percent(d.compliant / d.total) : '—',
            number(d.total),
            number(d.compliant),
            number(d.nonCompliant),
            number(d.unknown),
            number(d.stale),
          ]),
        }}
      />
      <p className="muted">{t('fleet.trendNote')}</p>
    </>
  );
}

/** Which checks fail most: the server counts them over the whole visible fleet (fleet summary). */
function FailingChecks({ summary }: { summary: FleetSummary }) {
  const { t, number } = useI18n();
  const ranked = (Object.entries(summary.failingChecks) as [CheckId, number][]).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
  const max = ranked[0]?.[1] ?? 0;
  return (
    <section aria-labelledby="failing-title">
      <h2 id="failing-title">{t('fleet.failingChecks')}</h2>
      {ranked.length === 0 && <p className="muted">{t('fleet.noFailingChecks')}</p>}
      {ranked.length > 0 && (
        <table className="data bars">
          <thead><tr><th scope="col">{t('col.check')}</th><th scope="col">{t('fleet.failingOn')}</th></tr></thead>
          <tbody>
            {ranked.map(([id, n]) => (
              <tr key={id}>
                <th scope="row"><a href={href(['workstations'], { failingCheck: id })}>{t(`check.${id}`)}</a></th>
                <td><span className="meter fail" aria-hidden="true"><span style={{ inlineSize: `${(n / max) * 100}%` }} /></span> {number(n)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
