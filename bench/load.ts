import { Pool } from 'undici';

export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * A closed-loop load generator: `concurrency` workers, each sending the next request as soon as
 * the previous one is answered, for `seconds`. Latency is timed with performance.now(), so sub-
 * millisecond differences (the gateway's added latency at concurrency 1) are visible.
 * `requests` are used round-robin; `ok` decides whether an answer counts as an error.
 */
export async function runLoad(
  origin: string,
  requests: LoadRequest[],
  options: { concurrency: number; seconds: number; ok?: (status: number, body: string) => boolean },
): Promise<LoadResult> {
  const pool = new Pool(origin, { connections: options.concurrency });
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  const stopAt = started + options.seconds * 1000;
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (performance.now() < stopAt) {
        const request = requests[next++ % requests.length]!;
        const sent = performance.now();
        try {
          const response = await pool.request({ ...request, body: request.body ?? null });
          const text = await response.body.text();
          if (options.ok ? !options.ok(response.statusCode, text) : response.statusCode >= 400) errors += 1;
        } catch {
          errors += 1;
        }
        latencies.push(performance.now() - sent);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { requests: latencies.length, errors, seconds, rps: latencies.length / seconds, p50Ms: at(0.5), p99Ms: at(0.99) };
}
