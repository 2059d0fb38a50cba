import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, csvRow, parseCsv } from './csv.ts';

describe('csv', () => {
  it('parses quoted fields with commas, doubled quotes and line breaks, and skips blank lines', () => {
    const text = '\uFEFFemail,name\r\n"a@x.org","Lee, ""Ann"""\n\nb@x.org,"two\nlines"\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, cells: ['email', 'name'] },
      { line: 2, cells: ['a@x.org', 'Lee, "Ann"'] },
      { line: 4, cells: ['b@x.org', 'two\nlines'] },
    ]);
  });

  it('reports the line of a syntax error', () => {
    expect(() => parseCsv('a,b\nc,"open\n')).toThrow(CsvSyntaxError);
    const error = (() => {
      try {
        parseCsv('a,b\nc,d"e\n');
      } catch (err) {
        return err;
      }
    })();
    expect(error).toBeInstanceOf(CsvSyntaxError);
    expect((error as CsvSyntaxError).line).toBe(2);
    expect(() => parseCsv('"x"y,z')).toThrow('text after a closing quote');
  });

  it('writes every cell quoted and defuses spreadsheet formulas', () => {
    expect(csvRow(['=1+1', '+49 30', '-2', '@SUM(A1)', '\tx', 'plain "q"', null, 3, true])).toBe(
      `"'=1+1","'+49 30","'-2","'@SUM(A1)","'\tx","plain ""q""","","3","true"\r\n`,
    );
  });
});
