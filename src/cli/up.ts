/**
 * `sextant up`: the first-run demo. For now it starts a sandbox cluster and shows how to use it
 * with kubectl; the Git repository and the daemon join it as they are built.
 */
import type { Command } from 'commander';
import type { Logger } from 'pino';
import { defaultSandboxKubeconfig, runSandbox, waitForSignal } from './sandbox.js';
import { parseIntOption } from './options.js';

export function registerUp(program: Command, logger: () => Logger): void {
  program
    .command('up')
    .description('first-run demo: start a sandbox cluster and show what to try')
    .option('--port <n>', 'sandbox port on 127.0.0.1 (0 picks a free one)', parseIntOption, 0)
    .option('--kubeconfig <path>', 'where to write the sandbox kubeconfig', defaultSandboxKubeconfig())
    .action(async (flags: { port: number; kubeconfig: string }) => {
      const log = logger();
      const sandbox = await runSandbox(
        { port: flags.port, kubeconfig: flags.kubeconfig, controllers: true, readyDelay: 300 },
        log,
      );
      const kc = sandbox.kubeconfigPath ?? '';
      process.stdout.write(
        [
          '',
          `Sextant sandbox cluster is up at ${sandbox.url}`,
          '',
          'Try it with kubectl (in another terminal):',
          `  export KUBECONFIG=${kc}`,
          '  kubectl get namespaces',
          '  kubectl create deployment web --image=nginx:1.27 --replicas=3',
          '  kubectl rollout status deployment/web',
          '  kubectl get deploy,rs,pods',
          '  kubectl set image deployment/web nginx=nginx:fail   # a failing rollout',
          '  kubectl rollout status deployment/web --timeout=15s',
          '',
          'Press Ctrl-C to stop.',
          '',
        ].join('\n'),
      );
      await waitForSignal();
      await sandbox.stop();
    });
}
