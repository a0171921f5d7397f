/**
 * "The database cannot take this now, try again shortly" as opposed to "this request is wrong" or
 * "the server has a bug": another process holds SQLite's write lock longer than the busy timeout,
 * or PostgreSQL is down, restarting or refusing connections. Such failures are answered 503
 * `database_unavailable` with Retry-After, so agents keep the report queued and back off, and
 * nothing is acknowledged that was not stored.
 */

/** Seconds agents are asked to wait (Retry-After) while the database is unavailable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

// SQLite: the write lock is held elsewhere (SQLITE_BUSY, SQLITE_BUSY_SNAPSHOT, …) or a table is locked.
const SQLITE_UNAVAILABLE = /^SQLITE_(BUSY|LOCKED)/;
// PostgreSQL SQLSTATEs: class 08 (connection exception); 57P01 admin_shutdown, 57P02
// crash_shutdown, 57P03 cannot_connect_now (starting up or shutting down); 53300 too_many_connections.
const PG_UNAVAILABLE = /^(08...|57P0[123]|53300)$/;
// The socket under a pool connection (PostgreSQL stopped, restarted or unreachable).
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);
// node-postgres raises these without a code when a connection ends or cannot be made in time.
const PG_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable)/;

/** True when `error` (or an error in its `cause` chain) says the database is unavailable for now. */
export function isDatabaseUnavailable(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; depth < 5 && e !== null && typeof e === 'object'; depth++) {
    if (e instanceof DatabaseUnavailableError) return true;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (SQLITE_UNAVAILABLE.test(code) || PG_UNAVAILABLE.test(code) || NETWORK_CODES.has(code))) return true;
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string' && PG_MESSAGES.test(message)) return true;
    // AggregateError (e.g. connecting to both ::1 and 127.0.0.1 refused) carries the reasons in `errors`.
    const errors = (e as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.some((inner) => isDatabaseUnavailable(inner))) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** Raised without touching the database while it is known to be unavailable (see ReportsRepository). */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';
  readonly code = 'database_unavailable';
  constructor(message = 'the database is unavailable for now', options?: ErrorOptions) {
    super(message, options);
  }
}
