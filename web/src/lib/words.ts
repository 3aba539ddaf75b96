import { ApiError } from './api';

/*
 * The API's words turned into the user's: a field error reads as a sentence about the field,
 * never as the validator's own text ("Invalid input: expected string, received null").
 */

const RULES: [RegExp, (label: string, m: RegExpExecArray) => string][] = [
  [/expected .*received (null|undefined)|^required$/i, (l) => `${l} is required.`],
  [
    /too small.*expected string to have >=?\s*(\d+)/i,
    (l, m) => (m[1] === '1' ? `${l} is required.` : `${l} needs at least ${m[1]} characters.`),
  ],
  [/too big.*expected string to have <=?\s*(\d+)/i, (l, m) => `${l} can be at most ${m[1]} characters.`],
  [/too small.*expected number to be >=?\s*(-?[\d.]+)/i, (l, m) => `${l} must be at least ${m[1]}.`],
  [/too big.*expected number to be <=?\s*(-?[\d.]+)/i, (l, m) => `${l} must be at most ${m[1]}.`],
  [/expected number/i, (l) => `${l} must be a number.`],
  [/invalid email/i, (l) => `${l} is not an email address.`],
  [/invalid url/i, (l) => `${l} is not a web address (start it with https://).`],
  [/invalid (iso )?date/i, (l) => `${l} is not a date.`],
  [/invalid option|expected one of/i, (l) => `${l} has a value that is not offered.`],
  [/invalid input/i, (l) => `${l} is not valid.`],
];

/** A field error as a sentence. Messages the server already wrote for people pass through. */
export function fieldSentence(label: string, message: string): string {
  for (const [re, say] of RULES) {
    const m = re.exec(message);
    if (m) return say(label, m);
  }
  return message;
}

/** The error's headline: nothing generic on top of field errors, a plain line when offline. */
export function errorHeadline(e: unknown): string | null {
  if (e instanceof ApiError) {
    if (e.fields.length > 0) return null;
    return e.message;
  }
  return e instanceof Error ? e.message : String(e);
}

/** Field name → sentence, for the fields a form shows; the rest go to `others`. */
export function fieldErrors(e: unknown, labels: Record<string, string>): { byField: Record<string, string>; others: string[] } {
  const byField: Record<string, string> = {};
  const others: string[] = [];
  if (!(e instanceof ApiError)) return { byField, others };
  for (const f of e.fields) {
    const name = f.path.split('.')[0] ?? '';
    const label = labels[name];
    if (label && !byField[name]) byField[name] = fieldSentence(label, f.message);
    else others.push(fieldSentence(label ?? (name || 'A value'), f.message));
  }
  return { byField, others };
}
