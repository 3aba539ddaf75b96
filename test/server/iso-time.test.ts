import { describe, expect, it } from 'vitest';
import { isoTime } from '../../server/lib/iso-time';

describe('isoTime', () => {
  it('writes exactly what toISOString writes, over random instants across ±9,000 years', () => {
    let state = 0x2545f491;
    const random = () => ((state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0), state / 2 ** 32);
    const mismatches: string[] = [];
    for (let i = 0; i < 300_000; i++) {
      const ms = Math.floor((random() * 2 - 1) * 290_000_000_000_000);
      const d = new Date(ms);
      if (isoTime(d) !== d.toISOString()) mismatches.push(`${ms}: ${isoTime(d)} vs ${d.toISOString()}`);
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it('agrees at the edges: epoch, day and leap-day boundaries, years 0000 and 9999 and beyond', () => {
    const edges = [
      0, -1, 1, 86_399_999, 86_400_000, 951_782_400_000, 951_868_799_999, 4_107_542_400_000, -62_167_219_200_000, -62_167_219_200_001,
      253_402_300_799_999, 253_402_300_800_000, 8.64e15, -8.64e15,
    ];
    for (const ms of edges) expect(isoTime(new Date(ms)), String(ms)).toBe(new Date(ms).toISOString());
  });

  it('refuses an invalid date the way toISOString does', () => {
    expect(() => isoTime(new Date(Number.NaN))).toThrow(RangeError);
  });
});
