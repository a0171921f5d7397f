import { useState, type FormEvent } from 'react';
import type { CreatedEnrollmentToken } from '../../../../shared/api/enrollment';
import { ApiRequestError } from '../api/client';
import { endpoints } from '../api/endpoints';
import { useApi } from '../api/use-api';
import { ErrorNotice } from '../components/ErrorNotice';
import { useI18n } from '../i18n/i18n';
import { teamName, useSession } from '../session';

/** Enrollment tokens (admin): create for a team, see uses, revoke; teams can be added here too. */
export function EnrollmentPage() {
  const { t, dateTime, number } = useI18n();
  const { teams, reloadTeams } = useSession();
  const tokens = useApi((signal) => endpoints.tokens(signal), 'tokens');
  const [teamId, setTeamId] = useState('');
  const [hours, setHours] = useState('72');
  const [uses, setUses] = useState('1');
  const [label, setLabel] = useState('');
  const [created, setCreated] = useState<CreatedEnrollmentToken | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [teamNameInput, setTeamNameInput] = useState('');
  const [site, setSite] = useState('');

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      setCreated(await endpoints.createToken({ teamId, expiresInHours: Number(hours), maxUses: Number(uses), ...(label ? { label } : {}) }));
      tokens.reload();
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    }
  };
  const revoke = async (id: string) => {
    setError(null);
    try {
      await endpoints.revokeToken(id);
      tokens.reload();
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    }
  };
  const addTeam = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await endpoints.createTeam(teamNameInput.trim(), site.trim() || null);
      setTeamNameInput('');
      setSite('');
      reloadTeams();
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    }
  };
  const fieldError = error instanceof ApiRequestError && error.code === 'invalid_request' ? error.field : undefined;

  return (
    <section>
      <h1 tabIndex={-1}>{t('enroll.title')}</h1>
      {error && <ErrorNotice error={error} />}
      {created && (
        <div role="status" className="notice token">
          <p>{t('enroll.createdOnce')}</p>
          <code data-token>{created.token}</code>
        </div>
      )}
      <form onSubmit={(e) => void create(e)} className="inline-form">
        <h2>{t('enroll.create')}</h2>
        <label htmlFor="tok-team">{t('col.team')}</label>
        <select id="tok-team" value={teamId} onChange={(e) => setTeamId(e.target.value)} required aria-invalid={fieldError === 'teamId' ? true : undefined}>
          <option value="">{t('enroll.pickTeam')}</option>
          {teams.map((team) => <option key={team.id} value={team.id}>{team.name}</option>)}
        </select>
        <label htmlFor="tok-hours">{t('enroll.hours')}</label>
        <input id="tok-hours" type="number" min={1} max={8760} value={hours} onChange={(e) => setHours(e.target.value)} />
        <label htmlFor="tok-uses">{t('enroll.maxUses')}</label>
        <input id="tok-uses" type="number" min={1} max={100000} value={uses} onChange={(e) => setUses(e.target.value)} />
        <label htmlFor="tok-label">{t('enroll.label')}</label>
        <input id="tok-label" value={label} onChange={(e) => setLabel(e.target.value)} maxLength={200} />
        <button type="submit" disabled={!teamId}>{t('enroll.createButton')}</button>
      </form>
      <h2>{t('enroll.list')}</h2>
      {tokens.error && <ErrorNotice error={tokens.error} />}
      <table className="data">
        <thead>
          <tr><th scope="col">{t('enroll.label')}</th><th scope="col">{t('col.team')}</th><th scope="col">{t('enroll.uses')}</th><th scope="col">{t('enroll.expires')}</th><th scope="col">{t('col.state')}</th><th scope="col"><span className="sr-only">{t('common.actions')}</span></th></tr>
        </thead>
        <tbody>
          {(tokens.data ?? []).map((tok) => {
            const expired = new Date(tok.expiresAt).getTime() < Date.now();
            return (
              <tr key={tok.id}>
                <th scope="row">{tok.label ?? '—'}</th>
                <td>{tok.teamId ? teamName(teams, tok.teamId, '') : tok.site}</td>
                <td>{number(tok.uses)} / {number(tok.maxUses)}</td>
                <td>{dateTime(tok.expiresAt)}</td>
                <td>{tok.revokedAt ? t('enroll.revoked') : expired ? t('enroll.expired') : t('enroll.active')}</td>
                <td>{!tok.revokedAt && !expired && <button type="button" onClick={() => void revoke(tok.id)}>{t('enroll.revoke')}</button>}</td>
              </tr>
            );
          })}
          {tokens.data?.length === 0 && <tr><td colSpan={6}>{t('enroll.none')}</td></tr>}
        </tbody>
      </table>
      <form onSubmit={(e) => void addTeam(e)} className="inline-form">
        <h2>{t('enroll.addTeam')}</h2>
        <label htmlFor="team-name">{t('col.name')}</label>
        <input id="team-name" value={teamNameInput} onChange={(e) => setTeamNameInput(e.target.value)} maxLength={120} />
        <label htmlFor="team-site">{t('enroll.site')}</label>
        <input id="team-site" value={site} onChange={(e) => setSite(e.target.value)} maxLength={120} />
        <button type="submit" disabled={!teamNameInput.trim()}>{t('enroll.addTeamButton')}</button>
      </form>
    </section>
  );
}
