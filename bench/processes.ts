import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

const CLOCK_TICKS_PER_SECOND = 100;

/** Starts a process and resolves once its output matches `ready` (the match is returned). */
export function start(
  command: string,
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  const child = spawn(command, args, { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output: string | null = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      // Keeps reading (a full pipe would block the child) but stops keeping once ready.
      if (output === null) return;
      output += chunk.toString();
      const match = output.match(ready);
      if (match) {
        output = null;
        resolve({ child, match });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output}`)));
  });
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
