import { readFileSync } from 'node:fs';

/**
 * The arguments `npm start` gives node after building (its V8 heap flags included), read from
 * package.json, so that the benchmark and the chaos run measure the process operators run.
 */
export function startNodeArgs(): string[] {
  const start = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const [command, ...args] = start.split('&&').pop()!.trim().split(/\s+/);
  if (command !== 'node') throw new Error(`npm start does not end with a node command: ${start}`);
  return args;
}
