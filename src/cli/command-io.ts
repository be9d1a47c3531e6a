/**
 * What every cluster-reading command shares: its output streams, environment and clock (tests pass their
 * own), the one-line failure with an exit code, the --kubeconfig/--namespace/-o flags, and the client.
 */
import { Option, type Command } from 'commander';
import { createKubeClient, type KubeClient } from '../adapters/kube/kube-client.js';
import { loadKubeConfig } from '../adapters/kube/kube-config.js';

export const DEFAULT_STATE_NAMESPACE = 'sextant-system';

/** Output streams, environment and clock of a command; tests pass their own. */
export interface CommandIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  now: () => Date;
}

export const processIO: CommandIO = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  env: process.env,
  now: () => new Date(),
};

/** A failure with its exit code: 1 the request cannot be done as asked, 2 the cluster could not be used. */
export class CommandError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
  }
}

/** Prints `sextant <command>: <first line>` on stderr and returns the exit code (2 unless a CommandError says). */
export function reportFailure(command: string, e: unknown, io: Pick<CommandIO, 'stderr'>): number {
  const message = e instanceof Error ? e.message : String(e);
  io.stderr(`sextant ${command}: ${message.split('\n')[0] ?? ''}\n`);
  return e instanceof CommandError ? e.exitCode : 2;
}

export function connectCluster(flags: { kubeconfig?: string }, io: Pick<CommandIO, 'env'>): KubeClient {
  const target = loadKubeConfig({ env: io.env, ...(flags.kubeconfig ? { kubeconfigPath: flags.kubeconfig } : {}) });
  return createKubeClient(target);
}

export function addClusterOptions(command: Command, what: string): Command {
  return command
    .option('--kubeconfig <path>', 'kubeconfig to use (default: KUBECONFIG, then ~/.kube/config)')
    .option('-n, --namespace <namespace>', `state namespace holding ${what}`, DEFAULT_STATE_NAMESPACE);
}

export function outputOption(): Option {
  return new Option('-o, --output <format>', 'text or json').choices(['text', 'json']).default('text');
}
