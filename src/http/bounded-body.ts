import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

const TOO_LARGE = JSON.stringify({ errors: [{ message: 'Request body too large', extensions: { code: 'REQUEST_ENTITY_TOO_LARGE' } }] });

export interface BodyLimits {
  /** Bytes without an Authorization header: what an anonymous caller may run is small. */
  anonymousLimit: number;
  /** Bytes with an Authorization header, before it is known to be valid. */
  limit: number;
  /** Bytes for a caller whose token is valid (a bulk job's 10,000 user ids are about 400 kB). */
  verifiedLimit: number;
  /** Whether an Authorization header carries a valid caller token. */
  verify(authorization: string): Promise<boolean>;
}

/**
 * Refuses a request body over its limit with 413 before GraphQL Yoga reads it. The limit depends
 * on who sends it (see BodyLimits); the token is checked here, before the body is read, only for a
 * body larger than an unverified caller may send, so junk with a made-up header never costs more
 * than `limit` bytes.
 *
 * A body with a Content-Length is judged by it alone: Node's parser has checked that it is a
 * single integer and never reads past it. A chunked body is read here, counting, and handed to
 * Yoga as a buffer (whatwg-node takes `request.body` when the server has read it). Yoga's own
 * maxRequestBodySize pipes every body through a web-stream pipeline whose set-up and abort (a
 * DOMException with its stack trace per request) cost about 5% of the gateway's CPU.
 */
export function withBoundedBody(handler: RequestListener, limits: BodyLimits): RequestListener {
  /** The limit of a caller with an Authorization header, once its token is checked. */
  const checkedLimit = async (authorization: string) =>
    (await limits.verify(authorization).catch(() => false)) ? limits.verifiedLimit : limits.limit;
  return (request, response) => {
    const { authorization } = request.headers;
    const declared = request.headers['content-length'];
    if (declared !== undefined) {
      const length = Number(declared);
      if (length <= (authorization === undefined ? limits.anonymousLimit : limits.limit)) handler(request, response);
      else if (authorization === undefined || length > limits.verifiedLimit) refuse(request, response);
      else void checkedLimit(authorization).then((limit) => (length > limit ? refuse(request, response) : handler(request, response)));
      return;
    }
    if (request.headers['transfer-encoding'] === undefined) {
      handler(request, response);
      return;
    }
    // A chunked body's size is known only once read: a caller with a token is checked first, so the
    // count can stop at the limit that caller has.
    void (authorization === undefined ? Promise.resolve(limits.anonymousLimit) : checkedLimit(authorization)).then((limit) =>
      readChunked(request, response, handler, limit),
    );
  };
}

function readChunked(request: IncomingMessage, response: ServerResponse, handler: RequestListener, limit: number): void {
  const chunks: Buffer[] = [];
  let size = 0;
  request.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > limit) refuse(request, response);
    else chunks.push(chunk);
  });
  request.once('end', () => {
    if (size > limit) return;
    (request as IncomingMessage & { body?: Buffer }).body = Buffer.concat(chunks, size);
    handler(request, response);
  });
}

function refuse(request: IncomingMessage, response: ServerResponse): void {
  if (response.headersSent) return;
  // The rest of the body is not read; the connection is closed once the answer is out.
  request.removeAllListeners('data');
  response.writeHead(413, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
  response.end(TOO_LARGE);
}
