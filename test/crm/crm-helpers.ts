import { expect } from 'vitest';
import { bearer, json } from '../helpers/fixtures';
import type { TestApp } from '../helpers/test-app';

/** Thin typed calls for the CRM suites; each asserts the status it expects. */
export function api(t: TestApp, token: string) {
  const call = async <T = Record<string, unknown>>(method: string, path: string, body?: unknown, status?: number): Promise<T> => {
    const res = await t.app.request(path, body === undefined ? bearer(token, method) : json(method, body, token));
    const text = await res.text();
    if (status !== undefined) expect(res.status, `${method} ${path}: ${text.slice(0, 300)}`).toBe(status);
    return (text ? JSON.parse(text) : null) as T;
  };
  return {
    get: <T = Record<string, unknown>>(path: string, status = 200) => call<T>('GET', path, undefined, status),
    post: <T = Record<string, unknown>>(path: string, body: unknown, status = 201) => call<T>('POST', path, body, status),
    patch: <T = Record<string, unknown>>(path: string, body: unknown, status = 200) => call<T>('PATCH', path, body, status),
    del: (path: string, status = 204) => call('DELETE', path, undefined, status),
    raw: call,
  };
}

export type Api = ReturnType<typeof api>;
export type Page<T> = { data: T[]; nextCursor: string | null; total: number };
