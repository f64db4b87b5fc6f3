import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES } from '../../src/config.js';
import { LIMITS } from '../../src/http/hardening.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('opens with its two commands: npm start and npm test', () => {
    const firstBlock = readme.slice(readme.indexOf('```'), readme.indexOf('```', readme.indexOf('```') + 3));
    expect(firstBlock).toContain('npm ci && npm start');
    expect(firstBlock).toContain('npm ci && npm test');
  });

  it('documents exactly the variables the configuration schema reads', () => {
    const section = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('\n## ', readme.indexOf('## Configuration') + 5));
    const documented = [...section.matchAll(/^\| ((?:`[A-Z0-9_]+`(?:, )?)+) \|/gm)].flatMap((m) =>
      m[1]!.split(', ').map((v) => v.replaceAll('`', '')),
    );
    expect(documented.sort()).toEqual([...CONFIG_VARIABLES].sort());
  });

  it('states each limit the gateway enforces in the Hardening table', () => {
    const section = readme.slice(readme.indexOf('## Hardening'), readme.indexOf('\n## ', readme.indexOf('## Hardening') + 5));
    const values = [...section.matchAll(/^\|[^|\n]+\| (\d+)(?: (?:bytes|characters))?(?: \([^|]*\))? \|$/gm)].map((m) => Number(m[1]));
    expect(values.sort((a, b) => a - b)).toEqual(Object.values(LIMITS).sort((a, b) => a - b));
  });
});
