/** The module hook behind scripts/ink-patches-hook.mjs: a file an Ink patch matches is loaded as the patch gives it. */
import {fileURLToPath} from 'node:url';
import {INK_PATCHES} from './ink-patches.mjs';

export async function load(url, context, nextLoad) {
	if (url.startsWith('file:')) {
		const path = fileURLToPath(url);
		for (const [filter, patch] of INK_PATCHES) {
			if (!filter.test(path)) continue;
			const source = patch(path);
			if (source !== undefined) return {format: 'module', source, shortCircuit: true};
		}
	}
	return nextLoad(url, context);
}
