/**
Synthetic logs for the benchmarks and the large-input tests, written from realistic lines
(deterministic: the same size gives the same file). Each generator writes to a temporary name and
renames when done, so an interrupted run never leaves a half file that a later run would take.

- `pmsLog`: a Plex Media Server log — mostly Request/Completed pairs and noise, some outbound HCl pairs,
  timeline groups and transcoder jobs (about 1.7 M records per GB).
- `dnsmasqLog`: a dnsmasq / Pi-hole query log with a given number of queries, over a pool of vendor,
  third-party and local names and LAN clients, some answered by a blocklist.
- `nginxLog`: an nginx combined access log of a reverse proxy in front of Plex and Jellyfin: LAN and WAN
  clients, API calls with X-Plex-* parameters and tokens, media parts, transcoder segments, static
  files, a dozen user agents, several lines a second; item ids and session ids make a long tail of
  distinct URLs, as real logs have.
*/
import {createWriteStream, existsSync, mkdirSync, renameSync} from 'node:fs';
import {dirname} from 'node:path';
import {random} from './random.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
function stamp(ms: number): string {
	const d = new Date(ms);
	const p = (n: number, w = 2) => String(n).padStart(w, '0');
	return `${MONTHS[d.getUTCMonth()]} ${p(d.getUTCDate())}, ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)}`;
}

const PATHS = ['/library/sections/50/all?type=1&includeCollections=1&includeExternalMedia=1', '/status/sessions', '/media/providers', '/:/timeline?ratingKey=80906&state=playing&time=139000&duration=187000', '/photo/:/transcode?width=480&height=719&url=%2Flibrary%2Fmetadata%2F841662%2Fthumb%2F1770399686%3FX-Plex-Token%3Dxxxxxxxxxxxxxxxxxxxx', '/library/metadata/841662?includeExternalMedia=1', '/web/js/main-123-abc-plex-4.147.1.js'];
const NOISE = [
	'DEBUG - [NSB/SSDP] found 1 SSDP devices via http://192.168.1.240:8008/ssdp/device-desc.xml',
	'DEBUG - Collections: Synced tags in section 50 in 3ms.',
	'DEBUG - [DatabaseFixups/39DatabaseFixupsEnsureLibrarySectionUuids] Executing fixup',
	'DEBUG - Content-Length of /usr/lib/plexmediaserver/Resources/Plug-ins-2b1ba6e69/WebClient.bundle/Contents/Resources/js/main.js is 53211.',
	'DEBUG - Perfect cache hit, we don\'t need to start yet.',
	'VERBOSE - It took 0.0 sec to serialize a list with 0 elements.',
	'DEBUG - [Req#2a] We\'re going to try to auto-select an audio stream for account 1.',
	'WARN - Held transaction for too long (/home/runner/_work/plex-media-server/Library/Transaction.cpp:123): 1.250000 seconds',
];

async function writePms(file: string, sizeMb: number): Promise<void> {
	const out = createWriteStream(file);
	const target = sizeMb * 1024 * 1024;
	let written = 0;
	let t = Date.UTC(2026, 1, 6, 12, 48, 39, 648);
	let req = 0x1000;
	let hcl = 0x10;
	let chunk = `${stamp(t)} [136529588505400] INFO - Plex Media Server v1.43.0.10467-2b1ba6e69 - Ubuntu PC x86_64 - build: linux-x86_64 debian - GMT -05:00\n`;
	let i = 0;
	while (written < target) {
		t += 7;
		i++;
		const ts = stamp(t);
		const th = 136529439558456 + (i % 8) * 1024;
		const r = i % 100;
		if (r < 30) {
			const id = (req++).toString(16);
			const path = PATHS[i % PATHS.length]!;
			const port = 10000 + (i % 50000);
			chunk += `${ts} [${th}] DEBUG - Request: [192.168.1.${i % 250}:${port} (Subnet)] GET ${path} (6 live) #${id} TLS GZIP Signed-in Token (user${i % 7})\n`;
			chunk += `${ts} [${th + 1}] DEBUG - Completed: [192.168.1.${i % 250}:${port}] 200 GET ${path} (6 live) #${id} TLS GZIP 2ms ${1000 + (i % 9000)} bytes (pipelined: 1)\n`;
		} else if (r < 34) {
			const id = (hcl++).toString(16);
			chunk += `${ts} [${th}] DEBUG - [HCl#${id}] HTTP requesting GET https://plex.tv/api/v2/user/privacy?X-Plex-Token=xxxxxxxxxxxxxxxxxxxx\n`;
			chunk += `${ts} [136529445886776] DEBUG - [HttpClient/HCl#${id}] HTTP/1.1 (0.1s) 200 response from GET https://plex.tv/api/v2/user/privacy?X-Plex-Token=xxxxxxxxxxxxxxxxxxxx (reused)\n`;
		} else if (r === 34) {
			chunk += `${ts} [${th}] DEBUG - Client [client${i % 13}] reporting timeline state playing, progress of 139000/187000ms for guid=, playbackTime=139168ms ratingKey=80906 url=, key=/library/metadata/80906, containerKey=, metadataId=80906, source=\n`;
			chunk += `${ts} [${th}] DEBUG - [Now] User is user${i % 7} (ID: 1)\n${ts} [${th}] DEBUG - [Now] Device is windows (Desk ${i % 13}).\n${ts} [${th}] DEBUG - [Now] Profile is Plex Desktop\n`;
		} else if (r === 35) {
			chunk += `${ts} [${th}] DEBUG - [Req#${req.toString(16)}/Transcode] MDE: Selected protocol dash; container: mp4\n`;
			chunk += `${ts} [${th}] DEBUG - [Req#${req.toString(16)}/Transcode] Job running: FFMPEG_EXTERNAL_LIBS='/var/lib/plexmediaserver/Codecs/' X_PLEX_TOKEN=xxxxxxxxxxxxxxxxxxxx "/usr/lib/plexmediaserver/Plex Transcoder" -codec:0 hevc -codec:1 eac3 -i "/media/movies/Example (2020)/Example.mkv" -filter_complex "[0:0]scale=w=1920:h=1080[0]" -map "[0]" -codec:0 libx264 -maxrate:0 8000k -map 0:1 -codec:1 aac -b:1 256k -f dash -seg_duration 5\n`;
		} else {
			chunk += `${ts} [${th}] ${NOISE[i % NOISE.length]}\n`;
		}
		if (chunk.length > 1 << 20) {
			written += Buffer.byteLength(chunk);
			if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
			chunk = '';
		}
	}
	out.end(chunk);
	await new Promise<void>((resolve) => out.on('finish', () => resolve()));
}


/** Write lines (chunks of text) to a file, waiting for the stream to drain. */
async function writeChunks(file: string, chunks: Iterable<string>): Promise<void> {
	const out = createWriteStream(file);
	for (const chunk of chunks) if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
	out.end();
	await new Promise<void>((resolve) => out.on('finish', () => resolve()));
}

async function once(file: string, write: (tmp: string) => Promise<void>): Promise<string> {
	if (existsSync(file)) return file;
	mkdirSync(dirname(file), {recursive: true});
	const tmp = `${file}.partial`;
	await write(tmp);
	renameSync(tmp, file);
	return file;
}

/** A PMS log of about `sizeMb` MB at `file` (made once). */
export function pmsLog(file: string, sizeMb: number): Promise<string> {
	return once(file, (tmp) => writePms(tmp, sizeMb));
}

const DNS_NAMES = [
	'plex.tv', 'analytics.plex.tv', 'metrics.plex.tv', 'clients.plex.tv', 'pubsub.plex.tv', 'images.plex.tv', 'metadata.provider.plex.tv',
	'www.google-analytics.com', 'cdn.flashtalking.com', 'securepubads.g.doubleclick.net', 'browser.pipe.aria.microsoft.com', 'sentry.io',
	'api.themoviedb.org', 'd6wjo2hisqfy2.cloudfront.net', 'nas.lan', 'printer.local', '1.168.192.in-addr.arpa',
];

function* dnsLines(records: number): Generator<string> {
	let chunk = '';
	let t = Date.UTC(2026, 2, 14, 19, 2, 13);
	for (let i = 0; i < records; i++) {
		if (i % 3 === 0) t += 1000;
		const d = new Date(t);
		const stamp = `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${d.toISOString().slice(11, 19)}`;
		// A long tail of distinct names (one in eight queries), as real logs have.
		const name = i % 8 === 7 ? `host${i % 50_000}.example-${i % 97}.com` : DNS_NAMES[i % DNS_NAMES.length]!;
		const client = `192.168.1.${10 + (i % 40)}`;
		chunk += `${stamp} dnsmasq[17086]: query[${i % 5 === 0 ? 'AAAA' : 'A'}] ${name} from ${client}\n`;
		if (name.includes('doubleclick') || name.includes('aria')) chunk += `${stamp} dnsmasq[17086]: /etc/pihole/gravity.list ${name} is 0.0.0.0\n`;
		else if (i % 4 === 0) chunk += `${stamp} dnsmasq[17086]: cached ${name} is 143.204.106.${i % 250}\n`;
		else chunk += `${stamp} dnsmasq[17086]: forwarded ${name} to 1.0.0.1\n${stamp} dnsmasq[17086]: reply ${name} is 34.98.75.${i % 250}\n`;
		if (chunk.length > 1 << 20) {
			yield chunk;
			chunk = '';
		}
	}
	yield chunk;
}

/** A dnsmasq query log of `records` queries at `file` (made once). */
export function dnsmasqLog(file: string, records: number): Promise<string> {
	return once(file, (tmp) => writeChunks(tmp, dnsLines(records)));
}

const UAS = [
	'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36',
	'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15',
	'Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0',
	'Roku/DVP-12.5 (12.5.0.4178-C8)',
	'PlexMediaServer/1.40.1.8227-c0dd5a73e',
	'Plex/10.10.1 (iPhone; iOS 17.4.1; Scale/3.00)',
	'Infuse/7.7.1 (iPhone; iOS 17.4.1; Scale/3.00)',
	'Dalvik/2.1.0 (Linux; U; Android 13; SHIELD Android TV Build/TQ3A.230805.001)',
	'Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/79.0.3945.79 Safari/537.36 WebAppManager',
	'Jellyfin Media Player/1.9.1 (Windows 10.0.22631)',
	'okhttp/4.12.0',
	'curl/8.5.0',
];

function* nginxLines(sizeMb: number): Generator<string> {
	const next = random(11);
	const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
	const target = sizeMb * 1024 * 1024;
	let written = 0;
	let t = Date.UTC(2024, 2, 1, 19, 15, 10);
	let chunk = '';
	const clients = Array.from({length: 40}, (_, i) => (i < 30 ? `192.168.1.${20 + i}` : `203.0.113.${i * 3}`));
	const tokens = Array.from({length: 6}, (_, i) => `tok${i}${'x'.repeat(17)}`);
	const ids = Array.from({length: 12}, (_, i) => `cid${(i * 7919).toString(36)}q8w7e6r5t4`);
	for (let i = 0; written < target; i++) {
		if (next() < 0.3) t += 1000;
		const d = new Date(t);
		const stamp = `${String(d.getUTCDate()).padStart(2, '0')}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${d.toISOString().slice(11, 19)} +0100`;
		const client = pick(clients);
		const ua = pick(UAS);
		const item = 1000 + Math.floor(next() * 5000);
		const r = next();
		let request: string;
		let status = 200;
		let bytes = Math.floor(next() * 20_000);
		if (r < 0.3) request = `GET /library/metadata/${item}?includeExternalMedia=1&X-Plex-Product=Plex%20Web&X-Plex-Client-Identifier=${pick(ids)}&X-Plex-Platform=Chrome&X-Plex-Token=${pick(tokens)}`;
		else if (r < 0.45) request = `GET /:/timeline?ratingKey=${item}&state=playing&time=${Math.floor(next() * 9e6)}&X-Plex-Client-Identifier=${pick(ids)}&X-Plex-Token=${pick(tokens)}`;
		else if (r < 0.6) {
			request = `GET /video/:/transcode/universal/session/${pick(ids)}/0/${Math.floor(next() * 2000)}.ts`;
			bytes = 1_000_000 + Math.floor(next() * 2_000_000);
		} else if (r < 0.7) {
			request = `GET /library/parts/${item}/1709312345/file.mkv?X-Plex-Token=${pick(tokens)}`;
			status = 206;
			bytes = 1_048_576;
		} else if (r < 0.85) request = `GET /web/static/js/main.${(item % 40).toString(16)}a7c9.js`;
		else if (r < 0.95) request = `GET /Items/${item}/Images/Primary?maxHeight=300&tag=${(item * 31).toString(16)}&quality=90`;
		else {
			request = 'POST /api/v2/user/privacy';
			status = next() < 0.5 ? 401 : 204;
			bytes = 0;
		}
		const line = `${client} - - [${stamp}] "${request} HTTP/1.1" ${status} ${bytes} "${next() < 0.2 ? 'https://app.plex.tv/' : '-'}" "${ua}"\n`;
		chunk += line;
		if (chunk.length > 1 << 20) {
			written += Buffer.byteLength(chunk);
			yield chunk;
			chunk = '';
		}
	}
	yield chunk;
}

/** An nginx combined access log of about `sizeMb` MB at `file` (made once). */
export function nginxLog(file: string, sizeMb: number): Promise<string> {
	return once(file, (tmp) => writeChunks(tmp, nginxLines(sizeMb)));
}
