/**
CSV damage that RFC 4180 reads as legal: a stray quote opens a field that a later, legitimate quote
"closes", swallowing every row in between into one record with the wrong number of fields. Those rows
must survive: such a record's first line is reported and reading restarts on the line after it.
*/
import {describe, expect, it} from 'vitest';
import {CsvStream} from '../source/formats/csv/stream.js';

function read(text: string): {rows: Array<[number, string[]]>; codes: Array<[number, string]>} {
	const rows: Array<[number, string[]]> = [];
	const codes: Array<[number, string]> = [];
	const s = new CsvStream({header: () => {}, row: (f, line) => rows.push([line, f]), diagnostic: (d) => codes.push([d.line, d.code])});
	s.push(new TextEncoder().encode(text));
	s.end();
	return {rows, codes};
}

describe('a stray quote closed by a later quoted field', () => {
	it('costs only its own line', () => {
		const text = ['id,name,title', '1,a,plain', '"', '2,b,plain', '3,c,plain', '4,d,"quoted, title"', '5,e,plain'].join('\n');
		const {rows, codes} = read(text);
		expect(rows.map(([line]) => line)).toEqual([2, 4, 5, 6, 7]);
		expect(rows.find(([line]) => line === 6)?.[1]).toEqual(['4', 'd', 'quoted, title']);
		expect(codes).toEqual([[3, 'csv.quote.stray']]);
	});

	it('a multi-line row after the stray quote survives too (reading restarts, not line-by-line)', () => {
		const text = ['id,name,title', '"', '2,b,"two', 'lines"', '3,c,plain'].join('\n');
		const {rows, codes} = read(text);
		expect(rows).toEqual([[3, ['2', 'b', 'two\nlines']], [5, ['3', 'c', 'plain']]]);
		expect(codes).toEqual([[2, 'csv.quote.stray']]);
	});

	it('a legitimate quoted newline with the right field count stays one record', () => {
		const {rows, codes} = read('id,name,title\n1,a,"two\nlines"\n2,b,plain\n');
		expect(rows).toEqual([[2, ['1', 'a', 'two\nlines']], [4, ['2', 'b', 'plain']]]);
		expect(codes).toEqual([]);
	});
});
