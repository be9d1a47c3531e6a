/**
 * The last commit read for each followed ref, kept in the cache directory next to the object
 * store, so that after a restart changedPaths and forced are still relative to what was read
 * before. A missing or unreadable file just means "no previous read".
 */
import fs from 'node:fs/promises';
import path from 'node:path';

export class LastReadStore {
  constructor(private readonly file: string) {}

  private async load(): Promise<Record<string, string>> {
    try {
      const parsed: unknown = JSON.parse(await fs.readFile(this.file, 'utf8'));
      if (typeof parsed !== 'object' || parsed === null) return {};
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string') out[k] = v;
      return out;
    } catch {
      return {};
    }
  }

  async get(ref: string): Promise<string | undefined> {
    return (await this.load())[ref];
  }

  /** Writes atomically (temp file + rename) so a crash never leaves half a file. */
  async set(ref: string, commit: string): Promise<void> {
    const all = await this.load();
    if (all[ref] === commit) return;
    all[ref] = commit;
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await fs.writeFile(tmp, `${JSON.stringify(all, null, 2)}\n`);
    await fs.rename(tmp, this.file);
  }
}
