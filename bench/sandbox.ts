/**
 * Sandbox throughput and memory with 10,000 objects stored: server-side apply writes/s, reads/s
 * (GET one object) and list latency, and heap per 10,000 Deployments. The load comes from the
 * parent process over HTTP on 127.0.0.1, keep-alive, with a fixed number of requests in flight.
 */
import { fork } from 'node:child_process';
import { Agent, request } from 'node:http';
import { ask, type Row } from './bench-kit.js';

const OBJECTS = 10_000;
const IN_FLIGHT = 32;

function deployment(i: number): string {
  return JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: `app-${i}`, namespace: 'default', labels: { app: `app-${i}`, team: `t${i % 20}` } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: `app-${i}` } },
      template: {
        metadata: { labels: { app: `app-${i}` } },
        spec: {
          containers: [
            {
              name: 'web',
              image: `registry.example/app-${i}:1.0.${i % 7}`,
              ports: [{ containerPort: 8080 }],
              env: [{ name: 'MODE', value: 'prod' }],
            },
          ],
        },
      },
    },
  });
}

function call(
  agent: Agent,
  url: URL,
  method: string,
  path: string,
  body?: string,
  contentType?: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        agent,
        headers: body
          ? { 'Content-Type': contentType ?? 'application/json', 'Content-Length': Buffer.byteLength(body) }
          : {},
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function pool(n: number, fn: (i: number) => Promise<void>): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < n) await fn(next++);
    }),
  );
  return (performance.now() - started) / 1000;
}

export async function benchSandbox(): Promise<Row[]> {
  const worker = fork(new URL('./sandbox-worker.js', import.meta.url), [], { execArgv: ['--expose-gc'] });
  const ready = await new Promise<{ url: string; heap: number }>((resolve) => worker.once('message', resolve));
  const url = new URL(ready.url);
  const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
  const base = '/apis/apps/v1/namespaces/default/deployments';
  const rows: Row[] = [];
  try {
    let failures = 0;
    const applySecs = await pool(OBJECTS, async (i) => {
      const s = await call(
        agent,
        url,
        'PATCH',
        `${base}/app-${i}?fieldManager=bench&force=true`,
        deployment(i),
        'application/apply-patch+yaml',
      );
      if (s >= 300) failures++;
    });
    if (failures) throw new Error(`${failures} applies failed`);
    rows.push({
      measure: `server-side apply, create ${OBJECTS} Deployments`,
      value: `${Math.round(OBJECTS / applySecs)} writes/s`,
    });
    const reapplySecs = await pool(OBJECTS, async (i) => {
      await call(
        agent,
        url,
        'PATCH',
        `${base}/app-${i}?fieldManager=bench&force=true`,
        deployment(i).replace('"replicas":2', '"replicas":3'),
        'application/apply-patch+yaml',
      );
    });
    rows.push({
      measure: `server-side apply, update ${OBJECTS} (10,000 stored)`,
      value: `${Math.round(OBJECTS / reapplySecs)} writes/s`,
    });
    const noopSecs = await pool(OBJECTS, async (i) => {
      await call(
        agent,
        url,
        'PATCH',
        `${base}/app-${i}?fieldManager=bench&force=true`,
        deployment(i).replace('"replicas":2', '"replicas":3'),
        'application/apply-patch+yaml',
      );
    });
    rows.push({ measure: 'server-side apply, unchanged (no-op)', value: `${Math.round(OBJECTS / noopSecs)} writes/s` });
    const getSecs = await pool(OBJECTS, async (i) => {
      await call(agent, url, 'GET', `${base}/app-${(i * 7919) % OBJECTS}`);
    });
    rows.push({ measure: 'GET one Deployment (10,000 stored)', value: `${Math.round(OBJECTS / getSecs)} reads/s` });
    const lists = 5;
    const t0 = performance.now();
    for (let i = 0; i < lists; i++) await call(agent, url, 'GET', base);
    rows.push({
      measure: `LIST all ${OBJECTS} Deployments`,
      value: `${Math.round((performance.now() - t0) / lists)} ms/list`,
    });
    const t1 = performance.now();
    for (let i = 0; i < lists; i++) await call(agent, url, 'GET', `${base}?labelSelector=team%3Dt3`);
    rows.push({
      measure: 'LIST with a label selector (500 of 10,000)',
      value: `${Math.round((performance.now() - t1) / lists)} ms/list`,
    });
    const heap = await ask<{ heap: number }>(worker, { type: 'heap' }, 'heap');
    rows.push({
      measure: `heap per ${OBJECTS} Deployments (with managedFields, watch log)`,
      value: `${((heap.heap - ready.heap) / 1024 / 1024).toFixed(1)} MiB`,
    });
  } finally {
    agent.destroy();
    await ask(worker, { type: 'stop' }, 'stopped');
  }
  return rows;
}
