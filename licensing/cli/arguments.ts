/** Parsers for option values; they throw commander's InvalidArgumentError (exit 2). */
import { InvalidArgumentError } from 'commander';
import { FEATURES, isFeature, isTier, type Feature, type Tier } from '../key';
import { CliError, EXIT } from './exit-codes';

export function intArg(min: number, max: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`Expected a whole number from ${min} to ${max}.`);
    const n = Number(value);
    if (n < min || n > max) throw new InvalidArgumentError(`Expected a whole number from ${min} to ${max}.`);
    return n;
  };
}

export function tierArg(value: string): Tier {
  const upper = value.toUpperCase();
  if (!isTier(upper)) throw new InvalidArgumentError('Expected TRL, STR, PRO or ENT.');
  return upper;
}

export function featuresArg(value: string): Feature[] {
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !isFeature(n));
  if (unknown.length) throw new InvalidArgumentError(`Unknown feature(s) ${unknown.join(', ')}. Known: ${FEATURES.join(', ')}.`);
  return names as Feature[];
}

export function policyArg(value: string): 'online' | 'air-gapped' {
  if (value !== 'online' && value !== 'air-gapped') throw new InvalidArgumentError('Expected online or air-gapped.');
  return value;
}

/**
 * Expiry as a number of days from now, a date (YYYY-MM-DD, midnight UTC) or "perpetual".
 * Returns an ISO string, or null for perpetual. Called from actions, so it throws CliError (exit 2).
 */
export function parseExpiry(value: string, now: Date = new Date()): string | null {
  const refuse = (why: string): never => {
    throw new CliError(`--expires ${value}: ${why}`, EXIT.USAGE);
  };
  const v = value.trim().toLowerCase();
  if (v === 'perpetual' || v === 'never') return null;
  if (/^\d+$/.test(v)) {
    const days = Number(v);
    if (days < 1 || days > 36_500) refuse('expected 1 to 36500 days.');
    return new Date(Math.floor(now.getTime() / 1000) * 1000 + days * 86_400_000).toISOString();
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const d = new Date(`${v}T00:00:00Z`);
    if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v) refuse('not a date.');
    if (d <= now) refuse('the date is in the past.');
    return d.toISOString();
  }
  return refuse('expected a number of days, a date YYYY-MM-DD, or perpetual.');
}

export function dateArg(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(new Date(`${value}T00:00:00Z`).getTime())) {
    throw new InvalidArgumentError('Expected a date YYYY-MM-DD.');
  }
  return new Date(`${value}T00:00:00Z`).toISOString();
}
