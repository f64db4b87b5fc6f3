import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

const TOO_LARGE = JSON.stringify({ errors: [{ message: 'Request body too large', extensions: { code: 'REQUEST_ENTITY_TOO_LARGE' } }] });

/**
 * Refuses a request body over its limit with 413 before GraphQL Yoga reads it: `limit` bytes, or
 * `anonymousLimit` for a request without an Authorization header (what it may run is small).
 *
 * A body with a Content-Length is judged by it alone: Node's parser has checked that it is a
 * single integer and never reads past it. A chunked body is read here, counting, and handed to
 * Yoga as a buffer (whatwg-node takes `request.body` when the server has read it). Yoga's own
 * maxRequestBodySize pipes every body through a web-stream pipeline whose set-up and abort (a
 * DOMException with its stack trace per request) cost about 5% of the gateway's CPU.
 */
export function withBoundedBody(handler: RequestListener, limits: { limit: number; anonymousLimit: number }): RequestListener {
  return (request, response) => {
    const limit = request.headers.authorization === undefined ? limits.anonymousLimit : limits.limit;
    const declared = request.headers['content-length'];
    if (declared !== undefined) {
      if (Number(declared) > limit) refuse(request, response);
      else handler(request, response);
      return;
    }
    if (request.headers['transfer-encoding'] === undefined) {
      handler(request, response);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) refuse(request, response);
      else chunks.push(chunk);
    };
    request.on('data', onData);
    request.once('end', () => {
      if (size > limit) return;
      (request as IncomingMessage & { body?: Buffer }).body = Buffer.concat(chunks, size);
      handler(request, response);
    });
  };
}

function refuse(request: IncomingMessage, response: ServerResponse): void {
  if (response.headersSent) return;
  // The rest of the body is not read; the connection is closed once the answer is out.
  request.removeAllListeners('data');
  response.writeHead(413, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
  response.end(TOO_LARGE);
}
