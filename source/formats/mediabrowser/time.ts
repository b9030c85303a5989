/** Calendar fields → UTC, shared by the Jellyfin and Emby header parsers: one module for times (source/model/time.ts). */
export {isoOfMs, utcMillis} from '../../model/time.js';
