import type { SensitiveView } from '../../../shared/ipc/app-state';
import { useFormatTime, useT } from '../i18n';

/** Shown above everything while sensitive mode is on: that it is on, why, and what is locked. */
export function SensitiveBanner({ sensitive }: { sensitive: SensitiveView }) {
  const t = useT();
  const formatTime = useFormatTime();
  if (!sensitive.active) return null;
  return (
    <aside className="sensitive-banner" role="alert" aria-live="assertive" data-testid="sensitive-banner">
      <p className="sensitive-title">{t('sensitive.banner')}</p>
      {sensitive.reasons.length > 0 && (
        <p>
          {t('sensitive.why')} {sensitive.reasons.map((r) => t(`sensitive.reason.${r.kind}`, { detail: r.detail })).join('; ')}
        </p>
      )}
      <p>{t('sensitive.locked')}</p>
      <ul>
        {sensitive.locked.map((control) => (
          <li key={control} data-control={control}>
            {t(`sensitive.control.${control}`)}
          </li>
        ))}
      </ul>
      {sensitive.endsBy && <p>{t('sensitive.endsBy', { time: formatTime(sensitive.endsBy) })}</p>}
    </aside>
  );
}
