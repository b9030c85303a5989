/**
The UI's settings file, `telemetry-tui/ui.json` in `$XDG_CONFIG_HOME` (default `~/.config`): the
columns chosen per view. Read once at start; written (atomically, mode 0600) when a choice changes. A
file that cannot be read or parsed is ignored (the defaults are used), never fatal.
*/
import {mkdirSync, readFileSync, renameSync, writeFileSync} from 'node:fs';
import {homedir} from 'node:os';
import {dirname, join} from 'node:path';

/** A view's columns in the chosen order, shown or hidden (as in tui/state/columns.ts). */
export type ColumnChoice = ReadonlyArray<{readonly key: string; readonly shown: boolean}>;

export type UiConfig = {readonly version: 1; readonly columns: Readonly<Record<string, ColumnChoice>>};

export function defaultConfigPath(env: NodeJS.ProcessEnv = process.env): string {
	const base = env['XDG_CONFIG_HOME'] || join(homedir(), '.config');
	return join(base, 'telemetry-tui', 'ui.json');
}

export function emptyConfig(): UiConfig {
	return {version: 1, columns: {}};
}

function isChoice(value: unknown): value is ColumnChoice {
	return Array.isArray(value) && value.every((c) => typeof c === 'object' && c !== null && typeof (c as {key?: unknown}).key === 'string' && typeof (c as {shown?: unknown}).shown === 'boolean');
}

export function loadConfig(path: string): UiConfig {
	try {
		const raw = JSON.parse(readFileSync(path, 'utf8')) as {columns?: unknown};
		const columns: Record<string, ColumnChoice> = {};
		if (raw && typeof raw.columns === 'object' && raw.columns !== null) {
			for (const [view, choice] of Object.entries(raw.columns)) if (isChoice(choice)) columns[view] = choice.map((c) => ({key: c.key, shown: c.shown}));
		}
		return {version: 1, columns};
	} catch {
		return emptyConfig();
	}
}

export function saveConfig(path: string, config: UiConfig): void {
	mkdirSync(dirname(path), {recursive: true});
	const tmp = `${path}.${process.pid}.tmp`;
	writeFileSync(tmp, `${JSON.stringify(config, null, 2)}\n`, {mode: 0o600});
	renameSync(tmp, path);
}
