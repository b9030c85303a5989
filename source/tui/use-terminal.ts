/**
Hooks for the terminal and the store: the terminal size (redrawn on 'resize'), and the store version,
throttled so a fast ingest redraws a few times a second instead of on every record.
*/
import {useStdout} from 'ink';
import {useEffect, useState} from 'react';

import {terminalSize as sizeOf, type Size} from './first-frame.js';

export type {Size};

/** The terminal's columns and rows, updated on resize. */
export function useTerminalSize(): Size {
	const {stdout} = useStdout();
	const [size, setSize] = useState(() => sizeOf(stdout));
	useEffect(() => {
		const onResize = (): void => {
			const next = sizeOf(stdout);
			setSize((prev) => (prev.columns === next.columns && prev.rows === next.rows ? prev : next));
		};
		stdout.on('resize', onResize);
		onResize();
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout]);
	return size;
}

export type Versioned = {readonly version: number; subscribe(listener: () => void): () => void};

/**
The store's version, updated at most once per `interval()` ms (trailing, so the last change always
shows). `interval` is asked each time, so it can grow when recomputing gets expensive.
*/
export function useStoreVersion(store: Versioned, interval: () => number): number {
	const [version, setVersion] = useState(store.version);
	useEffect(() => {
		let timer: NodeJS.Timeout | undefined;
		let last = 0;
		const flush = (): void => {
			timer = undefined;
			last = Date.now();
			setVersion(store.version);
		};
		const unsubscribe = store.subscribe(() => {
			if (timer) return;
			timer = setTimeout(flush, Math.max(0, last + interval() - Date.now()));
		});
		flush();
		return () => {
			unsubscribe();
			if (timer) clearTimeout(timer);
		};
	}, [store, interval]);
	return version;
}
