/**
Interactive mode entry. Returns an exit code, or undefined when no terminal can be had for the keys
(then the caller prints instead).
*/
import type {InputProblem, InputSource} from '../input/sources.js';
import type {IngestOptions} from '../pipeline/ingest.js';
import type {RecordStore} from '../pipeline/store.js';
import type {Io} from './main.js';
import type {CliOptions} from './options.js';

export type InteractiveArgs = {
	options: CliOptions;
	io: Io;
	store: RecordStore;
	sources: InputSource[];
	problems: InputProblem[];
	ingest: Omit<IngestOptions, 'signal' | 'onRecord'>;
};

export async function startInteractive(args: InteractiveArgs): Promise<number | undefined> {
	args.io.stderr.write('telemetry-tui: the interactive UI is not built yet; printing instead\n');
	return undefined;
}
