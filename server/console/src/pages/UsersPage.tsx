import { useState, type FormEvent } from 'react';
import { RoleSchema, type Role, type User } from '../../../../shared/api/auth';
import { ApiRequestError } from '../api/client';
import { endpoints } from '../api/endpoints';
import { useApi } from '../api/use-api';
import { ErrorNotice } from '../components/ErrorNotice';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../session';

/** Users and roles (admin): create, change role and teams, disable. */
export function UsersPage() {
  const { t, dateTime } = useI18n();
  const { teams } = useSession();
  const users = useApi((signal) => endpoints.users(signal), 'users');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('supervisor');
  const [teamIds, setTeamIds] = useState<string[]>([]);
  const [error, setError] = useState<Error | null>(null);

  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      users.reload();
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    }
  };
  const create = (e: FormEvent) => {
    e.preventDefault();
    void act(async () => {
      await endpoints.createUser({ email: email.trim(), password, role, teamIds: role === 'supervisor' ? teamIds : [] });
      setEmail('');
      setPassword('');
      setTeamIds([]);
    });
  };
  const fieldError = (name: string) => (error instanceof ApiRequestError && error.field === name ? error.message : undefined);

  return (
    <section>
      <h1 tabIndex={-1}>{t('users.title')}</h1>
      {error && !(error instanceof ApiRequestError && error.field) && <ErrorNotice error={error} />}
      <table className="data">
        <thead><tr><th scope="col">{t('users.email')}</th><th scope="col">{t('users.role')}</th><th scope="col">{t('users.teams')}</th><th scope="col">{t('users.created')}</th><th scope="col">{t('col.state')}</th></tr></thead>
        <tbody>
          {(users.data ?? []).map((u: User) => (
            <tr key={u.id}>
              <th scope="row">{u.email}</th>
              <td>
                <label>
                  <span className="sr-only">{t('users.roleOf', { email: u.email })}</span>
                  <select value={u.role} onChange={(e) => void act(() => endpoints.updateUser(u.id, { role: e.target.value }))}>
                    {RoleSchema.options.map((r) => <option key={r} value={r}>{t(`role.${r}`)}</option>)}
                  </select>
                </label>
              </td>
              <td>{u.role === 'supervisor' ? <TeamPicker legend={t('users.teamsOf', { email: u.email })} selected={u.teamIds} onChange={(ids) => void act(() => endpoints.updateUser(u.id, { teamIds: ids }))} /> : '—'}</td>
              <td>{dateTime(u.createdAt)}</td>
              <td>
                <button type="button" onClick={() => void act(() => endpoints.updateUser(u.id, { disabled: !u.disabled }))}>
                  {u.disabled ? t('users.enable', { email: u.email }) : t('users.disable', { email: u.email })}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {users.error && <ErrorNotice error={users.error} />}
      <form onSubmit={create} className="inline-form" noValidate>
        <h2>{t('users.create')}</h2>
        <label htmlFor="u-email">{t('users.email')}</label>
        <input id="u-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} aria-invalid={fieldError('email') ? true : undefined} aria-describedby={fieldError('email') ? 'u-email-error' : undefined} />
        {fieldError('email') && <p id="u-email-error" className="field-error">{fieldError('email')}</p>}
        <label htmlFor="u-password">{t('users.password')}</label>
        <input id="u-password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} aria-invalid={fieldError('password') ? true : undefined} aria-describedby="u-password-hint" />
        <span id="u-password-hint" className="hint">{fieldError('password') ?? t('users.passwordHint')}</span>
        <label htmlFor="u-role">{t('users.role')}</label>
        <select id="u-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {RoleSchema.options.map((r) => <option key={r} value={r}>{t(`role.${r}`)}</option>)}
        </select>
        {role === 'supervisor' && <TeamPicker legend={t('users.teams')} selected={teamIds} onChange={setTeamIds} />}
        <button type="submit">{t('users.createButton')}</button>
      </form>
    </section>
  );

  function TeamPicker({ legend, selected, onChange }: { legend: string; selected: string[]; onChange: (ids: string[]) => void }) {
    return (
      <fieldset className="teams">
        <legend className="sr-only">{legend}</legend>
        {teams.map((team) => (
          <label key={team.id}>
            <input type="checkbox" checked={selected.includes(team.id)} onChange={(e) => onChange(e.target.checked ? [...selected, team.id] : selected.filter((x) => x !== team.id))} /> {team.name}
          </label>
        ))}
      </fieldset>
    );
  }
}
