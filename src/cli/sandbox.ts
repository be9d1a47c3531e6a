/**
 * `sextant sandbox`: run the in-memory Kubernetes API server until SIGINT/SIGTERM.
 */
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import type { Logger } from 'pino';
import { startSandbox, type Sandbox } from '../sandbox/sandbox.js';
import { parseIntOption } from './options.js';

export interface SandboxFlags {
  port: number;
  kubeconfig: string;
  data?: string;
  controllers: boolean;
  readyDelay: number;
}

export function defaultSandboxKubeconfig(): string {
  return path.join(os.homedir(), '.sextant', 'sandbox', 'kubeconfig');
}

export async function runSandbox(flags: SandboxFlags, log: Logger): Promise<Sandbox> {
  const sandbox = await startSandbox({
    port: flags.port,
    kubeconfigPath: path.resolve(flags.kubeconfig),
    ...(flags.data ? { dataDir: path.resolve(flags.data) } : {}),
    controllers: flags.controllers ? { readyDelayMs: flags.readyDelay } : false,
    logger: log.child({ component: 'sandbox' }),
  });
  log.info(
    { url: sandbox.url, kubeconfig: sandbox.kubeconfigPath, data: flags.data ?? null },
    'sandbox cluster started',
  );
  return sandbox;
}

export function registerSandbox(program: Command, logger: () => Logger): void {
  program
    .command('sandbox')
    .description('run an in-memory Kubernetes API server (for tests and demos) that kubectl accepts')
    .option('--port <n>', 'port on 127.0.0.1 (0 picks a free one)', parseIntOption, 6443)
    .option('--kubeconfig <path>', 'where to write a kubeconfig for the sandbox', defaultSandboxKubeconfig())
    .option('--data <dir>', 'keep cluster state in this directory across restarts (default: memory only)')
    .option('--no-controllers', 'do not simulate controllers (Deployments stay unavailable until you write status)')
    .option('--ready-delay <ms>', 'how long simulated pods take to become ready', parseIntOption, 300)
    .addHelpText(
      'after',
      '\nExample:\n  sextant sandbox --port 6443 &\n  export KUBECONFIG=~/.sextant/sandbox/kubeconfig\n  kubectl get namespaces\n\nAn image whose tag starts with "fail" (e.g. nginx:fail) never starts, so rollouts using it fail.',
    )
    .action(async (flags: SandboxFlags) => {
      const log = logger();
      const sandbox = await runSandbox(flags, log);
      process.stdout.write(
        `Sandbox cluster listening on ${sandbox.url}\n` +
          `  kubeconfig: ${sandbox.kubeconfigPath ?? ''}\n` +
          `  try:        KUBECONFIG=${sandbox.kubeconfigPath ?? ''} kubectl get namespaces\n` +
          'Press Ctrl-C to stop.\n',
      );
      await waitForSignal();
      log.info('stopping sandbox');
      await sandbox.stop();
    });
}

export function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (sig: NodeJS.Signals): void => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(sig);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}
