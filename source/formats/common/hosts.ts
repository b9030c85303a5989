/**
The host name used for requests that reach the user's own server when the input does not name it
(PMS `Request:` lines, a reverse proxy's access log without a vhost). The classifier treats it as the
first-party media server.
*/
export const OWN_SERVER = 'this-server';
