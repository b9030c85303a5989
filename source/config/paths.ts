/**
Where telemetry-tui keeps what belongs to the user rather than to one run: `$XDG_CONFIG_HOME/telemetry-tui/`
(`~/.config/telemetry-tui/` when the variable is unset or empty). Review marks and the mask key live there.
Tests point `XDG_CONFIG_HOME` at a temporary folder, so they never touch the real home.
*/
import {homedir} from 'node:os';
import {join} from 'node:path';

/** The folder for this user's telemetry-tui files. */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
	const base = env['XDG_CONFIG_HOME'] || join(homedir(), '.config');
	return join(base, 'telemetry-tui');
}
