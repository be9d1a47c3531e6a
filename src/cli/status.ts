/**
 * `sextant status [--app A]`: what the daemon last recorded for each app, read from the app-status
 * ConfigMaps in the state namespace (the same data `kubectl get cm -L ...` shows). Exit 0; 1 for an
 * app with no status; 2 when the cluster cannot be read.
 */
import { Option, type Command } from 'commander';
import type { Logger } from 'pino';
import { createKubeClient } from '../adapters/kube/kube-client.js';
import { loadKubeConfig } from '../adapters/kube/kube-config.js';
import { createAppStatusStore } from '../engine/status/app-status-store.js';
import { formatAppDetail, formatStatusTable } from '../engine/status/format-status.js';

export const DEFAULT_STATE_NAMESPACE = 'sextant-system';

export interface StatusFlags {
  app?: string;
  kubeconfig?: string;
  namespace: string;
  output: 'text' | 'json';
}

export interface StatusIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  now: () => Date;
}

const processIO: StatusIO = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  env: process.env,
  now: () => new Date(),
};

/** Prints the status and returns the exit code; never throws. */
export async function runStatus(flags: StatusFlags, io: StatusIO = processIO): Promise<number> {
  const fail = (message: string, code: number): number => {
    io.stderr(`sextant status: ${message.split('\n')[0] ?? ''}\n`);
    return code;
  };
  try {
    const target = loadKubeConfig({ env: io.env, ...(flags.kubeconfig ? { kubeconfigPath: flags.kubeconfig } : {}) });
    const store = createAppStatusStore(createKubeClient(target), { namespace: flags.namespace });
    if (flags.app === undefined) {
      const statuses = await store.list();
      io.stdout(
        flags.output === 'json'
          ? `${JSON.stringify({ namespace: flags.namespace, apps: statuses }, null, 2)}\n`
          : formatStatusTable(statuses, io.now(), flags.namespace),
      );
      return 0;
    }
    const status = await store.read(flags.app);
    if (!status) {
      const names = (await store.list()).map((s) => s.app).join(', ') || 'none';
      return fail(`no status for app "${flags.app}" (apps with status: ${names})`, 1);
    }
    io.stdout(flags.output === 'json' ? `${JSON.stringify(status, null, 2)}\n` : formatAppDetail(status, io.now()));
    return 0;
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e), 2);
  }
}

export function registerStatus(program: Command, logger: () => Logger): void {
  program
    .command('status')
    .description('show each app’s sync status and health as the daemon last recorded them')
    .option('--app <name>', 'only this app, with its objects')
    .option('--kubeconfig <path>', 'kubeconfig to use (default: KUBECONFIG, then ~/.kube/config)')
    .option('-n, --namespace <namespace>', 'state namespace holding the app-status ConfigMaps', DEFAULT_STATE_NAMESPACE)
    .addOption(new Option('-o, --output <format>', 'text or json').choices(['text', 'json']).default('text'))
    .addHelpText(
      'after',
      '\nExamples:\n  sextant status\n  sextant status --app web\n  sextant status -o json --kubeconfig ./kubeconfig',
    )
    .action(async (flags: StatusFlags) => {
      logger().debug({ app: flags.app, namespace: flags.namespace }, 'reading app status');
      process.exitCode = await runStatus(flags);
    });
}
