import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import { limitAtLeast } from '../../server/db/limit-at-least';

const text = (n: number) => new SQLiteSyncDialect().sqlToQuery(limitAtLeast(n));

describe('limitAtLeast', () => {
  it('writes a number of rows at least n into the text, binding nothing', () => {
    for (let n = 0; n <= 2000; n++) {
      const { sql, params } = text(n);
      expect(params).toEqual([]);
      expect(Number(sql), `n=${n}`).toBeGreaterThanOrEqual(n);
    }
  });

  it('keeps every page size the API takes (1 to 200, plus the look-ahead row) to six statement texts', () => {
    const texts = new Set(Array.from({ length: 201 }, (_, i) => text(i + 1).sql));
    expect([...texts].sort((a, b) => Number(a) - Number(b))).toEqual(['11', '21', '26', '51', '101', '201']);
  });

  it('refuses anything but a whole number', () => {
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => limitAtLeast(bad)).toThrow(/whole number/);
  });
});
