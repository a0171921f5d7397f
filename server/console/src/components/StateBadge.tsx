import type { WorkstationSummary } from '../../../../shared/api/workstations';
import { useI18n } from '../i18n/i18n';

/** Compliance and state of a workstation as text (colour is only a hint). */
export function StateBadge({ w }: { w: Pick<WorkstationSummary, 'compliant' | 'state'> }) {
  const { t } = useI18n();
  const compliance = w.compliant === null ? 'unknown' : w.compliant ? 'pass' : 'fail';
  return (
    <span className="badges">
      <span className={`badge tone-${compliance}`}>{t(`compliance.${compliance}`)}</span>
      {w.state !== 'reporting' && <span className={`badge tone-${w.state === 'stale' ? 'stale' : 'neutral'}`}>{t(`state.${w.state}`)}</span>}
    </span>
  );
}
