import { useEffect, useState } from 'react';
import { useFormatDuration, useFormatTime, useT } from '../i18n';

const TICK_MS = 30_000;

/**
 * How long is left to fix a failing check inside its grace period, counted down live from the
 * deadline the last round judged (the main process re-runs the checks when it passes).
 */
export function GraceNote({ graceEndsAt }: { graceEndsAt: string }) {
  const t = useT();
  const formatTime = useFormatTime();
  const formatDuration = useFormatDuration();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, []);
  const leftMinutes = Math.ceil((Date.parse(graceEndsAt) - now) / 60_000);
  return (
    <p className="check-grace" data-grace-ends={graceEndsAt}>
      {leftMinutes > 0 ? t('check.graceLeft', { time: formatDuration(leftMinutes), deadline: formatTime(graceEndsAt) }) : t('check.graceOver')}
    </p>
  );
}
