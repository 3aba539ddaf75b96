import { createMiddleware } from 'hono/factory';
import { randomUUID } from 'node:crypto';
import type { AppEnv } from '../lib/context';

const SAFE_ID = /^[A-Za-z0-9._:-]{8,64}$/;

/** Takes a well-formed X-Request-Id from a proxy or makes one; echoes it on the response. */
export const requestId = () =>
  createMiddleware<AppEnv>(async function requestId(c, next) {
    const incoming = c.req.header('x-request-id');
    const id = incoming && SAFE_ID.test(incoming) ? incoming : randomUUID();
    c.set('requestId', id);
    c.header('X-Request-Id', id);
    await next();
  });
