import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startNodeArgs } from '../../scripts/start-command.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The gateway as a real process with its own environment: from source (tsx), through `npm start`
 * itself (build, then the bundle), or from a bundle already built (with npm start's node flags).
 * Only one test runs `npm start`: two at once would rebuild dist/ under each other.
 */
export function spawnGateway(
  env: Record<string, string>,
  how: 'source' | 'npm-start' | { bundle: string } = 'source',
): ChildProcess & { output: () => string } {
  const [command, args] =
    how === 'npm-start'
      ? ['npm', ['start', '--silent']]
      : how === 'source'
        ? [process.execPath, ['--import', 'tsx', 'src/server.ts']]
        : [process.execPath, [...startNodeArgs().filter((arg) => !arg.endsWith('.js')), how.bundle]];
  const child = spawn(command, args, {
    cwd: ROOT,
    // Its own process group, so that a signal reaches the server behind `npm start` too.
    detached: true,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return Object.assign(child, { output: () => output });
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

/** Resolves with the output once `pattern` appears in it. */
export async function waitForOutput(
  child: ChildProcess & { output: () => string },
  pattern: RegExp,
  timeoutMs = 20_000,
): Promise<RegExpMatchArray> {
  const started = Date.now();
  for (;;) {
    const match = child.output().match(pattern);
    if (match) return match;
    if (child.exitCode !== null) throw new Error(`process exited (${child.exitCode}):\n${child.output()}`);
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${pattern}:\n${child.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
