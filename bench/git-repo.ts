/**
 * Making Git repositories with the real `git` CLI for tests and benchmarks: a bare repository to
 * serve, and a work repository that writes files, commits with a fixed author and date, and pushes.
 * Every git call is asynchronous on purpose: the test server runs in the same process, so a
 * blocking `git push` would deadlock against it. Lives under bench/ (like git-server.ts) and is
 * re-exported by test/helpers/git-repo.ts.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';

export const TEST_AUTHOR = { name: 'Ada Tester', email: 'ada@example.com' };
const START = Date.UTC(2024, 0, 2, 3, 4, 5) / 1000;

/** Environment isolating git from the user's and system's configuration. */
function gitEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    ...extra,
  };
}

/** Runs git and returns its trimmed stdout; rejects with stderr on failure. */
export function runGit(cwd: string, args: string[], extraEnv: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, env: gitEnv(extraEnv), maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`git ${args.join(' ')}: ${stderr || err.message}`));
      else resolve(stdout.trim());
    });
  });
}

/** Creates <root>/<name>.git as an empty bare repository whose HEAD is `branch`. */
export async function createBareRepo(root: string, name: string, branch = 'main'): Promise<string> {
  const dir = path.join(root, `${name}.git`);
  await fs.mkdir(dir, { recursive: true });
  await runGit(dir, ['init', '--bare', '--quiet', '-b', branch]);
  return dir;
}

export class WorkRepo {
  private commits = 0;

  private constructor(
    readonly dir: string,
    readonly remote: string,
  ) {}

  /** A new work repository in dir (created if missing) on `branch`, with `remote` as origin. */
  static async create(dir: string, remote: string, branch = 'main'): Promise<WorkRepo> {
    await fs.mkdir(dir, { recursive: true });
    await runGit(dir, ['init', '--quiet', '-b', branch]);
    await runGit(dir, ['remote', 'add', 'origin', remote]);
    // For commands other than commit() that need an identity (annotated tags).
    await runGit(dir, ['config', 'user.name', TEST_AUTHOR.name]);
    await runGit(dir, ['config', 'user.email', TEST_AUTHOR.email]);
    return new WorkRepo(dir, remote);
  }

  git(...args: string[]): Promise<string> {
    return runGit(this.dir, args);
  }

  /** Writes files (path relative to the repo -> content); null deletes the file. */
  async write(files: Record<string, string | Uint8Array | null>): Promise<void> {
    for (const [rel, content] of Object.entries(files)) {
      const file = path.join(this.dir, rel);
      if (content === null) {
        await fs.rm(file, { force: true });
        continue;
      }
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(file, content);
    }
  }

  /** Stages everything and commits with the fixed test author; each commit is one minute later. */
  async commit(message: string, author = TEST_AUTHOR): Promise<string> {
    const date = `${START + 60 * this.commits++} +0000`;
    await runGit(this.dir, ['add', '-A']);
    await runGit(this.dir, ['commit', '--quiet', '--allow-empty', '-m', message], {
      GIT_AUTHOR_NAME: author.name,
      GIT_AUTHOR_EMAIL: author.email,
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_NAME: author.name,
      GIT_COMMITTER_EMAIL: author.email,
      GIT_COMMITTER_DATE: date,
    });
    return this.head();
  }

  /** write() then commit(). */
  async commitFiles(message: string, files: Record<string, string | Uint8Array | null>): Promise<string> {
    await this.write(files);
    return this.commit(message);
  }

  head(): Promise<string> {
    return runGit(this.dir, ['rev-parse', 'HEAD']);
  }

  /** Pushes a refspec (default: the current branch) to origin. */
  async push(refspec?: string, opts: { force?: boolean } = {}): Promise<void> {
    const spec = refspec ?? (await runGit(this.dir, ['symbolic-ref', '--short', 'HEAD']));
    await runGit(this.dir, ['push', '--quiet', ...(opts.force ? ['--force'] : []), 'origin', spec]);
  }
}
