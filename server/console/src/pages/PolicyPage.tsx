import { useMemo, useState } from 'react';
import type { PolicyInfo } from '../../../../shared/api/policy';
import type { WorkstationSummary } from '../../../../shared/api/workstations';
import { ApiRequestError } from '../api/client';
import { endpoints } from '../api/endpoints';
import { useApi } from '../api/use-api';
import { ErrorNotice } from '../components/ErrorNotice';
import { useI18n } from '../i18n/i18n';
import { diffPolicies, validatePolicy, type Json } from '../policy/document';
import { FORM_PATHS } from '../policy/fields';
import { PolicyForm } from '../policy/PolicyForm';
import { href } from '../router';
import { teamName, useSession } from '../session';
import { publishedVersion } from './PoliciesPage';

const APPLIED_POLL_MS = 3000;
const APPLIED_SCAN = 2000;

/** One policy: edit (validated at each field), diff against the published version, publish, see who applied it. */
export function PolicyPage({ id }: { id: string }) {
  const { t } = useI18n();
  const policies = useApi((signal) => endpoints.policies(signal), `policy:${id}`);
  const policy = policies.data?.find((p) => p.id === id);
  // Kept here: the editor below starts afresh on every new version, the outcome message must survive that.
  const [status, setStatus] = useState<string | null>(null);
  if (policies.error) return <section><h1 tabIndex={-1}>{t('policies.title')}</h1><ErrorNotice error={policies.error} /></section>;
  if (!policies.data) return <section><h1 tabIndex={-1}>{t('policies.title')}</h1><p role="status">{t('common.loading')}</p></section>;
  if (!policy) return <section><h1 tabIndex={-1}>{t('error.notFoundTitle')}</h1><p role="alert" className="error">{t('error.notFound')}</p></section>;
  return <PolicyEditor key={policy.versions.length} policy={policy} reload={policies.reload} status={status} setStatus={setStatus} />;
}

function PolicyEditor({ policy, reload, status, setStatus }: { policy: PolicyInfo; reload: () => void; status: string | null; setStatus: (s: string | null) => void }) {
  const { t, dateTime } = useI18n();
  const { info } = useSession();
  const admin = info.user.role === 'admin';
  const published = publishedVersion(policy);
  const latest = [...policy.versions].sort((a, b) => b.version - a.version)[0];
  const [doc, setDoc] = useState<Json>(() => (latest?.document ?? {}) as Json);
  const [dirty, setDirty] = useState(false);
  const [serverError, setServerError] = useState<{ field: string; message: string } | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [rolloutPercent, setRolloutPercent] = useState('');
  const [busy, setBusy] = useState(false);

  const validation = useMemo(() => validatePolicy(doc, FORM_PATHS), [doc]);
  const errors = useMemo(() => {
    const all = new Map(validation.errors);
    if (serverError) {
      const path = serverError.field.replace(/^document\./, '');
      const target = FORM_PATHS.find((p) => path === p || path.startsWith(`${p}.`)) ?? path;
      if (!all.has(target)) all.set(target, serverError.message);
    }
    return all;
  }, [validation, serverError]);
  const diff = useMemo(() => diffPolicies((published?.document ?? null) as Json | null, doc), [published, doc]);
  const draftToPublish = !dirty && latest?.status === 'draft' ? latest.version : null;

  const run = async (action: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    setServerError(null);
    setStatus(null);
    try {
      setStatus(await action());
      reload();
    } catch (e) {
      if (e instanceof ApiRequestError && e.field) setServerError({ field: e.field, message: e.message });
      else setError(e instanceof Error ? e : new Error(String(e)));
    } finally {
      setBusy(false);
    }
  };
  const save = () =>
    run(async () => {
      await endpoints.saveDraft(policy.id, doc);
      setDirty(false);
      return t('policy.saved');
    });
  const publish = (version: number) =>
    run(async () => {
      const percent = Number(rolloutPercent);
      await endpoints.publish(policy.id, version, rolloutPercent && percent >= 1 && percent <= 99 ? { stage: 'percent', percent } : { stage: 'all' });
      return t('policy.publishedOk', { v: version });
    });
  const makeDefault = () => run(async () => (await endpoints.setDefaultPolicy(policy.id), t('policy.defaultSet')));

  return (
    <section>
      <h1 tabIndex={-1}>{policy.name}</h1>
      <p><a href={href(['policies'])}>{t('policy.back')}</a></p>
      <p>
        {published ? t('policies.versionAt', { v: published.version, at: published.publishedAt ? dateTime(published.publishedAt) : '' }) : t('policies.notPublished')}
        {policy.isDefault && <span className="badge tone-neutral">{t('policies.default')}</span>}
      </p>
      {status && <p role="status" className="notice">{status}</p>}
      {error && <ErrorNotice error={error} />}
      {!validation.ok && <p role="alert" className="error">{t('policy.invalid', { n: errors.size })}</p>}

      <form onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <PolicyForm doc={doc} errors={errors} readOnly={!admin} onChange={(d) => { setDoc(d); setDirty(true); setServerError(null); }} />
        {admin && (
          <div className="actions">
            <button type="submit" disabled={busy || !validation.ok || !dirty}>{t('policy.saveDraft')}</button>
            <label>
              {t('policy.rolloutPercent')}{' '}
              <input type="text" inputMode="numeric" size={4} value={rolloutPercent} onChange={(e) => setRolloutPercent(e.target.value)} placeholder="100" />
            </label>
            <button type="button" disabled={busy || draftToPublish === null} onClick={() => draftToPublish !== null && void publish(draftToPublish)}>
              {draftToPublish !== null ? t('policy.publishVersion', { v: draftToPublish }) : t('policy.publish')}
            </button>
            {!policy.isDefault && <button type="button" disabled={busy} onClick={() => void makeDefault()}>{t('policy.makeDefault')}</button>}
            {dirty && <span className="muted">{t('policy.unsaved')}</span>}
          </div>
        )}
      </form>

      <h2>{t('policy.diffTitle', { v: published?.version ?? 0 })}</h2>
      {diff.length === 0 ? (
        <p className="muted">{t('policy.noDiff')}</p>
      ) : (
        <table className="data diff">
          <thead><tr><th scope="col">{t('policy.field')}</th><th scope="col">{t('policy.before')}</th><th scope="col">{t('policy.after')}</th></tr></thead>
          <tbody>
            {diff.map((d) => (
              <tr key={d.path}><th scope="row"><code>{d.path}</code></th><td><del>{d.before ?? '—'}</del></td><td><ins>{d.after ?? '—'}</ins></td></tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>{t('policy.versions')}</h2>
      <ul>
        {[...policy.versions].sort((a, b) => b.version - a.version).map((v) => (
          <li key={v.version}>
            {t('ws.policyVersion', { v: v.version })} · {v.status === 'published' ? t('policy.statusPublished') : t('policy.statusDraft')} · {dateTime(v.publishedAt ?? v.createdAt)}
            {v.rollout && v.rollout.stage === 'percent' && ` · ${v.rollout.percent}%`}
          </li>
        ))}
      </ul>
      <AppliedBy policy={policy} publishedVersion={published?.version ?? null} />
    </section>
  );
}

/** Workstations that report running this policy, and at which version (live). */
function AppliedBy({ policy, publishedVersion: current }: { policy: PolicyInfo; publishedVersion: number | null }) {
  const { t, number } = useI18n();
  const { teams } = useSession();
  const applied = useApi(async (signal) => {
    const found: WorkstationSummary[] = [];
    let read = 0;
    // Assigned teams are read team by team; the default policy can run anywhere, so the fleet is read.
    const scopes: Array<string | undefined> = policy.isDefault || policy.teamIds.length === 0 ? [undefined] : policy.teamIds;
    let complete = true;
    for (const teamId of scopes) {
      let cursor: string | null = null;
      do {
        const page = await endpoints.workstations({ teamId }, 1000, cursor, signal);
        read += page.items.length;
        found.push(...page.items.filter((w) => w.appliedPolicy?.policyId === policy.id));
        cursor = page.nextCursor;
      } while (cursor && read < APPLIED_SCAN);
      if (cursor) complete = false;
    }
    return { found, complete, read };
  }, `applied:${policy.id}:${policy.teamIds.join(',')}`, APPLIED_POLL_MS);
  const onCurrent = applied.data?.found.filter((w) => w.appliedPolicy?.version === current).length ?? 0;
  return (
    <section aria-labelledby="applied-title">
      <h2 id="applied-title">{t('policy.appliedTitle')}</h2>
      {applied.error && <ErrorNotice error={applied.error} />}
      {applied.data && (
        <>
          <p data-applied-count={onCurrent}>{current === null ? t('policies.notPublished') : t('policy.appliedSummary', { n: onCurrent, v: current, all: applied.data.found.length })}</p>
          {!applied.data.complete && <p className="muted">{t('policy.appliedSample', { n: number(applied.data.read) })}</p>}
          {applied.data.found.length > 0 && (
            <table className="data">
              <thead><tr><th scope="col">{t('col.hostname')}</th><th scope="col">{t('col.team')}</th><th scope="col">{t('col.policy')}</th></tr></thead>
              <tbody>
                {applied.data.found.slice(0, 200).map((w) => (
                  <tr key={w.deviceId} data-device={w.deviceId}>
                    <th scope="row"><a href={href(['workstations', w.deviceId])}>{w.hostname}</a></th>
                    <td>{teamName(teams, w.teamId, t('team.none'))}</td>
                    <td>{t('ws.policyVersion', { v: w.appliedPolicy?.version ?? 0 })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
