/*
 * RFC 4180 CSV, both ways. The parser is push-based: feed it chunks as they
 * arrive (from a request body or a file) and it hands back whole records, so
 * a file of any size is read in constant memory. The writer quotes what needs
 * quoting and defuses spreadsheet formulas.
 */

import { isoTime } from '../../lib/iso-time';

export interface CsvRecord {
  /** The cells, as written (quotes removed, "" unescaped). */
  cells: string[];
  /** 1-based line of the file where the record starts (a quoted field may span lines). */
  line: number;
}

export interface CsvLimits {
  /** Longest field, in characters. */
  maxFieldChars: number;
  /** Longest record (all its fields), in characters. */
  maxRecordChars: number;
}

export const DEFAULT_CSV_LIMITS: CsvLimits = { maxFieldChars: 64 * 1024, maxRecordChars: 1024 * 1024 };

export class CsvError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'CsvError';
  }
}

const QUOTE = 34;
const COMMA = 44;
const CR = 13;
const LF = 10;

/**
 * Streaming RFC 4180 parser: quoted fields with embedded commas, quotes ("")
 * and line breaks; CRLF, LF or lone CR line ends; a leading UTF-8 BOM is
 * dropped. Lenient where Excel is (a stray quote inside an unquoted field is
 * kept as text); strict where silence would lose data (text after a closing
 * quote, an unterminated quote at the end, a field or record over the limit).
 * Blank lines are skipped.
 */
export class CsvParser {
  private field = '';
  private cells: string[] = [];
  private recordChars = 0;
  private state: 'start' | 'unquoted' | 'quoted' | 'quote-in-quoted' = 'start';
  private line = 1;
  private recordLine = 1;
  private first = true;
  private pendingCr = false;
  private readonly decoder = new TextDecoder('utf-8', { fatal: false });

  constructor(private readonly limits: CsvLimits = DEFAULT_CSV_LIMITS) {}

  /** Parses a chunk of bytes or text; returns the records it completed. */
  push(chunk: Uint8Array | string): CsvRecord[] {
    let text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    if (this.first && text.length > 0) {
      this.first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const out: CsvRecord[] = [];
    this.scan(text, out);
    return out;
  }

  /** Ends the input: returns the last record, if the file did not end with a line break. */
  end(): CsvRecord[] {
    const out: CsvRecord[] = [];
    const rest = this.decoder.decode();
    if (rest) this.scan(rest, out);
    if (this.state === 'quoted') throw new CsvError('A quoted field is not closed before the end of the file.', this.recordLine);
    if (this.state !== 'start' || this.cells.length > 0) {
      this.endField();
      this.finishRecord(out);
    }
    return out;
  }

  private scan(text: string, out: CsvRecord[]): void {
    const n = text.length;
    let i = 0;
    if (this.pendingCr) {
      this.pendingCr = false;
      if (n > 0 && text.charCodeAt(0) === LF) i = 1;
    }
    while (i < n) {
      const ch = text.charCodeAt(i);
      switch (this.state) {
        case 'quoted': {
          // Copy the run up to the next quote in one slice: quoted fields are often long.
          const next = text.indexOf('"', i);
          const end = next === -1 ? n : next;
          if (end > i) {
            const run = text.slice(i, end);
            for (let k = 0; k < run.length; k++)
              if (run.charCodeAt(k) === LF || (run.charCodeAt(k) === CR && run.charCodeAt(k + 1) !== LF)) this.line++;
            this.append(run);
          }
          if (next === -1) return;
          this.state = 'quote-in-quoted';
          i = next + 1;
          continue;
        }
        case 'quote-in-quoted':
          if (ch === QUOTE) {
            this.append('"');
            this.state = 'quoted';
            i++;
            continue;
          }
          if (ch === COMMA || ch === LF || ch === CR) {
            this.state = 'unquoted';
            continue; // handled as a delimiter below
          }
          throw new CsvError('Text follows a closing quote: write a quote inside a quoted field as "".', this.line);
        case 'start':
          if (ch === QUOTE) {
            this.state = 'quoted';
            i++;
            continue;
          }
          this.state = 'unquoted';
          continue;
        case 'unquoted': {
          if (ch === COMMA) {
            this.endField();
            this.state = 'start';
            i++;
            continue;
          }
          if (ch === LF || ch === CR) {
            this.endField();
            this.finishRecord(out);
            this.line++;
            this.recordLine = this.line;
            if (ch === CR) {
              if (i + 1 < n) {
                if (text.charCodeAt(i + 1) === LF) i++;
              } else this.pendingCr = true;
            }
            i++;
            continue;
          }
          let j = i;
          while (j < n) {
            const c = text.charCodeAt(j);
            if (c === COMMA || c === LF || c === CR) break;
            j++;
          }
          this.append(text.slice(i, j));
          i = j;
          continue;
        }
      }
    }
  }

  private append(s: string): void {
    this.field += s;
    this.recordChars += s.length;
    if (this.field.length > this.limits.maxFieldChars)
      throw new CsvError(`A field is longer than ${this.limits.maxFieldChars} characters.`, this.recordLine);
    if (this.recordChars > this.limits.maxRecordChars)
      throw new CsvError(`A row is longer than ${this.limits.maxRecordChars} characters.`, this.recordLine);
  }

  private endField(): void {
    this.cells.push(this.field);
    this.field = '';
    // Delimiters count too: a row of a million empty cells is as big as it looks.
    this.recordChars += 1;
    if (this.recordChars > this.limits.maxRecordChars)
      throw new CsvError(`A row is longer than ${this.limits.maxRecordChars} characters.`, this.recordLine);
  }

  private finishRecord(out: CsvRecord[]): void {
    const cells = this.cells;
    this.cells = [];
    this.field = '';
    this.recordChars = 0;
    this.state = 'start';
    // A blank line is one empty cell: skip it.
    if (cells.length === 1 && cells[0] === '') return;
    out.push({ cells, line: this.recordLine });
  }
}

/** Parses a whole string (tests, small inputs). */
export function parseCsv(text: string, limits?: CsvLimits): CsvRecord[] {
  const parser = new CsvParser(limits);
  return [...parser.push(text), ...parser.end()];
}

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One cell for a CSV that people open in spreadsheets: a value starting with
 * = + - @ tab or CR is prefixed with an apostrophe so it is shown as text
 * and never run as a formula (CSV injection), then quoted when needed.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s =
    typeof value === 'string'
      ? value
      : value instanceof Date
        ? isoTime(value)
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value);
  if (typeof value === 'string' && FORMULA_START.test(s)) s = `'${s}`;
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV line, CRLF-terminated as RFC 4180 says. */
export function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
