// The hub's database gone: every request is answered UNAVAILABLE (503), never a 500, and the hub stays up.
import { afterAll, describe, expect, it } from 'vitest';
import { APP_PROTOCOL, startTestHub, startTestPg, type TestHub, type TestPg } from '../helpers/hubServer.ts';
import { contactCells, push } from './fixtures.ts';

let pg: TestPg | null = null;
let hub: TestHub | null = null;

afterAll(async () => {
  await hub?.stop();
  await pg?.stop();
});

describe('the database down under a running hub', () => {
  it('answers 503 UNAVAILABLE to pushes, pulls and joins, with a message to try again', async () => {
    pg = await startTestPg();
    hub = await startTestHub({ databaseUrl: pg.databaseUrl });
    const ana = await hub.join('admin', 'Ana');
    expect((await push(ana.call, contactCells(ana.deviceId, 'c-1'))).status).toBe(200);
    await pg.stop();
    pg = null;
    for (const res of [
      await push(ana.call, contactCells(ana.deviceId, 'c-2')),
      await ana.call('/v1/pull?after=0'),
      await fetch(`${hub.url}/v1/join`, {
        method: 'POST',
        headers: APP_PROTOCOL,
        body: JSON.stringify({ workspaceId: 'w', secret: 'x'.repeat(20), memberName: 'B', deviceName: 'pc' }),
      }),
    ]) {
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('try again') });
    }
  });
});
