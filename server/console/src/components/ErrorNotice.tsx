import { ApiRequestError } from '../api/client';
import { useI18n } from '../i18n/i18n';

/** A failed request in plain words; a refusal (403/404 on a scoped resource) says so clearly. */
export function ErrorNotice({ error }: { error: Error }) {
  const { t } = useI18n();
  if (error instanceof ApiRequestError) {
    if (error.status === 403) return <p role="alert" className="error refusal">{t('error.forbidden')}</p>;
    if (error.status === 0) return <p role="alert" className="error">{t('error.network')}</p>;
    if (error.status === 401) return null;
    return <p role="alert" className="error">{t('error.server', { message: error.message })}</p>;
  }
  return <p role="alert" className="error">{t('error.server', { message: error.message })}</p>;
}
