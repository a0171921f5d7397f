import type { AppState } from '../../../shared/ipc/app-state';
import { useFormatTime, useT } from '../i18n';

/** Compliance, reporting, policy, enrollment and sensitive mode at a glance. */
export function StatusView({ state }: { state: AppState }) {
  const t = useT();
  const formatTime = useFormatTime();
  const { reporting, posture } = state;
  const connection = !reporting.serverUrl ? t('status.noServer') : reporting.online === null ? t('status.notTried') : reporting.online ? t('status.online') : t('status.offline');
  const rows: Array<[string, string, string]> = [
    ['compliance', t('status.compliance'), posture.lastRun ? (posture.lastRun.compliant ? t('status.compliant') : t('status.notCompliant')) : t('status.notChecked')],
    ['last-checked', t('status.lastChecked'), posture.lastRun ? formatTime(posture.lastRun.finishedAt) : t('status.never')],
    ['last-report', t('status.lastReport'), reporting.lastSentAt ? formatTime(reporting.lastSentAt) : t('status.never')],
    ['queued', t('status.queued'), String(reporting.queued)],
    ['connection', t('status.connection'), reporting.serverUrl ? `${connection} (${reporting.serverUrl})` : connection],
    ['policy', t('status.policy'), t('status.policyValue', { name: state.policy.name, version: state.policy.version })],
    [
      'enrollment',
      t('status.enrollment'),
      // A blocked enrollment names the managed-configuration field IT has to fix, not the server.
      state.enrollment.status === 'blocked-by-managed-config' && state.enrollment.blocked
        ? `${t('enrollment.blocked-by-managed-config')}: ${state.enrollment.blocked.key}`
        : `${t(`enrollment.${state.enrollment.status}`)}${state.enrollment.serverUrl ? ` (${state.enrollment.serverUrl})` : ''}${state.enrollment.tokenProvided && state.enrollment.status !== 'enrolled' ? `, ${t('status.tokenProvided')}` : ''}`,
    ],
    ['sensitive', t('status.sensitive'), !state.sensitive.available ? t('status.sensitiveUnavailable') : state.sensitive.active ? t('status.sensitiveOn') : t('status.sensitiveOff')],
    ...(state.sensitive.unavailable.length > 0
      ? [['not-on-this-computer', t('status.notHere'), state.sensitive.unavailable.map((c) => t(`status.notHere.${c}`)).join('; ')] as [string, string, string]]
      : []),
    ['device', t('status.device'), state.deviceId],
    ['version', t('status.agentVersion'), state.agentVersion],
  ];
  return (
    <section aria-labelledby="status-heading">
      <h2 id="status-heading">{t('status.heading')}</h2>
      <dl className="facts">
        {rows.map(([id, label, value]) => (
          <div key={id} data-fact={id}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
