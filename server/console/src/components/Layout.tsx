import { useEffect, useRef, type ReactNode } from 'react';
import { LOCALE_NAMES, LOCALES, useI18n, type Locale } from '../i18n/i18n';
import type { MessageKey } from '../i18n/en';
import type { Route } from '../router';
import { useSession } from '../session';

interface NavItem {
  path: string;
  label: MessageKey;
  roles: ReadonlyArray<'admin' | 'supervisor' | 'auditor'>;
}

const NAV: NavItem[] = [
  { path: 'fleet', label: 'nav.fleet', roles: ['admin', 'supervisor', 'auditor'] },
  { path: 'workstations', label: 'nav.workstations', roles: ['admin', 'supervisor', 'auditor'] },
  { path: 'policies', label: 'nav.policies', roles: ['admin', 'auditor'] },
  { path: 'enrollment', label: 'nav.enrollment', roles: ['admin'] },
  { path: 'users', label: 'nav.users', roles: ['admin'] },
  { path: 'audit', label: 'nav.audit', roles: ['admin', 'auditor'] },
];

/** Header, navigation by role, language switcher, sign-out; moves focus to the page heading on navigation. */
export function Layout({ route, children }: { route: Route; children: ReactNode }) {
  const { t, locale, setLocale } = useI18n();
  const { info, signOut } = useSession();
  const current = route.segments[0] ?? 'fleet';
  const mainRef = useRef<HTMLElement>(null);
  const path = route.segments.join('/');
  const firstRender = useRef(true);

  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    mainRef.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [path]);

  return (
    <>
      <a className="skip" href="#main" onClick={(e) => { e.preventDefault(); mainRef.current?.querySelector<HTMLElement>('h1')?.focus(); }}>
        {t('nav.skip')}
      </a>
      <header className="top">
        <span className="brand">ShiftGuard</span>
        <nav aria-label={t('nav.label')}>
          <ul>
            {NAV.filter((n) => n.roles.includes(info.user.role)).map((n) => (
              <li key={n.path}>
                <a href={`#/${n.path}`} aria-current={current === n.path ? 'page' : undefined}>{t(n.label)}</a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          <label>
            <span className="sr-only">{t('nav.language')}</span>
            <select value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
              {LOCALES.map((l) => <option key={l} value={l} lang={l}>{LOCALE_NAMES[l]}</option>)}
            </select>
          </label>
          <span className="user">{info.user.email} · {t(`role.${info.user.role}`)}</span>
          <button type="button" onClick={signOut}>{t('nav.signOut')}</button>
        </div>
      </header>
      <main id="main" ref={mainRef}>{children}</main>
    </>
  );
}
