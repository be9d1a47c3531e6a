/**
 * Git credentials: read from the environment or from files (mounted Kubernetes Secrets), turned
 * into an Authorization header, and scrubbed from any text that might be printed. Read once by
 * the composition root; nothing here runs at import time.
 */
import fs from 'node:fs';
import type { GitCredentials } from './options.js';

const FIELDS = [
  ['username', 'SEXTANT_GIT_USERNAME'],
  ['password', 'SEXTANT_GIT_PASSWORD'],
  ['token', 'SEXTANT_GIT_TOKEN'],
] as const;

/**
 * SEXTANT_GIT_USERNAME / _PASSWORD / _TOKEN, or their *_FILE variants naming a file whose content
 * (less one trailing newline) is the value. Undefined when none is set. Throws when both a variable
 * and its _FILE variant are set, or a file cannot be read (the message names the path, never a value).
 */
export function credentialsFromEnv(env: NodeJS.ProcessEnv): GitCredentials | undefined {
  const creds: GitCredentials = {};
  for (const [field, name] of FIELDS) {
    const direct = env[name];
    const file = env[`${name}_FILE`];
    if (direct !== undefined && direct !== '' && file !== undefined && file !== '') {
      throw new Error(`set ${name} or ${name}_FILE, not both`);
    }
    let value = direct;
    if (file !== undefined && file !== '') {
      try {
        value = fs.readFileSync(file, 'utf8').replace(/\r?\n$/, '');
      } catch (err) {
        const code = err instanceof Error && 'code' in err ? String(err.code) : 'unreadable';
        throw new Error(`${name}_FILE: cannot read ${file} (${code})`);
      }
    }
    if (value !== undefined && value !== '') creds[field] = value;
  }
  return Object.keys(creds).length > 0 ? creds : undefined;
}

/** The basic-auth header for these credentials, or undefined when there are none. */
export function authorizationHeader(creds: GitCredentials | undefined): string | undefined {
  if (!creds) return undefined;
  const secret = creds.token ?? creds.password;
  if (secret === undefined && creds.username === undefined) return undefined;
  const user = creds.username ?? (creds.token !== undefined ? 'x-access-token' : '');
  return `Basic ${Buffer.from(`${user}:${secret ?? ''}`, 'utf8').toString('base64')}`;
}

/** Replaces every secret (and its URL-encoded and base64 forms) in text with '***'. */
export function scrubSecrets(text: string, creds: GitCredentials | undefined): string {
  if (!creds) return text;
  const header = authorizationHeader(creds)?.slice('Basic '.length);
  const secrets = [creds.password, creds.token, header]
    .filter((s): s is string => s !== undefined && s.length >= 3)
    .flatMap((s) => [s, encodeURIComponent(s)]);
  let out = text;
  for (const s of secrets) out = out.split(s).join('***');
  return out;
}
