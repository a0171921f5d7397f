import { useI18n } from '../i18n/i18n';

/** One part of a split. */
export interface SplitPart {
  key: string;
  label: string;
  value: number;
  /** A CSS class that sets the fill colour (see styles.css). */
  tone: 'pass' | 'fail' | 'unknown' | 'stale' | 'neutral';
}

/**
 * A horizontal stacked bar drawn in inline SVG, with a legend that carries the numbers (the SVG is
 * decorative for screen readers; the legend is the accessible form). Mirrors itself in RTL.
 */
export function SplitChart({ parts, title }: { parts: SplitPart[]; title: string }) {
  const { number, percent, dir } = useI18n();
  const total = parts.reduce((s, p) => s + p.value, 0);
  let x = 0;
  return (
    <figure className="split">
      <figcaption>{title}</figcaption>
      <svg viewBox="0 0 100 8" preserveAspectRatio="none" width="100%" height="24" aria-hidden="true" style={dir === 'rtl' ? { transform: 'scaleX(-1)' } : undefined}>
        <rect x="0" y="0" width="100" height="8" className="tone-track" />
        {total > 0 &&
          parts.map((p) => {
            const width = (p.value / total) * 100;
            const rect = <rect key={p.key} x={x} y="0" width={width} height="8" className={`tone-${p.tone}`} />;
            x += width;
            return rect;
          })}
      </svg>
      <ul className="legend">
        {parts.map((p) => (
          <li key={p.key}>
            <span className={`swatch tone-${p.tone}`} aria-hidden="true" />
            {p.label}: <strong>{number(p.value)}</strong>
            {total > 0 && <span className="muted"> ({percent(p.value / total)})</span>}
          </li>
        ))}
      </ul>
    </figure>
  );
}
