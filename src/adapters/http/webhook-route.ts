/**
 * POST /api/v1/hooks/git: a Git host's push webhook. The pure judge (core/webhook) decides; this
 * adapter supplies the raw body and the HMAC, maps the verdict to a status, and tells the daemon.
 * Neither the body nor the headers are logged: they carry the signature or the token itself.
 */
import { createHmac } from 'node:crypto';
import { judgeHookDelivery } from '../../core/webhook/verify-push.js';
import { readBody, replyError, replyJson, type Reply } from './http-io.js';
import type { RouteContext } from './routes.js';

function hmacSha256(secret: string, body: Uint8Array): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

export async function answerHook(ctx: RouteContext): Promise<Reply> {
  if (!ctx.webhookSecret) return replyError(403, 'webhook secret not configured');
  const body = await readBody(ctx.req, ctx.maxBodyBytes);
  const verdict = judgeHookDelivery({ headers: ctx.req.headers, body, secret: ctx.webhookSecret, hmacSha256 });
  switch (verdict.kind) {
    case 'unknown-sender':
      return replyError(400, verdict.reason);
    case 'unauthorized':
      ctx.log.warn({ provider: verdict.provider, reason: verdict.reason }, 'webhook rejected');
      return replyError(401, verdict.reason);
    case 'ping':
      return replyJson(200, { message: 'pong' });
    case 'not-a-push':
      return replyJson(202, { ignored: `${verdict.provider} event ${JSON.stringify(verdict.event)} is not a push` });
    case 'malformed':
      return replyError(400, verdict.reason);
    case 'push': {
      const { push } = verdict;
      const matched = ctx.api.notifyPush(push);
      ctx.log.info({ provider: push.provider, ref: push.ref, after: push.after, matched }, 'webhook push');
      if (!matched) {
        return replyJson(202, { ignored: `push to ${push.ref} is not for the followed repository and branch` });
      }
      return replyJson(202, { message: `push to ${push.ref} noted; reading the repository now` });
    }
  }
}
