import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../platform/clock';
import { clientAddress } from '../../platform/http/client-address';
import { WindowCounter } from '../../platform/rate-limiter';

describe('the rate limiter and the client address', () => {
  it('a refused key keeps its window when fresh keys fill the map', () => {
    const counter = new WindowCounter({ limit: 2, windowMs: 60_000 }, fixedClock(new Date('2026-12-01T00:00:00Z')), 3);
    counter.take('victim');
    counter.take('victim');
    expect(counter.take('victim')).toBeGreaterThan(0);
    for (let i = 0; i < 20; i++) counter.take(`flood-${i}`);
    expect(counter.take('victim')).toBeGreaterThan(0);
  });

  it('behind a trusted proxy, the address is the last X-Forwarded-For entry (the one the proxy appended)', async () => {
    const app = new Hono().get('/', (c) => c.text(`${clientAddress(c, true)} ${clientAddress(c, false)}`));
    const res = await app.request('/', { headers: { 'x-forwarded-for': '6.6.6.6, 203.0.113.7' } });
    expect(await res.text()).toBe('203.0.113.7 local');
  });
});
