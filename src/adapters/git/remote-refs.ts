/**
 * Asking a server where a ref points, as cheaply as possible. The first call discovers the
 * protocol (GET info/refs with Git-Protocol: version=2). With protocol v2 every later call is ONE
 * POST of `ls-refs` with a ref-prefix (~150 bytes each way), skipping the discovery GET that
 * isomorphic-git's listServerRefs repeats each time (v2 over HTTP is stateless, so this is valid).
 * A v1-only server gets one GET of the full ref advertisement per call.
 */
import git, { type HttpClient } from 'isomorphic-git';
import { HttpStatusError } from './git-errors.js';

export interface RemoteRef {
  ref: string; // 'HEAD', 'refs/heads/main', 'refs/tags/v1'
  oid: string; // what the ref points at (an annotated tag's own oid for tags)
  peeled?: string; // the commit an annotated tag points at
  target?: string; // the symref target, e.g. HEAD -> refs/heads/main
}

function pkt(line: string): Buffer {
  const data = Buffer.from(line, 'utf8');
  return Buffer.concat([Buffer.from((data.length + 4).toString(16).padStart(4, '0'), 'ascii'), data]);
}

function lsRefsRequest(prefixes: string[]): Buffer {
  return Buffer.concat([
    pkt('command=ls-refs\n'),
    pkt('agent=git/isomorphic-git-sextant\n'),
    Buffer.from('0001', 'ascii'),
    pkt('peel\n'),
    pkt('symrefs\n'),
    ...prefixes.map((p) => pkt(`ref-prefix ${p}\n`)),
    Buffer.from('0000', 'ascii'),
  ]);
}

/** Parses `<oid> <ref>[ symref-target:<t>][ peeled:<oid>]` pkt-lines up to the flush. */
export function parseLsRefsResponse(body: Buffer): RemoteRef[] {
  const refs: RemoteRef[] = [];
  let at = 0;
  while (at + 4 <= body.length) {
    const len = parseInt(body.toString('ascii', at, at + 4), 16);
    if (Number.isNaN(len)) throw new Error('malformed ls-refs response');
    if (len === 0) break; // flush: end of the list
    if (len < 4) {
      at += 4;
      continue;
    }
    const line = body.toString('utf8', at + 4, at + len).replace(/\n$/, '');
    at += len;
    if (line.startsWith('ERR ')) throw new Error(`server error: ${line.slice(4)}`);
    const [oid, ref, ...attrs] = line.split(' ');
    if (!oid || !ref) continue;
    const entry: RemoteRef = { ref, oid };
    for (const a of attrs) {
      if (a.startsWith('symref-target:')) entry.target = a.slice('symref-target:'.length);
      else if (a.startsWith('peeled:')) entry.peeled = a.slice('peeled:'.length);
    }
    refs.push(entry);
  }
  return refs;
}

async function readAll(body: AsyncIterable<Uint8Array> | undefined): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  if (body) for await (const c of body) chunks.push(c);
  return Buffer.concat(chunks);
}

export class RemoteRefReader {
  private protocol: 'v1' | 'v2' | undefined;

  constructor(
    private readonly url: string,
    private readonly authorization: string | undefined,
  ) {}

  /** The refs starting with any of prefixes ('HEAD' included when asked). Throws on HTTP/network errors. */
  async list(http: HttpClient, prefixes: string[]): Promise<RemoteRef[]> {
    if (this.protocol === 'v2') {
      try {
        return await this.lsRefs(http, prefixes);
      } catch (err) {
        // A server that stopped speaking v2 fails here in some protocol-level way; rediscover once.
        // Auth and network failures are real and go to the caller.
        if (!(err instanceof HttpStatusError) || ![400, 403, 415, 422].includes(err.statusCode)) throw err;
        this.protocol = undefined;
      }
    }
    const info = await git.getRemoteInfo2({
      http,
      url: this.url,
      headers: this.headers(),
      protocolVersion: this.protocol === 'v1' ? 1 : 2,
    });
    if (info.protocolVersion === 2 && 'ls-refs' in info.capabilities) {
      this.protocol = 'v2';
      return this.lsRefs(http, prefixes);
    }
    this.protocol = 'v1';
    return (info.refs ?? [])
      .filter((r) => prefixes.some((p) => r.ref.startsWith(p)))
      .map((r) => ({
        ref: r.ref,
        oid: r.oid,
        ...(r.peeled ? { peeled: r.peeled } : {}),
        ...(r.target ? { target: r.target } : {}),
      }));
  }

  private headers(): Record<string, string> {
    return this.authorization ? { Authorization: this.authorization } : {};
  }

  private async lsRefs(http: HttpClient, prefixes: string[]): Promise<RemoteRef[]> {
    const res = await http.request({
      url: `${this.url}/git-upload-pack`,
      method: 'POST',
      headers: {
        ...this.headers(),
        'Content-Type': 'application/x-git-upload-pack-request',
        Accept: 'application/x-git-upload-pack-result',
        'Git-Protocol': 'version=2',
      },
      body: [lsRefsRequest(prefixes)] as unknown as AsyncIterableIterator<Uint8Array>,
    });
    const body = await readAll(res.body);
    if (res.statusCode !== 200) throw new HttpStatusError(res.statusCode, res.statusMessage);
    return parseLsRefsResponse(body);
  }
}
