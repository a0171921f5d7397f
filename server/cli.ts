import { parseArgs } from 'node:util';
import { resolveServerConfig } from './config';
import { startServer } from './server';

/** `shiftguard server [--port N] [--data DIR] [--host H] [--config FILE]`: runs until SIGINT/SIGTERM. */
export async function serverMain(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { port: { type: 'string' }, data: { type: 'string' }, host: { type: 'string' }, config: { type: 'string' } }, strict: true });
  const config = resolveServerConfig(values);
  const server = await startServer(config);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  return 0;
}
