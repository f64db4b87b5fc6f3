/**
 * `npm run supergraph`: the whole composed graph on loopback, on the embedded emulator:
 * the MFA gateway (dev mode), the sample users subgraph and a Hive Gateway router in front.
 */
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { createGateway } from '../../src/app.js';
import { startDevTenant } from '../../src/dev-mode.js';
import { listen } from '../../src/http/listen.js';
import { startSupergraph } from './start.js';

const config = loadConfig({ ...process.env, AUTH0_DOMAIN: undefined });
const log = createLogger({ level: config.logLevel, pretty: false });
const dev = await startDevTenant();
const gateway = createGateway({ config, tenant: dev.tenant, log, devToken: dev.devToken });
const mfa = await listen(gateway.handler, 4001, '127.0.0.1');
const supergraph = await startSupergraph(`${mfa.url}/graphql`, { users: 4002, router: Number(process.env.PORT ?? 4000) });

console.log(`Router (GraphiQL): ${supergraph.routerUrl}`);
console.log(`  subgraphs: users ${supergraph.usersUrl}, mfa ${mfa.url}/graphql (emulator ${dev.emulator.url})`);
console.log(`Authorization: Bearer ${dev.devToken}`);
console.log(`Try: { user(id: "auth0|alice") { email authenticationMethods { __typename id name } } }`);

const stop = async () => {
  await supergraph.close();
  mfa.server.closeAllConnections();
  mfa.server.close();
  await dev.emulator.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
