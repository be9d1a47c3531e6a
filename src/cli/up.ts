/**
 * `sextant up`: the first-run demo. Starts a sandbox cluster, serves a Git repository made from
 * examples-repo/ over HTTP on 127.0.0.1, runs the daemon on it, and prints what to try: edit and push,
 * watch kubectl, git revert, sextant rollback, a failing image that rolls back by itself.
 */
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import type { Logger } from 'pino';
import { startGitServer } from '../adapters/git-server/git-http-server.js';
import { startRun } from './run.js';
import { processIO, reportFailure } from './command-io.js';
import { parseIntOption } from './options.js';
import { runSandbox, waitForSignal } from './sandbox.js';
import { defaultExamplesDir, prepareDemoRepo, pushDemoRepo } from './up-demo-repo.js';

interface UpFlags {
  dir: string;
  port: number;
  gitPort: number;
  listen: string;
  examples: string;
}

function tryThis(kc: string, work: string, api: string): string {
  const table =
    'kubectl get cm -n sextant-system -l sextant.dev/kind=app-status -L sextant.dev/sync-status -L sextant.dev/health';
  return [
    '',
    'Sextant is running: a sandbox cluster, a Git server and the daemon following it.',
    '',
    'In another terminal:',
    `  alias sextant="node ${process.argv[1] ?? 'dist/src/main.js'}"`,
    `  export KUBECONFIG=${kc}`,
    `  cd ${work}`,
    '',
    '  # the status table, and what the apps deployed',
    `  ${table}`,
    '  kubectl get deploy,sts,svc,ingress,hpa -n shop',
    '  sextant status',
    '',
    '  # change something in Git: the daemon syncs it within a second or two',
    '  sed -i "s/LOG_LEVEL: info/LOG_LEVEL: debug/" apps/api/config.yaml',
    '  git commit -qam "api: debug logs" && git push -q',
    '  kubectl get cm api-config -n shop -o yaml | grep LOG_LEVEL',
    '  sextant history api',
    '',
    '  # undo it the Git way, or the Sextant way (the app stays pinned until `sextant resume api`)',
    '  git revert --no-edit HEAD && git push -q',
    '  sextant rollback api',
    '  sextant resume api',
    '',
    '  # drift: the database app has selfHeal, so this is reverted within seconds',
    '  kubectl scale statefulset/postgres -n shop --replicas=3; kubectl get sts postgres -n shop -w',
    '',
    '  # a failing image: web turns Degraded and autoRollback restores the last good revision',
    '  sed -i "s/nginx:1.27/nginx:fail-demo/" apps/web/web.yaml',
    '  git commit -qam "web: a broken image" && git push -q',
    '  sextant history web',
    '',
    `HTTP API: ${api}/api/v1/apps   metrics: ${api}/metrics`,
    'Press Ctrl-C to stop (the demo keeps its state in the directory above for the next run).',
    '',
  ].join('\n');
}

async function runUp(flags: UpFlags, log: Logger): Promise<void> {
  const dir = path.resolve(flags.dir);
  const kubeconfig = path.join(dir, 'kubeconfig');
  const sandbox = await runSandbox({ port: flags.port, kubeconfig, controllers: true, readyDelay: 300 }, log);
  const served = path.join(dir, 'served');
  const gitServer = await startGitServer({ root: served, port: flags.gitPort });
  const url = gitServer.url('demo');
  const repo = await prepareDemoRepo(dir, path.resolve(flags.examples), url);
  if (repo.created) await pushDemoRepo(repo.workDir);
  const daemon = await startRun(
    {
      repo: url,
      branch: 'main',
      path: '',
      cacheDir: path.join(dir, 'cache'),
      interval: '1s',
      kubeconfig,
      listen: flags.listen,
      namespace: 'sextant-system',
      concurrency: 4,
      leaderElect: true,
      identity: `${os.hostname()}-${process.pid}`,
    },
    log,
  );
  process.stdout.write(tryThis(kubeconfig, repo.workDir, daemon.url));
  await Promise.race([waitForSignal(), daemon.done]);
  await daemon.stop();
  await gitServer.stop();
  await sandbox.stop();
}

export function registerUp(program: Command, logger: () => Logger): void {
  program
    .command('up')
    .description('first-run demo: sandbox cluster + demo Git repository from examples-repo + the daemon')
    .option(
      '--dir <dir>',
      'where the demo keeps its repository, cache and kubeconfig',
      path.join(os.homedir(), '.sextant', 'demo'),
    )
    .option('--port <n>', 'sandbox API server port on 127.0.0.1 (0 picks a free one)', parseIntOption, 0)
    .option('--git-port <n>', 'Git server port on 127.0.0.1 (0 picks a free one)', parseIntOption, 0)
    .option('--listen <host:port>', 'the daemon HTTP API', '127.0.0.1:8080')
    .option('--examples <dir>', 'the repository content to start from', defaultExamplesDir())
    .action(async (flags: UpFlags) => {
      try {
        await runUp(flags, logger());
      } catch (e) {
        process.exitCode = reportFailure('up', e, processIO);
      }
    });
}
