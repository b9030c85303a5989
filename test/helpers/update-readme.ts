/** `npm run docs`: rewrite the README's generated sections. */
import {readFileSync, writeFileSync} from 'node:fs';
import {render} from './readme.js';

const path = new URL('../../README.md', import.meta.url);
writeFileSync(path, render(readFileSync(path, 'utf8')));
