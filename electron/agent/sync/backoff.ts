/**
 * Delay before retry number `attempt` (0 = first retry): exponential from `baseMs` up to `capMs`,
 * with "full jitter" (a uniform draw below the ceiling) so a fleet coming back online after an
 * outage does not hit the endpoint in lockstep. A server's Retry-After is a floor.
 */
export function backoffDelay(attempt: number, random: () => number, options: { baseMs?: number; capMs?: number; retryAfterMs?: number } = {}): number {
  const base = options.baseMs ?? 1000;
  const cap = options.capMs ?? 5 * 60_000;
  const ceiling = Math.min(cap, base * 2 ** Math.min(attempt, 30));
  const jittered = Math.max(base / 2, Math.floor(random() * ceiling));
  return Math.max(jittered, options.retryAfterMs ?? 0);
}
