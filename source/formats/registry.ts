/**
Every input format the tool reads. Detection tries them all; `--type NAME` picks one. Order only
breaks ties between equal sniff scores.
*/
import type {Format} from './types.js';

export const FORMATS: readonly Format[] = [];

export function findFormat(name: string): Format | undefined {
	return FORMATS.find((f) => f.name === name);
}
