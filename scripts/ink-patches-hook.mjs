/**
`node --import ./scripts/ink-patches-hook.mjs …`: load Ink's libraries with the bundle's patches
(scripts/ink-patches.mjs), so that code run from the sources draws frames with the code that ships.
vitest.config.ts starts its test workers with it.
*/
import {register} from 'node:module';

register('./ink-patches-loader.mjs', import.meta.url);
