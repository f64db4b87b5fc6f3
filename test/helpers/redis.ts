import { createServer } from 'node:net';
import { exitOf } from './process.js';
import { spawnProcess, waitForOutput, type Spawned } from '../../scripts/processes.js';

/** A free loopback port, found by letting the kernel pick one. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A redis-server of a test's own, on a loopback port, without persistence: the test can stop it
 * and start it again on the same port (an outage, a restart that lost every key).
 */
export class TestRedis {
  private process: Spawned | null = null;

  private constructor(readonly port: number) {}

  static async start(): Promise<TestRedis> {
    const redis = new TestRedis(await freePort());
    await redis.restart();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async restart(): Promise<void> {
    this.process = spawnProcess('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      env: {},
    });
    await waitForOutput(this.process, /Ready to accept connections/, 10_000);
  }

  async stop(): Promise<void> {
    if (!this.process) return;
    this.process.kill('SIGKILL');
    await exitOf(this.process);
    this.process = null;
  }
}
