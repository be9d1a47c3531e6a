/**
 * The container image, checked without a Docker engine: the Dockerfile is parsed and held against
 * the repository — it builds on the Node.js LTS line, runs only the install and build steps CI
 * proves (package.json scripts), copies files that exist and are in the build context, and runs
 * `sextant run` as a non-root user from the compiled entry point.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Node.js 26 'Lithium' became Active LTS on 2026-10-28 (24 is in maintenance until April 2028). */
const LTS_MAJOR = 26;

interface Instruction {
  op: string;
  args: string;
}

interface Stage {
  image: string;
  name?: string;
  steps: Instruction[];
}

/** Instructions in order: comments dropped, backslash continuations joined. */
function parseDockerfile(text: string): Instruction[] {
  const out: Instruction[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) continue;
    if (line.startsWith('#')) continue; // a comment inside a continued instruction
    pending += (pending ? ' ' : '') + line.replace(/\\$/, '').trim();
    if (line.endsWith('\\')) continue;
    const m = /^(\S+)\s*(.*)$/.exec(pending);
    if (m?.[1]) out.push({ op: m[1].toUpperCase(), args: m[2] ?? '' });
    pending = '';
  }
  return out;
}

function splitStages(instructions: Instruction[]): Stage[] {
  const stages: Stage[] = [];
  for (const ins of instructions) {
    if (ins.op === 'FROM') {
      const m = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?$/i.exec(ins.args);
      if (!m?.[1]) throw new Error(`cannot read FROM ${ins.args}`);
      stages.push({ image: m[1], ...(m[2] ? { name: m[2] } : {}), steps: [] });
    } else {
      stages.at(-1)?.steps.push(ins);
    }
  }
  return stages;
}

/** The sources of a COPY (not --from another stage), as written. */
function copySources(ins: Instruction): { from?: string; sources: string[] } {
  const words = ins.args.split(/\s+/);
  const flags = words.filter((w) => w.startsWith('--'));
  const paths = words.filter((w) => !w.startsWith('--'));
  const from = flags.find((f) => f.startsWith('--from='))?.slice('--from='.length);
  return { ...(from ? { from } : {}), sources: paths.slice(0, -1) };
}

function execForm(stage: Stage, op: string): unknown {
  const ins = stage.steps.filter((s) => s.op === op).at(-1);
  return ins ? JSON.parse(ins.args) : undefined;
}

const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
const stages = splitStages(parseDockerfile(dockerfile));
const runtime = stages.at(-1) as Stage;
const builders = stages.slice(0, -1);
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  bin: Record<string, string>;
  scripts: Record<string, string>;
};

describe('Dockerfile', () => {
  it('is multi-stage, every stage on the same pinned Node.js LTS slim image', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(builders.every((s) => s.name !== undefined)).toBe(true);
    for (const { image } of stages) {
      const m = /^node:(\d+)\.(\d+)\.(\d+)-([a-z]+)-slim$/.exec(image);
      expect(m, `${image} is node:<major.minor.patch>-<debian>-slim`).not.toBeNull();
      expect(Number(m?.[1])).toBe(LTS_MAJOR);
    }
    expect(new Set(stages.map((s) => s.image)).size).toBe(1);
  });

  it('runs exactly the install and build steps CI proves, and nothing in the runtime stage', () => {
    const runs = builders.flatMap((s) => s.steps.filter((i) => i.op === 'RUN').map((i) => i.args.trim()));
    // `npm ci` (CI's install), `npm run build` (a package.json script), and the same lockfile
    // install restricted to production dependencies.
    expect([...runs].sort()).toEqual(['npm ci', 'npm ci --omit=dev', 'npm run build']);
    for (const r of runs) {
      const script = /^npm run (\S+)/.exec(r)?.[1];
      if (script) expect(pkg.scripts[script], `script ${script}`).toBeDefined();
    }
    expect(runtime.steps.filter((i) => i.op === 'RUN')).toEqual([]);
  });

  it('copies into the build what the build script reads, and only files that exist and are in the context', () => {
    const ignored = fs
      .readFileSync(path.join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim().replace(/\/$/, ''))
      .filter((l) => l !== '' && !l.startsWith('#'));
    const copied: string[] = [];
    for (const stage of stages) {
      for (const ins of stage.steps.filter((i) => i.op === 'COPY')) {
        const { from, sources } = copySources(ins);
        if (from !== undefined) {
          expect(stages.map((s) => s.name)).toContain(from);
          continue;
        }
        for (const src of sources) {
          const rel = src.replace(/\/$/, '');
          copied.push(rel);
          expect(fs.existsSync(path.join(ROOT, rel)), `${rel} exists`).toBe(true);
          expect(ignored, `${rel} is not in .dockerignore`).not.toContain(rel.split('/')[0]);
        }
      }
    }
    expect(copied).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'src']));
    const tsconfig = /tsc -p (\S+)/.exec(pkg.scripts.build ?? '')?.[1];
    expect(tsconfig, 'the build script names its tsconfig').toBeDefined();
    expect(copied).toContain(tsconfig);
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', '.git']));
  });

  it('starts `sextant run` listening on the exposed port, from the compiled entry point', () => {
    expect(execForm(runtime, 'ENTRYPOINT')).toEqual(['node', 'dist/src/main.js']);
    expect(execForm(runtime, 'CMD')).toEqual(['run', '--listen', '0.0.0.0:8080']);
    expect(runtime.steps.filter((i) => i.op === 'EXPOSE').map((i) => i.args)).toEqual(['8080']);
    // The same file npm's bin points at, compiled from src/main.ts (tsconfig: rootDir ".", outDir "dist").
    expect(Object.values(pkg.bin)).toContain('dist/src/main.js');
    expect(fs.existsSync(path.join(ROOT, 'src/main.ts'))).toBe(true);
  });

  it('ships the compiled code, production modules and package.json (main.js reads its version there)', () => {
    const copies = runtime.steps.filter((i) => i.op === 'COPY').map((i) => i.args);
    expect(copies).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^--from=\S+ \/app\/node_modules \.\/node_modules$/),
        expect.stringMatching(/^--from=\S+ \/app\/dist\/src \.\/dist\/src$/),
        'package.json ./',
      ]),
    );
    const workdir = runtime.steps.filter((i) => i.op === 'WORKDIR').at(-1)?.args;
    expect(workdir).toBe('/app');
  });

  it('runs as a numeric non-root user', () => {
    const user = runtime.steps.filter((i) => i.op === 'USER').at(-1)?.args ?? '';
    const m = /^(\d+)(?::(\d+))?$/.exec(user);
    expect(m, `USER ${user} is numeric`).not.toBeNull();
    expect(Number(m?.[1])).toBeGreaterThan(0);
    expect(Number(m?.[2] ?? 1)).toBeGreaterThan(0);
  });
});
