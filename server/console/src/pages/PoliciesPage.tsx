import { useState, type FormEvent } from 'react';
import type { PolicyInfo } from '../../../../shared/api/policy';
import { endpoints } from '../api/endpoints';
import { useApi } from '../api/use-api';
import { ErrorNotice } from '../components/ErrorNotice';
import { useI18n } from '../i18n/i18n';
import { href, navigate } from '../router';
import { useSession } from '../session';

/** The latest published version of a policy, if any. */
export function publishedVersion(p: PolicyInfo) {
  return p.versions.filter((v) => v.status === 'published').sort((a, b) => b.version - a.version)[0] ?? null;
}

/** Policies: list, create, and which policy each team follows (admin changes; auditor reads). */
export function PoliciesPage() {
  const { t, dateTime } = useI18n();
  const { info, teams, reloadTeams } = useSession();
  const admin = info.user.role === 'admin';
  const policies = useApi((signal) => endpoints.policies(signal), 'policies');
  const [name, setName] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const created = (await endpoints.createPolicy(name.trim(), {})) as { id?: unknown };
      setName('');
      if (typeof created.id === 'string') navigate(href(['policies', created.id]));
      else policies.reload();
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    }
  };

  const assign = async (teamId: string, policyId: string) => {
    setError(null);
    setSaved(null);
    try {
      await endpoints.assignPolicy(teamId, policyId || null);
      policies.reload();
      reloadTeams();
      setSaved(t('policies.assigned'));
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    }
  };

  const list = policies.data ?? [];
  return (
    <section>
      <h1 tabIndex={-1}>{t('policies.title')}</h1>
      {policies.error && <ErrorNotice error={policies.error} />}
      {error && <ErrorNotice error={error} />}
      {saved && <p role="status" className="notice">{saved}</p>}
      <table className="data">
        <thead>
          <tr><th scope="col">{t('col.name')}</th><th scope="col">{t('policies.published')}</th><th scope="col">{t('policies.latest')}</th><th scope="col">{t('policies.teams')}</th></tr>
        </thead>
        <tbody>
          {list.map((p) => {
            const pub = publishedVersion(p);
            const latest = p.versions.reduce((m, v) => Math.max(m, v.version), 0);
            return (
              <tr key={p.id}>
                <th scope="row"><a href={href(['policies', p.id])}>{p.name}</a>{p.isDefault && <span className="badge tone-neutral">{t('policies.default')}</span>}</th>
                <td>{pub ? t('policies.versionAt', { v: pub.version, at: pub.publishedAt ? dateTime(pub.publishedAt) : '' }) : t('policies.notPublished')}</td>
                <td>{t('ws.policyVersion', { v: latest })}</td>
                <td>{p.teamIds.map((id) => teams.find((tm) => tm.id === id)?.name ?? id).join(', ') || '—'}</td>
              </tr>
            );
          })}
          {policies.data && list.length === 0 && <tr><td colSpan={4}>{t('policies.none')}</td></tr>}
        </tbody>
      </table>
      {admin && (
        <form onSubmit={(e) => void create(e)} className="inline-form">
          <h2>{t('policies.create')}</h2>
          <label htmlFor="new-policy">{t('col.name')}</label>
          <input id="new-policy" value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} />
          <button type="submit" disabled={!name.trim()}>{t('policies.createButton')}</button>
        </form>
      )}
      <h2>{t('policies.assignTitle')}</h2>
      <table className="data">
        <thead><tr><th scope="col">{t('col.team')}</th><th scope="col">{t('policies.follows')}</th></tr></thead>
        <tbody>
          {teams.map((team) => {
            const current = list.find((p) => p.teamIds.includes(team.id));
            return (
              <tr key={team.id}>
                <th scope="row">{team.name}</th>
                <td>
                  <label>
                    <span className="sr-only">{t('policies.policyFor', { team: team.name })}</span>
                    <select value={current?.id ?? ''} disabled={!admin} onChange={(e) => void assign(team.id, e.target.value)}>
                      <option value="">{t('policies.useDefault')}</option>
                      {list.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
                    </select>
                  </label>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
