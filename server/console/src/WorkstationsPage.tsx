import { useEffect, useState } from 'react';
import { WorkstationListSchema, type WorkstationSummary } from '../../../shared/api/workstations';
import { API_PREFIX } from '../../../shared/version';

const REFRESH_MS = 3000;

/** The workstation list: latest status per workstation, refreshed while the page is open. */
export function WorkstationsPage({ onSignedOut }: { onSignedOut: () => void }) {
  const [items, setItems] = useState<WorkstationSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    const load = async () => {
      try {
        const response = await fetch(`${API_PREFIX}/workstations`);
        if (response.status === 401) return onSignedOut();
        if (!response.ok) throw new Error(`server answered ${response.status}`);
        const parsed = WorkstationListSchema.parse(await response.json());
        if (!cancelled) {
          setItems(parsed.items);
          setError(null);
        }
      } catch (e) {
        if (!cancelled) setError(e instanceof Error ? e.message : String(e));
      }
    };
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [onSignedOut]);

  return (
    <main>
      <h1>Workstations</h1>
      {error && <p role="alert">Could not load workstations: {error}</p>}
      {items === null && !error && <p role="status">Loading…</p>}
      {items !== null && items.length === 0 && <p>No workstation has reported yet.</p>}
      {items !== null && items.length > 0 && (
        <table>
          <thead>
            <tr><th scope="col">Hostname</th><th scope="col">Status</th><th scope="col">Checks</th><th scope="col">Last seen</th></tr>
          </thead>
          <tbody>
            {items.map((w) => (
              <tr key={w.deviceId} data-device={w.deviceId}>
                <td>{w.hostname}</td>
                <td>{w.state === 'reporting' ? '' : `${w.state} · `}{w.compliant === null ? 'No posture yet' : w.compliant ? 'Compliant' : 'Non-compliant'}</td>
                <td>{w.checks.map((c) => `${c.id}: ${c.status}`).join(', ')}</td>
                <td>{w.lastSeen ? <time dateTime={w.lastSeen}>{new Date(w.lastSeen).toLocaleString()}</time> : 'never'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
