import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  equalInConstantTime,
  judgeHookDelivery,
  type HookHeaders,
  type HookVerdict,
} from '../../../src/core/webhook/verify-push.js';

const SECRET = 's3cr3t-hook';
const hmacSha256 = (secret: string, body: Uint8Array) => createHmac('sha256', secret).update(body).digest('hex');
const bytes = (o: unknown) => new TextEncoder().encode(typeof o === 'string' ? o : JSON.stringify(o));
const sign = (body: Uint8Array, secret = SECRET) => hmacSha256(secret, body);

function judge(headers: HookHeaders, body: Uint8Array): HookVerdict {
  return judgeHookDelivery({ headers, body, secret: SECRET, hmacSha256 });
}

const githubPush = {
  ref: 'refs/heads/main',
  before: '28e1879d029cb852e4844d9c718537df08844e03',
  after: 'bffeb74224043ba2feb48d137756c8a9331c449a',
  repository: {
    clone_url: 'https://github.com/acme/deploy.git',
    html_url: 'https://github.com/acme/deploy',
    ssh_url: 'git@github.com:acme/deploy.git',
    git_url: 'git://github.com/acme/deploy.git',
    url: 'https://github.com/acme/deploy',
  },
};

const gitlabPush = {
  object_kind: 'push',
  ref: 'refs/heads/main',
  after: 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7',
  project: {
    web_url: 'https://gitlab.example.com/acme/deploy',
    git_ssh_url: 'git@gitlab.example.com:acme/deploy.git',
    git_http_url: 'https://gitlab.example.com/acme/deploy.git',
  },
  repository: { url: 'git@gitlab.example.com:acme/deploy.git', homepage: 'https://gitlab.example.com/acme/deploy' },
};

const giteaPush = {
  ref: 'refs/heads/develop',
  after: 'bffeb74224043ba2feb48d137756c8a9331c449a',
  repository: {
    clone_url: 'http://localhost:3000/gitea/deploy.git',
    html_url: 'http://localhost:3000/gitea/deploy',
    ssh_url: 'ssh://git@localhost:2222/gitea/deploy.git',
  },
};

describe('GitHub deliveries', () => {
  const body = bytes(githubPush);

  it('accepts a push signed with the secret and reports its ref, tip and every repository URL', () => {
    const v = judge({ 'x-github-event': 'push', 'x-hub-signature-256': `sha256=${sign(body)}` }, body);
    expect(v).toEqual({
      kind: 'push',
      push: {
        provider: 'github',
        ref: 'refs/heads/main',
        after: 'bffeb74224043ba2feb48d137756c8a9331c449a',
        repositoryUrls: [
          'https://github.com/acme/deploy.git',
          'https://github.com/acme/deploy',
          'git@github.com:acme/deploy.git',
          'git://github.com/acme/deploy.git',
        ],
      },
    });
  });

  it('rejects a wrong, missing or prefix-less signature without reading the body', () => {
    const garbage = bytes('not json at all');
    const wrong = judge(
      { 'x-github-event': 'push', 'x-hub-signature-256': `sha256=${sign(garbage, 'other')}` },
      garbage,
    );
    expect(wrong).toMatchObject({ kind: 'unauthorized', provider: 'github' });
    expect(judge({ 'x-github-event': 'push' }, body)).toMatchObject({
      kind: 'unauthorized',
      reason: 'missing X-Hub-Signature-256 header',
    });
    expect(judge({ 'x-github-event': 'push', 'x-hub-signature-256': sign(body) }, body).kind).toBe('unauthorized');
  });

  it('never puts the secret or the expected signature in the reason', () => {
    const v = judge({ 'x-github-event': 'push', 'x-hub-signature-256': 'sha256=00' }, body);
    expect(JSON.stringify(v)).not.toContain(SECRET);
    expect(JSON.stringify(v)).not.toContain(sign(body));
  });

  it('answers a signed ping, and ignores other signed events', () => {
    const ping = bytes({ zen: 'Keep it logically awesome.' });
    expect(judge({ 'x-github-event': 'ping', 'x-hub-signature-256': `sha256=${sign(ping)}` }, ping).kind).toBe('ping');
    expect(judge({ 'x-github-event': 'issues', 'x-hub-signature-256': `sha256=${sign(ping)}` }, ping)).toEqual({
      kind: 'not-a-push',
      provider: 'github',
      event: 'issues',
    });
  });

  it('reports a branch deletion without a tip (the all-zero sha is not a commit)', () => {
    const deleted = bytes({ ...githubPush, after: '0000000000000000000000000000000000000000', deleted: true });
    const v = judge({ 'x-github-event': 'push', 'x-hub-signature-256': `sha256=${sign(deleted)}` }, deleted);
    expect(v.kind === 'push' && v.push.after).toBeUndefined();
  });

  it('calls a signed form-encoded or ref-less body malformed', () => {
    const form = bytes('payload=%7B%7D');
    expect(judge({ 'x-github-event': 'push', 'x-hub-signature-256': `sha256=${sign(form)}` }, form).kind).toBe(
      'malformed',
    );
    const noRef = bytes({ after: 'abc' });
    expect(judge({ 'x-github-event': 'push', 'x-hub-signature-256': `sha256=${sign(noRef)}` }, noRef)).toMatchObject({
      kind: 'malformed',
      reason: expect.stringContaining('"ref"') as unknown,
    });
  });
});

describe('GitLab deliveries', () => {
  const body = bytes(gitlabPush);

  it('accepts a push whose token equals the secret, with project and repository URLs', () => {
    const v = judge({ 'x-gitlab-event': 'Push Hook', 'x-gitlab-token': SECRET }, body);
    expect(v).toEqual({
      kind: 'push',
      push: {
        provider: 'gitlab',
        ref: 'refs/heads/main',
        after: 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7',
        repositoryUrls: [
          'https://gitlab.example.com/acme/deploy.git',
          'git@gitlab.example.com:acme/deploy.git',
          'https://gitlab.example.com/acme/deploy',
        ],
      },
    });
  });

  it('rejects a wrong or missing token', () => {
    expect(judge({ 'x-gitlab-event': 'Push Hook', 'x-gitlab-token': `${SECRET}x` }, body).kind).toBe('unauthorized');
    expect(judge({ 'x-gitlab-event': 'Push Hook', 'x-gitlab-token': '' }, body).kind).toBe('unauthorized');
    expect(judge({ 'x-gitlab-event': 'Push Hook' }, body)).toMatchObject({ reason: 'missing X-Gitlab-Token header' });
  });

  it('treats a tag push as a push and a merge request as something else', () => {
    const tag = bytes({ ...gitlabPush, ref: 'refs/tags/v1.0.0' });
    expect(judge({ 'x-gitlab-event': 'Tag Push Hook', 'x-gitlab-token': SECRET }, tag)).toMatchObject({
      kind: 'push',
      push: { ref: 'refs/tags/v1.0.0' },
    });
    expect(judge({ 'x-gitlab-event': 'Merge Request Hook', 'x-gitlab-token': SECRET }, body).kind).toBe('not-a-push');
  });
});

describe('Gitea deliveries', () => {
  const body = bytes(giteaPush);
  // Gitea sends GitHub's and Gogs' headers too; its own must win.
  const base = { 'x-gitea-event': 'push', 'x-github-event': 'push', 'x-gogs-event': 'push' };

  it('accepts a push signed in X-Gitea-Signature (bare hex)', () => {
    const v = judge({ ...base, 'x-gitea-signature': sign(body) }, body);
    expect(v).toEqual({
      kind: 'push',
      push: {
        provider: 'gitea',
        ref: 'refs/heads/develop',
        after: 'bffeb74224043ba2feb48d137756c8a9331c449a',
        repositoryUrls: [
          'http://localhost:3000/gitea/deploy.git',
          'http://localhost:3000/gitea/deploy',
          'ssh://git@localhost:2222/gitea/deploy.git',
        ],
      },
    });
  });

  it('prefers its own signature header over X-Hub-Signature-256', () => {
    const v = judge({ ...base, 'x-gitea-signature': 'ab', 'x-hub-signature-256': `sha256=${sign(body)}` }, body);
    expect(v).toMatchObject({ kind: 'unauthorized', provider: 'gitea' });
  });

  it('falls back to X-Hub-Signature-256 when only that one is sent', () => {
    expect(judge({ ...base, 'x-hub-signature-256': `sha256=${sign(body)}` }, body).kind).toBe('push');
    expect(judge(base, body)).toMatchObject({ kind: 'unauthorized', reason: 'missing X-Gitea-Signature header' });
  });
});

describe('unknown senders and comparison', () => {
  it('names no provider for a request without any event header', () => {
    expect(judge({ 'content-type': 'application/json' }, bytes(githubPush)).kind).toBe('unknown-sender');
  });

  it('compares strings of any length', () => {
    expect(equalInConstantTime('abc', 'abc')).toBe(true);
    expect(equalInConstantTime('abc', 'abd')).toBe(false);
    expect(equalInConstantTime('abc', 'abcd')).toBe(false);
    expect(equalInConstantTime('', 'a')).toBe(false);
    expect(equalInConstantTime('', '')).toBe(true);
  });
});
