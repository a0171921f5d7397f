import { useState, type FormEvent } from 'react';
import type { SessionInfo } from '../../../../shared/api/auth';
import { ApiRequestError } from '../api/client';
import { endpoints } from '../api/endpoints';
import { LOCALE_NAMES, LOCALES, useI18n, type Locale } from '../i18n/i18n';

/** Sign-in; says why when the previous session expired. */
export function SignInPage({ reason, onSignedIn }: { reason: 'expired' | 'signed-out' | null; onSignedIn: (info: SessionInfo) => void }) {
  const { t, locale, setLocale } = useI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await endpoints.login(email, password));
    } catch (err) {
      if (err instanceof ApiRequestError && (err.status === 401 || err.status === 400)) setError(t('signIn.wrong'));
      else if (err instanceof ApiRequestError && err.status === 429) setError(t('signIn.rateLimited'));
      else setError(t('error.network'));
      setBusy(false);
    }
  };

  return (
    <main id="main" className="signin">
      <form onSubmit={(e) => void submit(e)} aria-labelledby="signin-title" noValidate>
        <h1 id="signin-title">{t('signIn.title')}</h1>
        {reason === 'expired' && <p role="status" className="notice">{t('signIn.expired')}</p>}
        {reason === 'signed-out' && <p role="status" className="notice">{t('signIn.signedOut')}</p>}
        <label htmlFor="email">{t('signIn.email')}</label>
        <input id="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} aria-invalid={error ? true : undefined} aria-describedby={error ? 'signin-error' : undefined} />
        <label htmlFor="password">{t('signIn.password')}</label>
        <input id="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} aria-invalid={error ? true : undefined} aria-describedby={error ? 'signin-error' : undefined} />
        {error && <p id="signin-error" role="alert" className="error">{error}</p>}
        <button type="submit" disabled={busy}>{busy ? t('signIn.busy') : t('signIn.submit')}</button>
        <label className="lang">
          {t('nav.language')}{' '}
          <select value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
            {LOCALES.map((l) => <option key={l} value={l} lang={l}>{LOCALE_NAMES[l]}</option>)}
          </select>
        </label>
      </form>
    </main>
  );
}
