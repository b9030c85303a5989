// Preloaded with `node --import` in the no-network test: any attempt to open a connection, resolve a
// name or send a datagram is recorded loudly (stderr line + exit code 99), before it can happen.
import dgram from 'node:dgram';
import dns from 'node:dns';
import net from 'node:net';
import tls from 'node:tls';
import http from 'node:http';
import https from 'node:https';

function attempt(what) {
	process.stderr.write(`NETWORK ATTEMPT: ${what}\n`);
	process.exitCode = 99;
	throw new Error(`network access attempted: ${what}`);
}

net.Socket.prototype.connect = function () {
	attempt('net.Socket.connect');
};
for (const [mod, names] of [[net, ['connect', 'createConnection']], [tls, ['connect']], [http, ['request', 'get']], [https, ['request', 'get']], [dgram, ['createSocket']], [dns, ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny']]]) {
	for (const name of names) {
		Object.defineProperty(mod, name, {value: () => attempt(`${name}`), configurable: true, writable: true});
	}
}
for (const name of ['lookup', 'resolve', 'resolve4', 'resolve6']) dns.promises[name] = () => attempt(`dns.promises.${name}`);
// yoga-layout (Ink's layout engine) loads its WebAssembly with fetch() on a data: URL. That is not
// a connection; anything else is.
const realFetch = globalThis.fetch;
globalThis.fetch = (input, init) => {
	const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input?.url;
	if (typeof url === 'string' && url.startsWith('data:')) return realFetch(input, init);
	return attempt(`fetch ${url}`);
};
globalThis.WebSocket = function () {
	attempt('WebSocket');
};
