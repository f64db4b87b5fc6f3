import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { spawnProcess, waitForOutput, type Spawned } from './processes.js';

const run = promisify(execFile);

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

  private constructor(
    readonly port: number,
    private readonly args: string[],
  ) {}

  /** `args`: more of redis-server's settings, e.g. `['--maxmemory-policy', 'allkeys-lru']`. */
  static async start(args: string[] = []): Promise<RedisProcess> {
    const redis = new RedisProcess(await freePort(), args);
    await redis.restart();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async restart(): Promise<void> {
    this.process = spawnProcess(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...this.args],
      { env: {} },
    );
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

/**
 * A Redis Cluster of `masters` redis-server processes on loopback ports (no replicas), its slots
 * spread by redis-cli, as a managed cluster-mode Redis would be. `url` is one node's, as an
 * operator would set REDIS_URL.
 */
export class RedisCluster {
  private constructor(
    readonly nodes: RedisProcess[],
    private readonly dir: string,
  ) {}

  static async start(masters = 3): Promise<RedisCluster> {
    const dir = mkdtempSync(join(tmpdir(), 'mfa-redis-cluster-'));
    const nodes = await Promise.all(
      Array.from({ length: masters }, async (_, i) =>
        RedisProcess.start([
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          join(dir, `nodes-${i}.conf`),
          '--cluster-node-timeout',
          '1000',
          '--dir',
          dir,
        ]),
      ),
    );
    const cluster = new RedisCluster(nodes, dir);
    await run('redis-cli', [
      '--cluster',
      'create',
      ...nodes.map((node) => `127.0.0.1:${node.port}`),
      '--cluster-replicas',
      '0',
      '--cluster-yes',
    ]);
    await cluster.whole();
    return cluster;
  }

  /** Starts node `index` again (it rejoins with its slots, empty) and waits until the cluster serves every slot again. */
  async restartNode(index: number): Promise<void> {
    await this.nodes[index]!.restart();
    await this.whole();
  }

  /** Resolves once every node says the cluster serves all its slots. */
  private async whole(): Promise<void> {
    for (const node of this.nodes) {
      for (
        let tries = 0;
        !(await run('redis-cli', ['-p', String(node.port), 'cluster', 'info'])).stdout.includes('cluster_state:ok');
        tries += 1
      ) {
        if (tries > 200) throw new Error('the cluster did not come up');
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  get url(): string {
    return this.nodes[0]!.url;
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((node) => node.stop()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
