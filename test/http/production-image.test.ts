import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Emulator } from '../../src/emulator/server.js';
import { spawnProcess, waitForOutput } from '../../scripts/processes.js';
import { startNodeArgs } from '../../scripts/start-command.js';
import { exitOf, productionEnv } from '../helpers/process.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
/** The image's last stage: what runs in production. */
const runtimeStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
const command = JSON.parse(/^CMD (\[.*\])$/m.exec(runtimeStage)![1]!) as string[];
const install = /^RUN (npm ci [^&\n]*?)\s*(&&|$)/m.exec(runtimeStage)![1]!.split(/\s+/);

let app: string;
let emulator: Emulator;
beforeAll(async () => {
  // What the image holds, in a clean folder: package.json, the lock file, production
  // dependencies installed as the Dockerfile installs them, and the bundle.
  app = mkdtempSync(join(tmpdir(), 'mfa-image-'));
  cpSync(join(ROOT, 'package.json'), join(app, 'package.json'));
  cpSync(join(ROOT, 'package-lock.json'), join(app, 'package-lock.json'));
  execFileSync(install[0]!, install.slice(1), { cwd: app, stdio: 'ignore' });
  cpSync(dirname(inject('bundle')), join(app, 'dist'), { recursive: true });
  emulator = await Emulator.start({ host: '127.0.0.1' });
}, 180_000);
afterAll(async () => {
  await emulator.close();
  rmSync(app, { recursive: true, force: true });
});

describe('the production image (reproduced in a folder)', () => {
  it('runs node directly with the flags of npm start, as a non-root user, in production mode', () => {
    expect(command[0]).toBe('node');
    expect(command.slice(1)).toEqual(startNodeArgs());
    expect(runtimeStage).toMatch(/^USER node$/m);
    expect(runtimeStage).toMatch(/NODE_ENV=production/);
    expect(runtimeStage).toMatch(/^HEALTHCHECK [\s\S]*?\/healthz/m);
    expect(install).toContain('--omit=dev');
  });

  it('holds no dev tooling and no sources', () => {
    for (const dev of ['vitest', 'esbuild', 'typescript', 'tsx', '@apollo/server', 'playwright-core', 'eslint']) {
      expect(existsSync(join(app, 'node_modules', dev)), dev).toBe(false);
    }
    expect(existsSync(join(app, 'src'))).toBe(false);
    const megabytes = Number(execFileSync('du', ['-sm', app]).toString().split(/\s/)[0]);
    console.log(`the image's application folder: ${megabytes} MB (node_modules and the bundle)`);
  });

  it('starts against a tenant, answers a query, and drains on SIGTERM', async () => {
    const started = performance.now();
    const child = spawnProcess(process.execPath, command.slice(1), {
      cwd: app,
      env: { ...productionEnv(emulator, 'https://image.test/api'), HOST: '127.0.0.1', LOG_LEVEL: 'info' },
    });
    try {
      const [, url] = await waitForOutput(child, /GraphQL: (http:\/\/127\.0\.0\.1:\d+\/graphql)/);
      console.log(`listening ${Math.round(performance.now() - started)} ms after the process was started`);
      const token = await emulator.mintCallerToken({
        sub: 'auth0|ops',
        audience: 'https://image.test/api',
        permissions: ['read:authentication_methods'],
      });
      const query = (userId: string) =>
        fetch(url!, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: `{ authenticationMethods(userId: "${userId}") { id } }` }),
        });
      expect(await (await query('auth0|bob')).json()).toEqual({ data: { authenticationMethods: [{ id: 'email|dev_BobEmail00000001' }] } });

      // A slow request in flight when SIGTERM comes is answered before the process exits 0.
      await fetch(`${emulator.url}/__emulator/settings`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ latencyMs: 800 }),
      });
      const slow = query('auth0|bob');
      await new Promise((r) => setTimeout(r, 200));
      child.kill('SIGTERM');
      expect((await slow).status).toBe(200);
      expect(await exitOf(child)).toBe(0);
      expect(child.output()).toMatch(/"msg":"shutting down: no new connections/);
    } finally {
      await fetch(`${emulator.url}/__emulator/settings`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ latencyMs: 0 }),
      });
      child.kill('SIGKILL');
    }
  });
});
