/**
 * Starting and stopping a sandbox cluster: store (in memory or under --data), API, HTTP server,
 * simulated controllers, and a kubeconfig pointing at it. Used by `sextant sandbox` and by tests
 * in-process (port 0).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { SandboxApi } from './api/sandbox-api.js';
import type { Scheduler } from './api/types.js';
import { defaultControllerOptions, startControllers, type ControllerOptions } from './controllers/index.js';
import { createSandboxServer, type RequestLogger } from './http/server.js';
import { builtinTypes } from './registry/builtin-types.js';
import { TypeRegistry } from './registry/type-registry.js';
import { FilePersistence } from './storage/persistence.js';
import { ObjectStore } from './storage/store.js';
import { bootstrapCluster } from './bootstrap.js';

export interface SandboxOptions {
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Keep state in this directory across restarts. */
  dataDir?: string;
  /** Also write the kubeconfig to this file. */
  kubeconfigPath?: string;
  /** Simulated controllers: on by default; false turns them off so tests can write status themselves. */
  controllers?: boolean | Partial<ControllerOptions>;
  logger?: RequestLogger;
  bookmarkIntervalMs?: number;
  /** Freeze stored objects so code that mutates what the API handed out fails at once (for tests). */
  freezeStored?: boolean;
  /** Change-log entries kept for watch resumption; older resourceVersions get 410 Gone. */
  watchCacheSize?: number;
}

export interface Sandbox {
  url: string;
  port: number;
  kubeconfig: string;
  kubeconfigPath?: string;
  api: SandboxApi;
  stop(): Promise<void>;
}

export const realScheduler: Scheduler = {
  now: () => new Date(),
  after(ms, fn) {
    const h = setTimeout(fn, ms);
    return () => clearTimeout(h);
  },
};

export function kubeconfigFor(url: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '  - name: sextant-sandbox',
    '    cluster:',
    `      server: ${url}`,
    '      insecure-skip-tls-verify: true',
    'users:',
    '  - name: sextant-sandbox',
    '    user: {}',
    'contexts:',
    '  - name: sextant-sandbox',
    '    context:',
    '      cluster: sextant-sandbox',
    '      user: sextant-sandbox',
    '      namespace: default',
    'current-context: sextant-sandbox',
    '',
  ].join('\n');
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const registry = new TypeRegistry(builtinTypes());
  const opened = opts.dataDir ? FilePersistence.open(opts.dataDir) : undefined;
  const store = opened?.store ?? new ObjectStore(opts.watchCacheSize);
  const api = new SandboxApi(store, registry, () => new Date(), opened?.persistence, opts.freezeStored);
  bootstrapCluster(api);
  const controllers =
    opts.controllers === false
      ? undefined
      : startControllers(api, realScheduler, {
          ...defaultControllerOptions,
          onError: (controller, key, err) => opts.logger?.warn({ controller, key, err }, 'controller error'),
          ...(typeof opts.controllers === 'object' ? opts.controllers : {}),
        });
  const server = createSandboxServer(api, registry, {
    watch: { bookmarkIntervalMs: opts.bookmarkIntervalMs ?? 10_000, defaultTimeoutSeconds: 1800 },
    ...(opts.logger ? { logger: opts.logger } : {}),
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host}:${port}`;
  const kubeconfig = kubeconfigFor(url);
  if (opts.kubeconfigPath) {
    fs.mkdirSync(path.dirname(opts.kubeconfigPath), { recursive: true });
    fs.writeFileSync(opts.kubeconfigPath, kubeconfig, { mode: 0o600 });
  }
  return {
    url,
    port,
    kubeconfig,
    ...(opts.kubeconfigPath ? { kubeconfigPath: opts.kubeconfigPath } : {}),
    api,
    async stop() {
      controllers?.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      opened?.persistence.close();
    },
  };
}
