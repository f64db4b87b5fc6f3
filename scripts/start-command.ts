import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The arguments `npm start` gives node after building (its V8 heap flags included), read from
 * package.json, so that the benchmark and the chaos run measure the process operators run.
 */
export function startNodeArgs(): string[] {
  const start = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } }).scripts
    .start;
  // `exec`: the shell npm runs the script in becomes node, so the signals npm passes on reach it.
  const [command, ...args] = start
    .split('&&')
    .pop()!
    .trim()
    .replace(/^exec\s+/, '')
    .split(/\s+/);
  if (command !== 'node') throw new Error(`npm start does not end with a node command: ${start}`);
  return args;
}

/**
 * Builds a checkout's production bundle as `npm run build` does, into `outdir` (relative to the
 * checkout, so that its node_modules resolve), and returns the path of its entry, `server.js`.
 */
export function buildBundle(gatewayDir: string, outdir = 'dist'): string {
  const build = (JSON.parse(readFileSync(`${gatewayDir}/package.json`, 'utf8')) as { scripts: { build: string } }).scripts.build;
  const args = build
    .split(/\s+/)
    .slice(1)
    .map((arg) =>
      arg.startsWith('--outfile=') ? `--outfile=${outdir}/server.js` : arg.startsWith('--outdir=') ? `--outdir=${outdir}` : arg,
    );
  execFileSync(`${gatewayDir}/node_modules/.bin/esbuild`, args, { cwd: gatewayDir, stdio: 'inherit' });
  return resolve(gatewayDir, outdir, 'server.js');
}
