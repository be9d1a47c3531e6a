/**
 * Container image references as the runtime reports them: `nginx` is
 * docker.io/library/nginx:latest, and the tag decides whether the sandbox lets the pull succeed.
 */

export interface ImageRef {
  /** Fully qualified, as containerStatuses[].image shows it. */
  full: string;
  tag: string;
  digest?: string;
}

export function parseImage(image: string): ImageRef {
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  let tag = '';
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const first = rest.split('/')[0] ?? '';
  const hasRegistry = rest.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  let repo = hasRegistry ? rest : `docker.io/${rest}`;
  if (!hasRegistry && !rest.includes('/')) repo = `docker.io/library/${rest}`;
  if (!tag && !digest) tag = 'latest';
  const full = digest ? `${repo}@${digest}` : `${repo}:${tag}`;
  return digest ? { full, tag, digest } : { full, tag };
}

export function imageFails(image: string, failTag: RegExp): boolean {
  const { tag } = parseImage(image);
  return tag !== '' && failTag.test(tag);
}

/** A repo digest that stays the same for the same image, as imageID reports it. */
export function imageIdOf(image: string): string {
  const ref = parseImage(image);
  const repo = ref.full.includes('@') ? ref.full.slice(0, ref.full.indexOf('@')) : ref.full.replace(/:[^/:]*$/, '');
  let h = 0;
  for (const ch of ref.full) h = (Math.imul(h, 31) + ch.charCodeAt(0)) >>> 0;
  const hex = (h.toString(16).padStart(8, '0') + ref.full.length.toString(16)).padEnd(64, '0').slice(0, 64);
  return `${repo}@sha256:${ref.digest?.replace(/^sha256:/, '') ?? hex}`;
}
