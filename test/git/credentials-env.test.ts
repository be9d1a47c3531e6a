/**
 * Credentials from the environment or from mounted Secret files.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { credentialsFromEnv } from '../../src/adapters/git/git-source.js';

it('reads username, password and token from variables', () => {
  expect(credentialsFromEnv({ SEXTANT_GIT_USERNAME: 'bot', SEXTANT_GIT_PASSWORD: 'pw' })).toEqual({
    username: 'bot',
    password: 'pw',
  });
  expect(credentialsFromEnv({ SEXTANT_GIT_TOKEN: 'tok' })).toEqual({ token: 'tok' });
  expect(credentialsFromEnv({})).toBeUndefined();
  expect(credentialsFromEnv({ SEXTANT_GIT_TOKEN: '' })).toBeUndefined();
});

it('reads *_FILE variants, dropping one trailing newline as mounted Secrets have', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sextant-creds-'));
  try {
    fs.writeFileSync(path.join(dir, 'token'), 'tok-from-file\n');
    fs.writeFileSync(path.join(dir, 'user'), 'bot');
    expect(
      credentialsFromEnv({
        SEXTANT_GIT_TOKEN_FILE: path.join(dir, 'token'),
        SEXTANT_GIT_USERNAME_FILE: path.join(dir, 'user'),
      }),
    ).toEqual({ token: 'tok-from-file', username: 'bot' });
    expect(() => credentialsFromEnv({ SEXTANT_GIT_PASSWORD_FILE: path.join(dir, 'missing') })).toThrow(
      `SEXTANT_GIT_PASSWORD_FILE: cannot read ${path.join(dir, 'missing')} (ENOENT)`,
    );
    expect(() =>
      credentialsFromEnv({ SEXTANT_GIT_TOKEN: 'x', SEXTANT_GIT_TOKEN_FILE: path.join(dir, 'token') }),
    ).toThrow('set SEXTANT_GIT_TOKEN or SEXTANT_GIT_TOKEN_FILE, not both');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
