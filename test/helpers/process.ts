import type { Emulator } from '../../src/emulator/server.js';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startNodeArgs } from '../../scripts/start-command.js';
import { spawnProcess, type Spawned } from '../../scripts/processes.js';

export { waitForOutput } from '../../scripts/processes.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The gateway as a real process with its own environment: from source (tsx), through `npm start`
 * itself (build, then the bundle), or from a bundle already built (with npm start's node flags,
 * and any others a test adds, such as V8's tracing).
 * Only one test runs `npm start`: two at once would rebuild dist/ under each other.
 */
export function spawnGateway(
  env: Record<string, string>,
  how: 'source' | 'npm-start' | { bundle: string; nodeFlags?: string[] } = 'source',
): Spawned {
  const [command, args] =
    how === 'npm-start'
      ? ['npm', ['start', '--silent']]
      : how === 'source'
        ? [process.execPath, ['--import', 'tsx', 'src/server.ts']]
        : [process.execPath, [...startNodeArgs().filter((arg) => !arg.endsWith('.js')), ...(how.nodeFlags ?? []), how.bundle]];
  // Detached: a signal to its process group reaches the server behind `npm start` too.
  return spawnProcess(command, args, { env, cwd: ROOT, detached: true });
}

/** Signals the whole process group (npm and the node process it started). */
export function signal(child: ChildProcess, name: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, name);
  } catch {
    // already gone
  }
}

export function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    // Ended by a signal, a process has no exit code but a signal code; either way it is gone.
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

/** A gateway's environment in production mode, fronting `emulator` as its tenant, on any free port. */
export function productionEnv(emulator: Emulator, audience: string): Record<string, string> {
  return { NODE_ENV: 'production', PORT: '0', ...emulator.tenantVariables(audience) };
}
