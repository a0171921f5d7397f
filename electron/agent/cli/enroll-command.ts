import path from 'node:path';
import { enrollWorkstation } from '../report/enroll';
import { agentDataDir } from '../guards/agent-data-dir';
import { parseFlags, UsageError } from './usage';

/** `shiftguard enroll --server URL --token TOKEN [--data DIR]`: enrolls this workstation and saves its identity. */
export async function enrollCommand(args: string[]): Promise<number> {
  const { values } = parseFlags(args, { server: { type: 'string' }, token: { type: 'string' }, data: { type: 'string' } });
  const server = values.server ?? process.env.SHIFTGUARD_SERVER;
  const token = values.token ?? process.env.SHIFTGUARD_ENROLL_TOKEN;
  if (!server || !URL.canParse(server)) throw new UsageError('enroll needs --server URL');
  if (!token) throw new UsageError('enroll needs --token TOKEN');
  const state = await enrollWorkstation(server, token, path.resolve(values.data ?? agentDataDir()));
  console.log(`shiftguard agent: enrolled as device ${state.deviceId} (server key ${state.serverKeyId})`);
  return 0;
}
