import { createServer } from 'node:net';
import { spawnProcess, waitForOutput, type Spawned } from './processes.js';

/** A free loopback port, found by letting the kernel pick one. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A redis-server of a test's (or the scale run's) own, on a loopback port, without persistence: it
 * can be stopped and started again on the same port (an outage, a restart that lost every key).
 */
export class RedisProcess {
  private process: Spawned | null = null;

  private constructor(readonly port: number) {}

  static async start(): Promise<RedisProcess> {
    const redis = new RedisProcess(await freePort());
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

  /** Freezes it (SIGSTOP): connections stay open but nothing answers, as with a Redis that hangs. */
  freeze(): void {
    this.process?.kill('SIGSTOP');
  }

  thaw(): void {
    this.process?.kill('SIGCONT');
  }

  async stop(): Promise<void> {
    if (!this.process) return;
    const stopped = this.process;
    this.process = null;
    stopped.kill('SIGCONT');
    if (stopped.exitCode !== null || stopped.signalCode !== null) return;
    await new Promise((resolve) => {
      stopped.once('exit', resolve);
      stopped.kill('SIGKILL');
    });
  }
}
