import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { buildBundle } from '../../scripts/start-command.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The production bundle, built once for the run (`inject('bundle')`), apart from dist/server.js. */
    bundle: string;
  }
}

/** Builds the production bundle once per test run (and project), for every test that starts it. */
export default function setup(project: TestProject): void {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  // One folder per project (each runs its own setup), from clean: chunks of earlier builds
  // (hashed names) would otherwise pile up.
  const folder = `dist/test-${project.name}`;
  rmSync(`${root}/${folder}`, { recursive: true, force: true });
  project.provide('bundle', buildBundle(root, folder));
}
