/** A tiny operator HTTP client for tests that keeps every response body (to grep for secrets). */
export class OperatorClient {
  readonly bodies: string[] = [];
  constructor(
    private readonly url: string,
    private readonly token: string,
  ) {}

  async call(method: string, path: string, body?: unknown, opts: { token?: string | null } = {}) {
    const headers: Record<string, string> = {};
    const token = opts.token === undefined ? this.token : opts.token;
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.url}${path}`, { method, headers, body: body === undefined ? null : JSON.stringify(body) });
    const text = await res.text();
    this.bodies.push(text);
    return { status: res.status, headers: res.headers, json: text ? (JSON.parse(text) as any) : undefined };
  }

  issue(overrides: Record<string, unknown> = {}) {
    return this.call('POST', '/v1/licenses', {
      customer: 'Acme Health GmbH',
      tier: 'ENT',
      maxUsers: 10,
      maxTenants: 2,
      features: ['api', 'sso'],
      expiresAt: new Date(Date.now() + 365 * 86_400_000).toISOString(),
      policy: { mode: 'online', checkIntervalDays: 7, graceDays: 14 },
      ...overrides,
    });
  }
}
