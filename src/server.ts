import { ConfigError, loadConfig, type Config } from './config.js';
import { createLogger } from './log.js';
import { createGateway } from './app.js';
import { close, listen } from './http/listen.js';
import { startTracing } from './observability/tracing.js';

/** Entry point: configuration, dev mode, listen, and a draining shutdown on SIGTERM/SIGINT. */

const DEV_MODE_BANNER = box([
  'DEV MODE: no AUTH0_* variable is set, so this gateway fronts an EMBEDDED EMULATOR,',
  'not an Auth0 tenant, and GraphiQL carries an ALL-PERMISSION token.',
  'Never expose it. In production set AUTH0_DOMAIN and its credentials.',
]);

function box(lines: string[]): string {
  const width = Math.max(...lines.map((line) => line.length));
  const rule = '*'.repeat(width + 6);
  return ['', rule, ...lines.map((line) => `*  ${line.padEnd(width)}  *`), rule, '', ''].join('\n');
}

let config: Config;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`Configuration error: ${error.message}\n`);
  process.exit(1);
}

const stopTracing = await startTracing(config.tracing);

const devMode = config.tenant === null;
const log = createLogger({ level: config.logLevel, pretty: devMode && process.stdout.isTTY });
// Loaded only in dev mode: the emulator (and its token-minting admin API) is not in the production
// bundle, only in a chunk of its own that production never imports.
const dev = devMode ? await (await import('./dev-mode.js')).startDevTenant() : null;
const tenant = config.tenant ?? dev!.tenant;
const gateway = createGateway({ config, tenant, log, ...(dev ? { devToken: dev.devToken } : {}) });

await gateway.ready();
const { server, url } = await listen(gateway.handler, config.port, config.host);

if (dev) {
  process.stderr.write(DEV_MODE_BANNER);
  log.warn(
    { emulator: dev.emulator.url },
    'DEV MODE: fronting the embedded emulator, not a tenant; GraphiQL carries an all-permission token',
  );
  console.log(`MFA methods gateway (dev mode, embedded Management API emulator at ${dev.emulator.url})`);
  console.log(`GraphiQL: ${url}/graphql`);
  console.log(`Dev admin token (all permissions, valid 12 h; GraphiQL has it pre-filled):`);
  console.log(`Authorization: Bearer ${dev.devToken}`);
} else {
  console.log(`MFA methods gateway for ${tenant.domain}`);
  console.log(`GraphQL: ${url}/graphql`);
}
log.info({ url, devMode, tracing: config.tracing ? config.tracing.protocol : 'off' }, 'gateway listening');

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  // Every request in flight has its answer within this (no upstream attempt starts late), with a
  // second more for writing it out; the connections still open after it are closed.
  const graceMs = gateway.drain() + 1_000;
  log.info({ signal, graceMs }, 'shutting down: no new connections, finishing requests in flight');
  const force = setTimeout(() => {
    log.warn('requests still in flight after the grace period; closing them');
    server.closeAllConnections();
  }, graceMs);
  force.unref();
  await Promise.all([close(server), gateway.close()]);
  // The last spans are sent before the process goes.
  await stopTracing?.().catch(() => {});
  await dev?.emulator.close();
  process.exit(0);
}
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));
