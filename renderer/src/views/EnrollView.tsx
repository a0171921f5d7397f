import { useState } from 'react';
import type { AppState } from '../../../shared/ipc/app-state';
import type { ShiftGuardApi } from '../../../shared/ipc/contract';
import { useT } from '../i18n';

/**
 * Enrollment: where this workstation reports, and the form to enroll it. What IT preset (server
 * address, token) is shown locked and never typed over; the token itself never reaches the page.
 */
export function EnrollView({ bridge, state }: { bridge: ShiftGuardApi; state: AppState }) {
  const t = useT();
  const { enrollment } = state;
  const [serverUrl, setServerUrl] = useState('');
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const enrolled = enrollment.status === 'enrolled';
  // A broken identity rule refuses every enrollment (docs/agent-identity.md): no form, the field to fix instead.
  const { blocked } = enrollment;

  const submit = async () => {
    setError(null);
    const r = await bridge.enroll({
      ...(enrollment.serverUrlManaged ? {} : { serverUrl: serverUrl.trim() }),
      ...(enrollment.tokenProvided ? {} : { token: token.trim() }),
    });
    if (r.ok) setToken('');
    else setError(r.error.message);
  };

  return (
    <section aria-labelledby="enroll-heading" className="enrollment" data-enrollment={enrollment.status}>
      <h3 id="enroll-heading">{t('enroll.heading')}</h3>
      <p role="status">
        {enrolled && enrollment.serverUrl ? t('enroll.enrolledWith', { server: enrollment.serverUrl }) : t(`enrollment.${enrollment.status}`)}
      </p>
      {blocked && (
        <div role="alert" className="error" data-blocked-key={blocked.key} data-error-code={blocked.code}>
          <p>{t('enroll.blocked', { key: blocked.key, source: blocked.source })}</p>
          <p dir="ltr">{blocked.message}</p>
        </div>
      )}
      {!enrolled && !blocked && <p>{t('enroll.intro')}</p>}
      {!blocked && (!enrolled || !enrollment.serverUrlManaged) && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <div className="setting">
            <label htmlFor="enroll-server">{t('enroll.server')}</label>
            {enrollment.serverUrlManaged ? (
              <>
                <input id="enroll-server" type="url" value={enrollment.serverUrl ?? ''} readOnly disabled dir="ltr" />
                <span className="locked" data-locked="serverUrl">🔒 {t('settings.locked')}</span>
              </>
            ) : (
              <input id="enroll-server" type="url" required placeholder="https://" value={serverUrl} onChange={(e) => setServerUrl(e.target.value)} dir="ltr" />
            )}
          </div>
          <div className="setting">
            <label htmlFor="enroll-token">{t('enroll.token')}</label>
            {enrollment.tokenProvided ? (
              <span id="enroll-token" className="locked" data-locked="enrollmentToken">🔒 {t('enroll.tokenByIt')}</span>
            ) : (
              <input id="enroll-token" type="password" required autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} dir="ltr" />
            )}
          </div>
          <button type="submit" disabled={enrollment.enrolling}>
            {enrollment.enrolling ? t('enroll.enrolling') : enrolled ? t('enroll.again') : t('enroll.submit')}
          </button>
        </form>
      )}
      {!blocked && (error ?? enrollment.lastError?.message) && (
        <p role="alert" className="error" data-error-code={enrollment.lastError?.code}>
          {t('enroll.failed', { message: error ?? enrollment.lastError?.message ?? '' })}
        </p>
      )}
    </section>
  );
}
