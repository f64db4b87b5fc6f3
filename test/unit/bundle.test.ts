import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildBundle } from '../../scripts/start-command.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('the production bundle', () => {
  it('holds none of the emulator: it is a chunk of its own, imported only in dev mode', { timeout: 30_000 }, () => {
    const entry = buildBundle(ROOT, 'dist/bundle-test');
    const server = readFileSync(entry, 'utf8');
    for (const mark of ['__emulator', 'caller-tokens', 'class Emulator', 'demoUsers']) expect(server).not.toContain(mark);
    const chunks = readdirSync(`${ROOT}/dist/bundle-test/chunks`).filter((name) => name.endsWith('.js'));
    const emulatorChunk = chunks
      .map((name) => readFileSync(`${ROOT}/dist/bundle-test/chunks/${name}`, 'utf8'))
      .find((text) => text.includes('__emulator'));
    expect(emulatorChunk).toBeDefined();
    expect(server).toMatch(/import\("\.\/chunks\/dev-mode-[\w-]+\.js"\)/);
  });
});
