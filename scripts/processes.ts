import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { readFileSync } from 'node:fs';

const CLOCK_TICKS_PER_SECOND = 100;

/** A child process whose stdout and stderr are read as it runs (a full pipe would block it). */
export type Spawned = ChildProcessByStdio<null, Readable, Readable> & {
  /** Everything it printed so far, both streams, until `forgetOutput()`. */
  output(): string;
  /** Keeps draining its pipes but stops keeping what they say (long runs print a lot). */
  forgetOutput(): void;
};

export interface SpawnOptions {
  env: Record<string, string>;
  cwd?: string;
  /** Its own process group, so that a signal to the group reaches what it starts in turn. */
  detached?: boolean;
}

export function spawnProcess(command: string, args: string[], { env, cwd, detached = false }: SpawnOptions): Spawned {
  const child = spawn(command, args, {
    cwd,
    detached,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output: string | null = '';
  const keep = (chunk: Buffer) => {
    if (output !== null) output += chunk.toString();
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  return Object.assign(child, {
    output: () => output ?? '',
    forgetOutput: () => {
      output = null;
    },
  });
}

/** Resolves with the match once `pattern` appears in the output; rejects if the process exits or time runs out first. */
export function waitForOutput(child: Spawned, pattern: RegExp, timeoutMs = 20_000): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = child.output().match(pattern);
      if (!match) return;
      done();
      resolve(match);
    };
    const exited = () => {
      done();
      reject(new Error(`${child.spawnfile} exited (${child.exitCode ?? child.signalCode}) before printing ${pattern}:\n${child.output()}`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`timed out waiting for ${pattern}:\n${child.output()}`));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      child.stdout.off('data', check);
      child.stderr.off('data', check);
      child.off('exit', exited);
    };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    child.once('exit', exited);
    if (child.exitCode !== null || child.signalCode !== null) exited();
    else check();
  });
}

/** Starts a process and resolves once its output matches `ready`; from then on its output is drained, not kept. */
export async function start(
  command: string,
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
): Promise<{ child: Spawned; match: RegExpMatchArray }> {
  const child = spawnProcess(command, args, { env });
  const match = await waitForOutput(child, ready, 60_000);
  child.forgetOutput();
  return { child, match };
}

/** User + system CPU time of a process so far, in microseconds (from /proc; Linux only). */
export function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND) * 1e6;
}

/** Peak resident set size of a process so far, in MB. */
export function peakRssMb(pid: number): number {
  return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
}

/** Resident set size of a process now, in MB. */
export function rssMb(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
}

/** Runs `work` while sampling a process's RSS every 50 ms; resolves with its result and the largest sample. */
export async function withRssSampling<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; maxRssMb: number }> {
  let maxRssMb = rssMb(pid);
  const timer = setInterval(() => {
    maxRssMb = Math.max(maxRssMb, rssMb(pid));
  }, 50);
  try {
    return { result: await work(), maxRssMb };
  } finally {
    clearInterval(timer);
  }
}
