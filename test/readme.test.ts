import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {render} from './helpers/readme.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
	it('keys, views, formats and options sections are what the program has (npm run docs)', () => {
		expect(readme).toBe(render(readme));
	});

	it('starts with the two commands a new user runs', () => {
		const firstBlock = readme.slice(readme.indexOf('```'), readme.indexOf('```', readme.indexOf('```') + 3));
		expect(firstBlock).toContain('npm install && npm start');
		expect(firstBlock).toContain('npm test');
	});
});
