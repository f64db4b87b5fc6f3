import { describe, expect, inject, it } from 'vitest';
import { ATTACK_COUNT, runAbuse } from '../../scripts/abuse.js';

/**
 * The attacks of `npm run abuse`, short, against the production bundle in production mode: each
 * must leave the gateway up, under 200 MB of RSS (read from /proc), and a well-behaved client
 * running alongside answered without a single error.
 */
describe('under attack', () => {
  it('stays up, bounded, and serving a well-behaved caller', { timeout: 120_000 }, async () => {
    const lines: string[] = [];
    const bundle = inject('bundle');
    const reports = await runAbuse({ seconds: 1.5, bundle, log: (line) => lines.push(line) });
    expect(reports, lines.join('\n')).toHaveLength(ATTACK_COUNT);
    for (const report of reports) {
      expect(report, lines.join('\n')).toMatchObject({ up: true, passed: true });
      expect(report.peakRssMb).toBeLessThan(200);
      expect(report.wellBehaved.failed).toBe(0);
    }
  });
});
