/**
 * `sandbox --data DIR`: state that survives restarts. Each committed change is appended to a
 * write-ahead log and fdatasync'ed before the API answers, so no acknowledged write is lost;
 * on start the snapshot and log are replayed (a torn last line was never acknowledged) and
 * compacted into a new snapshot.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Obj } from '../model.js';
import { ObjectStore, resourceKey, type LogEntry } from './store.js';

interface WalRecord {
  r: string; // resource key: group/plural
  t: 'ADDED' | 'MODIFIED' | 'DELETED';
  o: Obj;
}

interface Snapshot {
  resourceVersion: number;
  objects: [string, Obj][];
}

function splitKey(rk: string): { group: string; plural: string } {
  const i = rk.lastIndexOf('/');
  return { group: rk.slice(0, i), plural: rk.slice(i + 1) };
}

function nameKey(o: Obj): string {
  const m = (o.metadata ?? {}) as Obj;
  return `${typeof m.namespace === 'string' ? m.namespace : ''}/${String(m.name)}`;
}

export class FilePersistence {
  private fd: number;

  private constructor(
    private readonly dir: string,
    fd: number,
  ) {
    this.fd = fd;
  }

  /** Loads DIR into a fresh store and opens the log for appending. */
  static open(dir: string): { store: ObjectStore; persistence: FilePersistence } {
    fs.mkdirSync(dir, { recursive: true });
    const snapPath = path.join(dir, 'snapshot.json');
    const walPath = path.join(dir, 'wal.jsonl');
    const objects = new Map<string, Map<string, Obj>>();
    let rv = 1;
    if (fs.existsSync(snapPath)) {
      const snap = JSON.parse(fs.readFileSync(snapPath, 'utf8')) as Snapshot;
      rv = snap.resourceVersion;
      for (const [rk, o] of snap.objects) {
        if (!objects.has(rk)) objects.set(rk, new Map());
        objects.get(rk)?.set(nameKey(o), o);
      }
    }
    if (fs.existsSync(walPath)) {
      for (const line of fs.readFileSync(walPath, 'utf8').split('\n')) {
        if (!line.trim()) continue;
        let rec: WalRecord;
        try {
          rec = JSON.parse(line) as WalRecord;
        } catch {
          break; // a torn final write: the client never got an answer for it
        }
        if (!objects.has(rec.r)) objects.set(rec.r, new Map());
        const table = objects.get(rec.r);
        if (rec.t === 'DELETED') table?.delete(nameKey(rec.o));
        else table?.set(nameKey(rec.o), rec.o);
        const orv = Number((rec.o.metadata as Obj | undefined)?.resourceVersion);
        if (orv > rv) rv = orv;
      }
    }
    const store = new ObjectStore(undefined, rv);
    for (const [rk, table] of objects) for (const o of table.values()) store.restore(splitKey(rk), o);
    store.setResourceVersion(rv);
    FilePersistence.writeSnapshot(dir, store);
    const fd = fs.openSync(walPath, 'w');
    fs.fsyncSync(fd);
    return { store, persistence: new FilePersistence(dir, fd) };
  }

  private static writeSnapshot(dir: string, store: ObjectStore): void {
    const snap: Snapshot = { resourceVersion: store.resourceVersion, objects: [...store.entries()] };
    const tmp = path.join(dir, 'snapshot.json.tmp');
    const fd = fs.openSync(tmp, 'w');
    fs.writeSync(fd, JSON.stringify(snap));
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(tmp, path.join(dir, 'snapshot.json'));
    const dfd = fs.openSync(dir, 'r');
    fs.fsyncSync(dfd);
    fs.closeSync(dfd);
  }

  append(entry: LogEntry): void {
    const rec: WalRecord = { r: resourceKey(entry.resource), t: entry.type, o: entry.object };
    fs.writeSync(this.fd, `${JSON.stringify(rec)}\n`);
    fs.fdatasyncSync(this.fd);
  }

  close(): void {
    fs.closeSync(this.fd);
  }

  get directory(): string {
    return this.dir;
  }
}
