import { useCallback, useEffect, useState } from 'react';
import type { SessionInfo } from '../../../shared/api/auth';
import type { Team } from '../../../shared/api/common';
import { setCsrfToken, setSessionLostHandler } from './api/client';
import { endpoints } from './api/endpoints';
import { Layout } from './components/Layout';
import { useI18n } from './i18n/i18n';
import { AuditPage } from './pages/AuditPage';
import { EnrollmentPage } from './pages/EnrollmentPage';
import { FleetPage } from './pages/FleetPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { PoliciesPage } from './pages/PoliciesPage';
import { PolicyPage } from './pages/PolicyPage';
import { SignInPage } from './pages/SignInPage';
import { UsersPage } from './pages/UsersPage';
import { WorkstationPage } from './pages/WorkstationPage';
import { WorkstationsPage } from './pages/WorkstationsPage';
import { useRoute, type Route } from './router';
import { SessionContext } from './session';

type State = { status: 'loading' } | { status: 'signed-out'; reason: 'expired' | 'signed-out' | null } | { status: 'signed-in'; info: SessionInfo };

/** The console: checks the session, then routes between pages. */
export function App() {
  const { t } = useI18n();
  const route = useRoute();
  const [state, setState] = useState<State>({ status: 'loading' });
  const [teams, setTeams] = useState<Team[]>([]);

  const signedIn = useCallback((info: SessionInfo) => {
    setCsrfToken(info.csrfToken);
    setState({ status: 'signed-in', info });
  }, []);

  useEffect(() => {
    setSessionLostHandler(() => {
      setCsrfToken(null);
      setState((s) => (s.status === 'signed-in' ? { status: 'signed-out', reason: 'expired' } : s));
    });
    endpoints.session().then(signedIn, () => setState({ status: 'signed-out', reason: null }));
    return () => setSessionLostHandler(null);
  }, [signedIn]);

  // The server ends the session at expiresAt; ask again then, so an idle console says so at once.
  const expiresAt = state.status === 'signed-in' ? state.info.expiresAt : null;
  useEffect(() => {
    if (!expiresAt) return;
    const ms = Math.min(Math.max(new Date(expiresAt).getTime() - Date.now() + 1000, 1000), 2_147_000_000);
    const timer = setTimeout(() => void endpoints.session().then(signedIn, () => undefined), ms);
    return () => clearTimeout(timer);
  }, [expiresAt, signedIn]);

  const reloadTeams = useCallback(() => {
    endpoints.teams().then(setTeams, () => undefined);
  }, []);
  useEffect(() => {
    if (state.status === 'signed-in') reloadTeams();
  }, [state.status, reloadTeams]);

  const signOut = useCallback(() => {
    void endpoints.logout().finally(() => {
      setCsrfToken(null);
      setState({ status: 'signed-out', reason: 'signed-out' });
    });
  }, []);

  if (state.status === 'loading') return <p role="status" className="boot">{t('common.loading')}</p>;
  if (state.status === 'signed-out') return <SignInPage reason={state.reason} onSignedIn={signedIn} />;
  return (
    <SessionContext.Provider value={{ info: state.info, teams, reloadTeams, signOut }}>
      <Layout route={route}>{page(route, state.info)}</Layout>
    </SessionContext.Provider>
  );
}

function page(route: Route, info: SessionInfo) {
  const [first, second] = route.segments;
  const admin = info.user.role === 'admin';
  const readsPolicies = admin || info.user.role === 'auditor';
  switch (first) {
    case undefined:
    case 'fleet':
      return <FleetPage />;
    case 'workstations':
      return second ? <WorkstationPage key={second} id={second} /> : <WorkstationsPage params={route.params} />;
    case 'policies':
      if (!readsPolicies) return <NotFoundPage forbidden />;
      return second ? <PolicyPage key={second} id={second} /> : <PoliciesPage />;
    case 'enrollment':
      return admin ? <EnrollmentPage /> : <NotFoundPage forbidden />;
    case 'users':
      return admin ? <UsersPage /> : <NotFoundPage forbidden />;
    case 'audit':
      return readsPolicies ? <AuditPage /> : <NotFoundPage forbidden />;
    default:
      return <NotFoundPage />;
  }
}
