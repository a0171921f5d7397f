import { useI18n } from '../i18n/i18n';

/** One day of the trend: the share of compliant results that day (null: nothing reported). */
export interface TrendPoint {
  day: string;
  ratio: number | null;
  count: number;
}

const W = 600;
const H = 160;
const PAD = { left: 40, right: 10, top: 10, bottom: 24 };

/**
 * Compliance over days as an inline-SVG line (`table` replaces the default numbers table) with points; the table under it is the accessible
 * form of the same numbers. RTL mirrors the time axis (newest on the left).
 */
export function TrendChart({ points, title, table }: { points: TrendPoint[]; title: string; table?: { headers: string[]; rows: string[][] } }) {
  const { t, percent, date, number, dir } = useI18n();
  if (points.length === 0) return <p className="muted">{t('trend.empty')}</p>;
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const step = points.length > 1 ? innerW / (points.length - 1) : 0;
  const xOf = (i: number) => {
    const x = PAD.left + (points.length > 1 ? i * step : innerW / 2);
    return dir === 'rtl' ? W - x + PAD.left - PAD.right : x;
  };
  const yOf = (r: number) => PAD.top + innerH * (1 - r);
  const segments: string[] = [];
  let current = '';
  points.forEach((p, i) => {
    if (p.ratio === null) {
      if (current) segments.push(current);
      current = '';
      return;
    }
    current += `${current ? 'L' : 'M'}${xOf(i).toFixed(1)},${yOf(p.ratio).toFixed(1)}`;
  });
  if (current) segments.push(current);
  const labelEvery = Math.max(1, Math.ceil(points.length / 6));
  return (
    <figure className="trend">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={title}>
        {[0, 0.5, 1].map((r) => (
          <g key={r}>
            <line x1={PAD.left} x2={W - PAD.right} y1={yOf(r)} y2={yOf(r)} className="grid" />
            <text x={dir === 'rtl' ? W - 4 : 4} y={yOf(r) + 4} className="axis" textAnchor={dir === 'rtl' ? 'end' : 'start'}>{percent(r)}</text>
          </g>
        ))}
        {segments.map((d, i) => <path key={i} d={d} className="line" />)}
        {points.map((p, i) =>
          p.ratio === null ? null : <circle key={p.day} cx={xOf(i)} cy={yOf(p.ratio)} r="3" className="point" />,
        )}
        {points.map((p, i) =>
          i % labelEvery === 0 ? <text key={p.day} x={xOf(i)} y={H - 6} className="axis" textAnchor="middle">{date(`${p.day}T12:00:00Z`)}</text> : null,
        )}
      </svg>
      <details>
        <summary>{t('trend.table')}</summary>
        {table ? (
          <table>
            <thead><tr>{table.headers.map((h) => <th key={h} scope="col">{h}</th>)}</tr></thead>
            <tbody>{table.rows.map((row, i) => <tr key={points[i]?.day ?? i}>{row.map((cell, j) => (j === 0 ? <th key={j} scope="row">{cell}</th> : <td key={j}>{cell}</td>))}</tr>)}</tbody>
          </table>
        ) : (
          <table>
            <thead><tr><th scope="col">{t('trend.day')}</th><th scope="col">{t('trend.compliant')}</th><th scope="col">{t('trend.reports')}</th></tr></thead>
            <tbody>
              {points.map((p) => (
                <tr key={p.day}><td>{date(`${p.day}T12:00:00Z`)}</td><td>{p.ratio === null ? '—' : percent(p.ratio)}</td><td>{number(p.count)}</td></tr>
              ))}
            </tbody>
          </table>
        )}
      </details>
    </figure>
  );
}
