/**
 * How the server door meets clients that send too much, too slowly or not HTTP at all: a refused
 * body is read and dropped so its answer arrives, and errors before a request exists are answered
 * with the JSON envelope every other answer has.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

/** More than this beyond the limit, or this long after the refusal, and the connection is dropped. */
const DISCARD_BYTES = 64 * 1024 * 1024;
const DISCARD_MS = 5_000;

/**
 * After a 413, reads and throws away what the client is still sending (buffering none of it), so
 * the refusal reaches it and the connection stays usable: closing a connection with unread data
 * makes TCP reset it, and a client still sending then loses the answer. Past a bound in bytes or
 * time the connection is dropped.
 */
export function discardRest(req: IncomingMessage): void {
  let extra = 0;
  req.removeAllListeners('data');
  const timer = setTimeout(() => req.socket.destroy(), DISCARD_MS).unref();
  req.on('data', (chunk: Buffer) => {
    extra += chunk.length;
    if (extra > DISCARD_BYTES) req.socket.destroy();
  });
  req.once('end', () => clearTimeout(timer));
  req.once('close', () => clearTimeout(timer));
  req.resume();
}

/** Errors node:http answers before a request exists, with the envelope every other answer has. */
const CLIENT_ERRORS: Readonly<Record<string, readonly [number, string, string]>> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'The request headers are too large: they may total at most 64 KB (onerway-sim server).'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'The request was not received in time: the simulator closed the connection (onerway-sim server).'],
  ERR_HTTP_HEADERS_TIMEOUT: [408, 'Request Timeout', 'The request headers were not received in time: the simulator closed the connection (onerway-sim server).'],
};

export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable || (error.code === 'ECONNRESET' && !socket.readable)) {
    socket.destroy();
    return;
  }
  const [status, reason, message] = CLIENT_ERRORS[error.code ?? ''] ?? [400, 'Bad Request', `The request could not be read as HTTP: ${error.message} (onerway-sim server).`];
  const body = JSON.stringify({ error: { type: 'invalid_request_error', message } });
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

