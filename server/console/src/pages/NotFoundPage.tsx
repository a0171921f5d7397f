import { useI18n } from '../i18n/i18n';

/** An unknown console address, or a page this role may not open. */
export function NotFoundPage({ forbidden = false }: { forbidden?: boolean }) {
  const { t } = useI18n();
  return (
    <section>
      <h1 tabIndex={-1}>{forbidden ? t('error.forbiddenTitle') : t('error.notFoundTitle')}</h1>
      <p role="alert" className="error refusal">{forbidden ? t('error.forbidden') : t('error.notFound')}</p>
      <p><a href="#/fleet">{t('nav.backToFleet')}</a></p>
    </section>
  );
}
