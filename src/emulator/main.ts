/**
 * `npm run emulator`: the Management API emulator alone, for pointing a gateway (or anything else)
 * at it with AUTH0_BASE_URL.
 */
import { z } from 'zod';
import { Emulator, EMULATOR_DEFAULTS } from './server.js';

const env = z
  .object({
    EMULATOR_PORT: z.coerce.number().int().min(0).max(65535).default(4010),
    EMULATOR_HOST: z.string().min(1).default('127.0.0.1'),
    EMULATOR_DOMAIN: z.string().min(1).default(EMULATOR_DEFAULTS.domain),
    EMULATOR_RATE_LIMIT_BURST: z.coerce.number().int().min(1).default(EMULATOR_DEFAULTS.rateLimit.burst),
    EMULATOR_RATE_LIMIT_PER_SECOND: z.coerce.number().positive().default(EMULATOR_DEFAULTS.rateLimit.perSecond),
    EMULATOR_LATENCY_MS: z.coerce.number().int().min(0).default(0),
    EMULATOR_CLOCK_SKEW_SECONDS: z.coerce.number().int().default(0),
    EMULATOR_TOKEN_LIFETIME_SECONDS: z.coerce.number().int().min(1).default(EMULATOR_DEFAULTS.tokenLifetimeSeconds),
    /** Fault rates as JSON, e.g. {"status-5xx":0.05,"drop-after":0.02,"hang":0.01,"rate-limit":0.02,"drop-before":0.02}. */
    EMULATOR_FAULTS: z
      .string()
      .transform((text, ctx) => {
        try {
          return z
            .partialRecord(z.enum(['status-5xx', 'rate-limit', 'hang', 'drop-before', 'drop-after', 'bad-body']), z.number().min(0).max(1))
            .parse(JSON.parse(text));
        } catch {
          ctx.addIssue({ code: 'custom', message: 'must be a JSON object of fault rates between 0 and 1' });
          return z.NEVER;
        }
      })
      .optional(),
  })
  .safeParse(process.env);

if (!env.success) {
  const issue = env.error.issues[0]!;
  console.error(`${String(issue.path[0])}: ${issue.message}`);
  process.exit(1);
}

const emulator = await Emulator.start({
  host: env.data.EMULATOR_HOST,
  port: env.data.EMULATOR_PORT,
  domain: env.data.EMULATOR_DOMAIN,
  rateLimit: { burst: env.data.EMULATOR_RATE_LIMIT_BURST, perSecond: env.data.EMULATOR_RATE_LIMIT_PER_SECOND },
  latencyMs: env.data.EMULATOR_LATENCY_MS,
  clockSkewSeconds: env.data.EMULATOR_CLOCK_SKEW_SECONDS,
  tokenLifetimeSeconds: env.data.EMULATOR_TOKEN_LIFETIME_SECONDS,
});

if (env.data.EMULATOR_FAULTS) emulator.faults.configure({ rates: env.data.EMULATOR_FAULTS });

console.log(`Management API emulator listening on ${emulator.url}`);
console.log(
  `  tenant domain ${emulator.options.domain}; client id ${emulator.options.clientId} (secret: the emulator default, see README)`,
);
console.log(`  point a gateway at it with AUTH0_DOMAIN=${emulator.options.domain} AUTH0_BASE_URL=${emulator.url}`);

const stop = () => void emulator.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
