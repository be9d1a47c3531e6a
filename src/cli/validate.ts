/**
 * `sextant validate`: read a repository at its current commit, load and check every manifest,
 * and print the snapshot summary or every error. Exit 0 valid, 1 invalid, 2 could not read.
 */
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import type { Logger } from 'pino';
import { createGitSource, credentialsFromEnv } from '../adapters/git/git-source.js';
import { createResourceValidator } from '../adapters/kube-schema/validator.js';
import { loadSnapshot } from '../core/manifests/load.js';
import { formatError, type App, type Snapshot } from '../core/snapshot.js';
import type { GitSource } from '../ports/git-source.js';
import { formatSnapshotSummary } from './snapshot-summary.js';

export interface RepoFlags {
  repo: string;
  branch?: string;
  tag?: string;
  commit?: string;
  path?: string;
  cacheDir: string;
}

export function defaultCacheDir(): string {
  return path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'sextant');
}

/** The --repo family of flags, shared by validate, diff, sync and run. */
export function addRepoOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--repo <url|path>', 'Git repository: an http(s) URL or a local path')
    .option('--branch <name>', 'branch to follow (default: the remote HEAD)')
    .option('--tag <name>', 'tag to follow instead of a branch')
    .option('--commit <sha>', 'pin one commit')
    .option('--path <dir>', 'sub-path of the repository holding apps/, workflows/ and policies/', '')
    .option('--cache-dir <dir>', 'where fetched Git objects are kept between runs', defaultCacheDir());
}

/** The Git source the --repo family of flags describes, with credentials from SEXTANT_GIT_*. */
export function gitSourceFromFlags(flags: RepoFlags, log: Logger): GitSource {
  const ref = flags.commit
    ? { commit: flags.commit }
    : flags.tag
      ? { tag: flags.tag }
      : flags.branch
        ? { branch: flags.branch }
        : undefined;
  return createGitSource({
    repo: flags.repo,
    ...(ref ? { ref } : {}),
    path: flags.path ?? '',
    cacheDir: flags.cacheDir,
    credentials: credentialsFromEnv(process.env),
    logger: log,
  });
}

/** Reads the repository once and loads it; throws a one-line Error when it cannot be read. */
export async function readSnapshot(flags: RepoFlags, log: Logger): Promise<Snapshot> {
  const source = gitSourceFromFlags(flags, log);
  const result = await source.poll();
  if (result.kind === 'failed') throw new Error(result.error.message);
  if (result.kind === 'unchanged') throw new Error(`no commit read from ${source.describe()}`);
  return loadSnapshot(result.content.files, {
    validator: createResourceValidator(),
    provenance: result.content.provenance,
  });
}

/** The app named by --app, or every app (in dependsOn order); an unknown name lists the known ones. */
export function selectApps(snapshot: Snapshot, name: string | undefined): App[] {
  if (name === undefined) return snapshot.apps;
  const app = snapshot.apps.find((a) => a.name === name);
  if (app) return [app];
  const names = snapshot.apps.map((a) => a.name).join(', ') || 'none';
  throw new Error(`no app "${name}" in the repository (apps: ${names})`);
}

export function registerValidate(program: Command, logger: () => Logger): void {
  addRepoOptions(program.command('validate'))
    .description(
      'check a repository: print its apps, workflows and policies, or every error (exit 0 valid, 1 invalid, 2 unreadable)',
    )
    .option('-o, --output <format>', 'text or json', 'text')
    .addHelpText(
      'after',
      '\nExamples:\n  sextant validate --repo ./examples-repo\n  sextant validate --repo https://git.example.com/platform/deploy.git --branch main --path clusters/prod\n\nCredentials for private repositories come from SEXTANT_GIT_USERNAME / SEXTANT_GIT_PASSWORD or SEXTANT_GIT_TOKEN\n(or the same names with _FILE pointing at a mounted secret file).',
    )
    .action(async (flags: RepoFlags & { output: string }) => {
      let snapshot: Snapshot;
      try {
        snapshot = await readSnapshot(flags, logger());
      } catch (e) {
        process.stderr.write(`sextant validate: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exitCode = 2;
        return;
      }
      if (flags.output === 'json') process.stdout.write(`${JSON.stringify(summaryJson(snapshot), null, 2)}\n`);
      else if (snapshot.errors.length > 0) {
        for (const e of snapshot.errors) process.stdout.write(`${formatError(e)}\n`);
        const n = snapshot.errors.length;
        process.stdout.write(`\n${n} error${n === 1 ? '' : 's'}: this commit would not be applied.\n`);
      } else process.stdout.write(formatSnapshotSummary(snapshot));
      process.exitCode = snapshot.errors.length > 0 ? 1 : 0;
    });
}

function summaryJson(s: Snapshot): object {
  return {
    valid: s.errors.length === 0,
    provenance: s.provenance,
    apps: s.apps.map((a) => ({
      name: a.name,
      namespace: a.spec.namespace,
      dependsOn: a.spec.dependsOn,
      resources: a.resources.map((r) => ({
        apiVersion: r.apiVersion,
        kind: r.kind,
        namespace: r.namespace,
        name: r.name,
      })),
      digest: a.digest,
    })),
    workflows: s.workflows.map((w) => ({ kind: w.kind, name: w.name })),
    policies: s.policies.map((p) => p.name),
    errors: s.errors,
  };
}
