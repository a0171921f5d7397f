import type { LightMyRequestResponse } from 'fastify';
import type { StoredReport } from '../../../../../shared/api/workstations';
import { FileModeKeyProtector } from '../../../../../electron/agent/sync/key-protector';
import { SyncEngine, type SyncEngineOptions } from '../../../../../electron/agent/sync/sync-engine';
import { TestServer, type TestUser } from '../../../../helpers/server-harness';
import { makeTempDir } from '../../../../helpers/temp-dir';

/** A real server listening on loopback, an admin, and helpers for teams, tokens and policies. */
export class LoopbackServer {
  private constructor(
    readonly server: TestServer,
    readonly admin: TestUser,
    readonly port: number,
  ) {}

  static async start(options?: Parameters<typeof TestServer.start>[0]): Promise<LoopbackServer> {
    const server = await TestServer.start(options);
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    const address = server.app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    return new LoopbackServer(server, await server.signIn('admin'), port);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async close(): Promise<void> {
    await this.server.close();
  }

  private ok(res: LightMyRequestResponse, what: string): unknown {
    if (res.statusCode >= 300) throw new Error(`${what}: ${res.statusCode} ${res.body}`);
    return res.body ? res.json() : undefined;
  }

  async team(name: string): Promise<string> {
    return (this.ok(await this.admin.request('POST', '/api/v1/teams', { name, site: null }), 'create team') as { id: string }).id;
  }

  async token(teamId: string, options: { maxUses?: number; expiresInHours?: number } = {}): Promise<string> {
    const res = await this.admin.request('POST', '/api/v1/enrollment-tokens', { teamId, expiresInHours: options.expiresInHours ?? 1, maxUses: options.maxUses ?? 1 });
    return (this.ok(res, 'create token') as { token: string }).token;
  }

  /** Creates a policy with `document` (version 1), publishes it and assigns it to `teamId`. */
  async policyForTeam(teamId: string, document: Record<string, unknown>): Promise<string> {
    const { id } = this.ok(await this.admin.request('POST', '/api/v1/policies', { name: `p-${teamId.slice(0, 6)}`, document }), 'create policy') as { id: string };
    this.ok(await this.admin.request('POST', `/api/v1/policies/${id}/versions/1/publish`, { rollout: { stage: 'all' } }), 'publish');
    this.ok(await this.admin.request('PUT', `/api/v1/teams/${teamId}/policy`, { policyId: id }), 'assign');
    return id;
  }

  /** Adds and publishes the next version of a policy. */
  async publishVersion(policyId: string, document: Record<string, unknown>): Promise<number> {
    const { version } = this.ok(await this.admin.request('POST', `/api/v1/policies/${policyId}/versions`, { document }), 'add version') as { version: number };
    this.ok(await this.admin.request('POST', `/api/v1/policies/${policyId}/versions/${version}/publish`, { rollout: { stage: 'all' } }), 'publish');
    return version;
  }

  /** The device's stored reports, oldest first. */
  async history(deviceId: string): Promise<StoredReport[]> {
    const res = await this.admin.request('GET', `/api/v1/workstations/${deviceId}/history?limit=500`);
    return ((this.ok(res, 'history') as { reports: StoredReport[] }).reports ?? []).slice().reverse();
  }
}

/** A sync engine in a fresh data folder, with short retry delays; `close` stops it and removes the folder. */
export function makeEngine(options: Partial<SyncEngineOptions> = {}): { engine: SyncEngine; dataDir: string; close: () => Promise<void> } {
  const tmp = makeTempDir('shiftguard-sync-');
  const engine = new SyncEngine({
    dataDir: tmp.dir,
    protector: new FileModeKeyProtector(),
    identity: { source: 'asset-tag', assetTag: `desk-${Math.random().toString(36).slice(2)}` },
    retry: { baseMs: 50, maxMs: 400 },
    ...options,
  });
  return {
    engine,
    dataDir: tmp.dir,
    close: async () => {
      await engine.stop().catch(() => undefined);
      tmp.cleanup();
    },
  };
}
