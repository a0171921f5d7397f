import { useState, type FormEvent } from 'react';
import { SessionInfoSchema, type SessionInfo } from '../../../shared/api/auth';
import { ApiErrorSchema } from '../../../shared/api/errors';
import { API_PREFIX } from '../../../shared/version';

/** Email + password sign-in; the server sets an httpOnly session cookie. */
export function SignInForm({ onSignedIn }: { onSignedIn: (session: SessionInfo) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const response = await fetch(`${API_PREFIX}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
      const body: unknown = await response.json();
      if (!response.ok) {
        const parsed = ApiErrorSchema.safeParse(body);
        throw new Error(parsed.success ? parsed.data.error.message : `server answered ${response.status}`);
      }
      onSignedIn(SessionInfoSchema.parse(body));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main>
      <h1>Sign in</h1>
      <form onSubmit={(e) => void submit(e)}>
        <label>
          Email <input type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          Password <input type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <button type="submit" disabled={busy}>Sign in</button>
      </form>
      {error && <p role="alert">{error}</p>}
    </main>
  );
}
