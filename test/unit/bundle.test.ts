import { readFileSync, readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, inject, it } from 'vitest';

describe('the production bundle', () => {
  it('holds none of the emulator: it is a chunk of its own, imported only in dev mode', () => {
    const entry = inject('bundle');
    const server = readFileSync(entry, 'utf8');
    for (const mark of ['__emulator', 'caller-tokens', 'class Emulator', 'demoUsers']) expect(server).not.toContain(mark);
    const chunks = readdirSync(`${dirname(entry)}/chunks`).filter((name) => name.endsWith('.js'));
    const emulatorChunk = chunks
      .map((name) => readFileSync(`${dirname(entry)}/chunks/${name}`, 'utf8'))
      .find((text) => text.includes('__emulator'));
    expect(emulatorChunk).toBeDefined();
    expect(server).toMatch(/import\("\.\/chunks\/dev-mode-[\w-]+\.js"\)/);
  });
});
