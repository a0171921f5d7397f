/** The custom protocol CRMs, softphones and payment pages open: shiftguard://sensitive/start. */
export const SENSITIVE_LINK_SCHEME = 'shiftguard';

/**
 * The shiftguard: links in a command line. On Windows and Linux the OS starts the app with the
 * link as an argument (and a second start hands its argv to the running instance). Only the
 * shape is checked here; the guards parse and audit the link itself.
 */
export function linksInArgv(argv: readonly string[]): string[] {
  return argv.filter((arg) => arg.toLowerCase().startsWith(`${SENSITIVE_LINK_SCHEME}:`));
}

/**
 * Holds links that arrive before the app can act on them (macOS sends 'open-url' before the app
 * is ready; a link on the first command line is there from the start), then hands each one to
 * the handler, in order, once it is set.
 */
export class LinkInbox {
  private readonly pending: string[] = [];
  private handler: ((url: string) => void) | null = null;

  receive(url: string): void {
    if (this.handler) this.handler(url);
    else this.pending.push(url);
  }

  /** Sets the handler and hands it everything that waited. */
  deliverTo(handler: (url: string) => void): void {
    this.handler = handler;
    for (const url of this.pending.splice(0)) handler(url);
  }
}
