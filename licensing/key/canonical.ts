/**
 * Canonical JSON for signing: object keys sorted by code unit, no whitespace, undefined
 * properties dropped, only finite numbers. Both sides re-encode the parsed object, so the
 * signature does not depend on how a proxy or a JSON library formatted the bytes in transit.
 */
export type CanonicalValue = null | boolean | number | string | CanonicalValue[] | { [key: string]: CanonicalValue | undefined };

export function canonicalEncode(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonicalEncode: numbers must be finite.');
      return JSON.stringify(value);
    case 'string':
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => canonicalEncode(v)).join(',')}]`;
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        throw new TypeError('canonicalEncode: only plain objects (convert dates to ISO strings first).');
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record)
        .filter((k) => record[k] !== undefined)
        .sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalEncode(record[k])}`).join(',')}}`;
    }
    default:
      throw new TypeError(`canonicalEncode: cannot encode ${typeof value}.`);
  }
}
