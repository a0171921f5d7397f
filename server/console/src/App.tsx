import { useEffect, useState } from 'react';
import { SessionInfoSchema, type SessionInfo } from '../../../shared/api/auth';
import { API_PREFIX } from '../../../shared/version';
import { SignInForm } from './SignInForm';
import { WorkstationsPage } from './WorkstationsPage';

/** Shows the sign-in form until there is a session, then the workstation list. */
export function App() {
  const [session, setSession] = useState<SessionInfo | null | undefined>(undefined);

  useEffect(() => {
    void fetch(`${API_PREFIX}/auth/session`)
      .then(async (r) => (r.ok ? SessionInfoSchema.parse(await r.json()) : null))
      .catch(() => null)
      .then(setSession);
  }, []);

  if (session === undefined) return <p role="status">Loading…</p>;
  if (session === null) return <SignInForm onSignedIn={setSession} />;
  return <WorkstationsPage onSignedOut={() => setSession(null)} />;
}
