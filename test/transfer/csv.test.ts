import { describe, expect, it } from 'vitest';
import { csvCell, csvLine, CsvError, CsvParser, parseCsv } from '../../server/modules/transfer/csv';

const cells = (text: string) => parseCsv(text).map((r) => r.cells);

describe('CSV parser', () => {
  it('reads plain, quoted and escaped-quote fields', () => {
    expect(cells('a,b,c\n1,"two, too","say ""hi"""\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', 'two, too', 'say "hi"'],
    ]);
  });

  it('keeps line breaks inside quoted fields and numbers records by the line they start on', () => {
    const records = parseCsv('h1,h2\n"line one\nline two",x\r\nlast,"a\r\nb"\nz,y');
    expect(records.map((r) => r.cells)).toEqual([
      ['h1', 'h2'],
      ['line one\nline two', 'x'],
      ['last', 'a\r\nb'],
      ['z', 'y'],
    ]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 4, 6]);
  });

  it('accepts CRLF, LF and lone CR line ends, and no final line break', () => {
    expect(cells('a,b\r\n1,2\r\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(cells('a,b\r1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(cells('a,b\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('drops a UTF-8 BOM and decodes multi-byte characters split across chunks', () => {
    const bytes = new TextEncoder().encode('\uFEFFname,city\nJosé,Zürich\n');
    const parser = new CsvParser();
    const out = [];
    for (const byte of bytes) out.push(...parser.push(new Uint8Array([byte])));
    out.push(...parser.end());
    expect(out.map((r) => r.cells)).toEqual([
      ['name', 'city'],
      ['José', 'Zürich'],
    ]);
  });

  it('gives the same records whatever the chunking, CRLF split included', () => {
    const text = 'a,"b\r\nc",d\r\n"x""y",,z\r\n';
    const whole = cells(text);
    for (let size = 1; size <= 5; size++) {
      const parser = new CsvParser();
      const out = [];
      for (let i = 0; i < text.length; i += size) out.push(...parser.push(text.slice(i, i + size)));
      out.push(...parser.end());
      expect(out.map((r) => r.cells)).toEqual(whole);
    }
  });

  it('keeps ragged rows as they are (the importer judges them), empty fields, and skips blank lines', () => {
    expect(cells('a,b,c\n1\n\n1,2,3,4\n,,\n')).toEqual([['a', 'b', 'c'], ['1'], ['1', '2', '3', '4'], ['', '', '']]);
  });

  it('refuses an oversize field or row, text after a closing quote and an unclosed quote, with the line', () => {
    expect(() => parseCsv(`a\n${'x'.repeat(50)}\n`, { maxFieldChars: 10, maxRecordChars: 100 })).toThrow(CsvError);
    expect(() => parseCsv(`a,b\n"${'x'.repeat(20)}",y\n`, { maxFieldChars: 10, maxRecordChars: 100 })).toThrow(/longer than 10/);
    expect(() => parseCsv(`${'x,'.repeat(60)}\n`, { maxFieldChars: 10, maxRecordChars: 100 })).toThrow(/row is longer/);
    try {
      parseCsv('a\n"ok"x\n');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(CsvError);
      expect((err as CsvError).line).toBe(2);
    }
    expect(() => parseCsv('a\n"never closed\n')).toThrow(/not closed/);
  });

  it('keeps a stray quote inside an unquoted field as text', () => {
    expect(cells('a\n5" screen\n')).toEqual([['a'], ['5" screen']]);
  });
});

describe('CSV writer', () => {
  it('quotes what needs quoting and round-trips through the parser', () => {
    const row = ['plain', 'with, comma', 'with "quotes"', 'two\nlines', '', null, 42, true];
    const line = csvLine(row);
    expect(line.endsWith('\r\n')).toBe(true);
    expect(parseCsv(line)[0]!.cells).toEqual(['plain', 'with, comma', 'with "quotes"', 'two\nlines', '', '', '42', 'true']);
  });

  it('defuses formulas: = + - @ tab and CR get a leading apostrophe', () => {
    for (const s of ['=SUM(A1:A2)', '+1 555', '-2+3', '@cmd', '\tx', '\rx'])
      expect(csvCell(s).replace(/^"/, '').startsWith("'")).toBe(true);
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('safe')).toBe('safe');
    expect(csvCell(-5)).toBe('-5');
  });
});
