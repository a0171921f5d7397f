/** Where an X display lives, from a DISPLAY string. */
export type DisplayAddress =
  | { transport: 'unix'; path: string; display: number; screen: number }
  | { transport: 'tcp'; host: string; port: number; display: number; screen: number };

export class DisplayError extends Error {
  override readonly name = 'DisplayError';
}

/** Parses ":0", ":1.0", "unix:2", "localhost:10.0", "host/unix:0". Pure. */
export function parseDisplay(value: string | undefined): DisplayAddress {
  if (!value) throw new DisplayError('no DISPLAY set');
  const match = /^(?:([^:]*?)(?:\/unix)?)?:(\d+)(?:\.(\d+))?$/.exec(value);
  if (!match) throw new DisplayError(`cannot parse DISPLAY '${value}'`);
  const host = match[1] ?? '';
  const display = Number(match[2]);
  const screen = Number(match[3] ?? 0);
  if (host === '' || host === 'unix') return { transport: 'unix', path: `/tmp/.X11-unix/X${display}`, display, screen };
  return { transport: 'tcp', host, port: 6000 + display, display, screen };
}
