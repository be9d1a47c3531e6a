import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';

let sb: TestSandbox;

beforeAll(async () => {
  sb = await startTestSandbox({ controllers: false });
});
afterAll(async () => sb.stop());

async function call(
  method: string,
  path: string,
  body?: string | Buffer,
  contentType = 'application/json',
): Promise<{ status: number; json: Record<string, unknown> }> {
  const r = await fetch(`${sb.url}${path}`, {
    method,
    ...(body !== undefined ? { body, headers: { 'Content-Type': contentType } } : {}),
  });
  return { status: r.status, json: (await r.json()) as Record<string, unknown> };
}

const CM = '/api/v1/namespaces/default/configmaps';

describe('errors come back as metav1.Status with the right code and reason', () => {
  it('400 for a body that is not JSON', async () => {
    const r = await call('POST', CM, '{"metadata": ');
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'BadRequest', code: 400 });
  });

  it('404 for an unknown object, resource or namespace', async () => {
    expect((await call('GET', `${CM}/missing`)).json).toMatchObject({
      reason: 'NotFound',
      code: 404,
      message: 'configmaps "missing" not found',
    });
    expect((await call('GET', '/apis/nothing.example.com/v1/things')).status).toBe(404);
    const r = await call('POST', '/api/v1/namespaces/ghost/configmaps', JSON.stringify({ metadata: { name: 'x' } }));
    expect(r.json).toMatchObject({ code: 404, message: 'namespaces "ghost" not found' });
  });

  it('409 AlreadyExists, and 409 Conflict on a stale resourceVersion', async () => {
    const body = JSON.stringify({ metadata: { name: 'dup' }, data: { a: '1' } });
    expect((await call('POST', CM, body)).status).toBe(201);
    expect((await call('POST', CM, body)).json).toMatchObject({ reason: 'AlreadyExists', code: 409 });
    const stale = JSON.stringify({ metadata: { name: 'dup', resourceVersion: '1' }, data: { a: '2' } });
    expect((await call('PUT', `${CM}/dup`, stale)).json).toMatchObject({ reason: 'Conflict', code: 409 });
  });

  it('413 for a body over 3 MiB and 415 for an unknown content type', async () => {
    const big = JSON.stringify({ metadata: { name: 'big' }, data: { a: 'x'.repeat(3 * 1024 * 1024 + 10) } });
    expect((await call('POST', CM, big)).status).toBe(413);
    expect((await call('POST', CM, 'a=b', 'application/x-www-form-urlencoded')).status).toBe(415);
  });

  it('422 Invalid with field causes', async () => {
    const r = await call('POST', CM, JSON.stringify({ metadata: { name: 'Bad_Name' } }));
    expect(r.status).toBe(422);
    expect(r.json).toMatchObject({
      reason: 'Invalid',
      details: { causes: [expect.objectContaining({ field: 'metadata.name' })] },
    });
  });

  it('survives hostile bodies: deep nesting, YAML alias bombs, garbage protobuf', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect((await call('POST', CM, deep)).status).toBe(400);
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      ...'bcdefghij'.split('').map(
        (c, i) =>
          `${c}: &${c} [${Array(9)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(',')}]`,
      ),
    ].join('\n');
    const y = await call('PATCH', `${CM}/dup?fieldManager=t`, bomb, 'application/apply-patch+yaml');
    expect(y.status).toBe(400);
    const pb = Buffer.concat([Buffer.from('k8s\0'), Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f])]);
    expect((await call('POST', CM, pb, 'application/vnd.kubernetes.protobuf')).status).toBe(400);
    expect((await fetch(`${sb.url}/healthz`)).status).toBe(200);
  });

  it('dryRun=All validates and answers without storing', async () => {
    const r = await call('POST', `${CM}?dryRun=All`, JSON.stringify({ metadata: { name: 'dry' } }));
    expect(r.status).toBe(201);
    expect((await call('GET', `${CM}/dry`)).status).toBe(404);
  });
});
