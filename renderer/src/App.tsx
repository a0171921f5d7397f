import { useCallback, useEffect, useState } from 'react';
import type { IpcOutput } from '../../shared/ipc/contract';
import { getBridge } from './bridge';

type State = { phase: 'running' } | { phase: 'done'; value: IpcOutput<'runChecks'> } | { phase: 'error'; message: string };

/** This workstation's posture: runs the checks through the bridge and shows each result. */
export function App() {
  const [state, setState] = useState<State>({ phase: 'running' });
  const run = useCallback(async () => {
    const bridge = getBridge();
    if (!bridge) return setState({ phase: 'error', message: 'ShiftGuard is not connected to this page.' });
    setState({ phase: 'running' });
    const result = await bridge.runChecks();
    setState(result.ok ? { phase: 'done', value: result.value } : { phase: 'error', message: result.error.message });
  }, []);
  useEffect(() => void run(), [run]);

  return (
    <main>
      <h1>ShiftGuard</h1>
      {state.phase === 'running' && <p role="status">Checking this workstation…</p>}
      {state.phase === 'error' && <p role="alert">{state.message}</p>}
      {state.phase === 'done' && (
        <>
          <p role="status" data-testid="verdict">{state.value.compliant ? 'Ready for shift' : 'Action needed'}</p>
          <ul aria-label="Checks">
            {state.value.checks.map((c) => (
              <li key={c.id} data-check={c.id} data-status={c.status}>
                <strong>{c.id}</strong>: {c.status} — {c.summary}
                {c.remediation && c.status !== 'pass' && <div>Fix: {c.remediation}</div>}
              </li>
            ))}
          </ul>
          <button type="button" onClick={() => void run()}>Check again</button>
        </>
      )}
    </main>
  );
}
