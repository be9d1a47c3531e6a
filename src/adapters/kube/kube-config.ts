/**
 * Finding the cluster: client-node's KubeConfig reads the kubeconfig (file, KUBECONFIG,
 * ~/.kube/config, in-cluster) and computes TLS options and auth headers; requests themselves go
 * through Node's fetch (see kube-transport.ts) so bodies stay the exact JSON we send.
 */
import fs from 'node:fs';
import path from 'node:path';
import type https from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';

export interface KubeTls {
  ca?: string | Buffer | Array<string | Buffer>;
  cert?: string | Buffer | Array<string | Buffer>;
  key?: https.RequestOptions['key'];
  rejectUnauthorized?: boolean;
  servername?: string;
}

export interface KubeAuth {
  headers: Record<string, string>;
  tls: KubeTls;
}

export interface KubeTarget {
  /** API server base URL without a trailing slash. */
  server: string;
  /** The context's default namespace ("default" when unset). */
  namespace: string;
  /** Where the configuration came from, for messages. */
  source: string;
  /** Current auth headers and TLS options; async because exec/OIDC plugins may fetch tokens. */
  resolveAuth(): Promise<KubeAuth>;
}

export interface LoadKubeConfigOptions {
  kubeconfigPath?: string;
  env: NodeJS.ProcessEnv;
  /** Use this context instead of current-context. */
  context?: string;
}

export function loadKubeConfig(opts: LoadKubeConfigOptions): KubeTarget {
  const kc = new KubeConfig();
  const source = loadInto(kc, opts);
  if (opts.context) kc.setCurrentContext(opts.context);
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error(`kubeconfig ${source}: no current cluster (context "${kc.getCurrentContext()}")`);
  const namespace = kc.getContextObject(kc.getCurrentContext())?.namespace ?? 'default';
  return {
    server: cluster.server.replace(/\/+$/, ''),
    namespace,
    source,
    resolveAuth: () => resolveAuth(kc),
  };
}

function loadInto(kc: KubeConfig, opts: LoadKubeConfigOptions): string {
  if (opts.kubeconfigPath) {
    kc.loadFromFile(opts.kubeconfigPath);
    return opts.kubeconfigPath;
  }
  const fromEnv = (opts.env.KUBECONFIG ?? '').split(path.delimiter).filter((p) => p && fs.existsSync(p));
  if (fromEnv.length > 0) {
    // Like kubectl: the first file that sets a value wins, so merge later files under earlier ones.
    const [first, ...rest] = fromEnv as [string, ...string[]];
    kc.loadFromFile(first);
    for (const p of rest) {
      const more = new KubeConfig();
      more.loadFromFile(p);
      kc.mergeConfig(more, true);
    }
    return fromEnv.join(path.delimiter);
  }
  const home = opts.env.HOME ?? opts.env.USERPROFILE;
  const homeConfig = home ? path.join(home, '.kube', 'config') : undefined;
  if (homeConfig && fs.existsSync(homeConfig)) {
    kc.loadFromFile(homeConfig);
    return homeConfig;
  }
  if (opts.env.KUBERNETES_SERVICE_HOST) {
    kc.loadFromCluster();
    return 'in-cluster service account';
  }
  throw new Error('no kubeconfig found: pass --kubeconfig, set KUBECONFIG, create ~/.kube/config, or run in a cluster');
}

async function resolveAuth(kc: KubeConfig): Promise<KubeAuth> {
  const o: https.RequestOptions = {};
  await kc.applyToHTTPSOptions(o);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(o.headers ?? {})) {
    if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  if (o.auth) headers.Authorization = `Basic ${Buffer.from(o.auth).toString('base64')}`;
  const tls: KubeTls = {};
  if (o.ca !== undefined) tls.ca = o.ca;
  if (o.cert !== undefined) tls.cert = o.cert;
  if (o.key !== undefined) tls.key = o.key;
  if (o.rejectUnauthorized !== undefined) tls.rejectUnauthorized = o.rejectUnauthorized;
  if (o.servername !== undefined) tls.servername = o.servername;
  return { headers, tls };
}
