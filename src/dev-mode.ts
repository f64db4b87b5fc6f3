import type { TenantConfig } from './config.js';
import { PERMISSIONS } from './auth/caller.js';
import { Emulator } from './emulator/server.js';

/** The audience dev callers' tokens carry; any fixed string works, this one says what it is. */
export const DEV_GATEWAY_AUDIENCE = 'https://mfa-gateway.dev/api';
export const DEV_ADMIN_SUB = 'auth0|dev-admin';
const DEV_TOKEN_LIFETIME_SECONDS = 12 * 3600;

/**
 * Dev mode (no AUTH0_DOMAIN): an embedded emulator stands in for the tenant, and the gateway is
 * configured against it exactly as it would be against Auth0, so nothing in the gateway knows.
 */
export async function startDevTenant(): Promise<{ emulator: Emulator; tenant: TenantConfig; devToken: string }> {
  // Loopback only, whatever HOST says: its admin API mints tokens that this gateway accepts.
  const emulator = await Emulator.start({ host: '127.0.0.1' });
  const tenant: TenantConfig = {
    domain: emulator.options.domain,
    clientId: emulator.options.clientId,
    clientSecret: emulator.options.clientSecret,
    baseUrl: emulator.url,
    managementAudience: emulator.managementAudience,
    gatewayAudience: DEV_GATEWAY_AUDIENCE,
    gatewayIssuer: emulator.issuer,
    jwksUrl: `${emulator.url}/.well-known/jwks.json`,
  };
  const devToken = await emulator.mintCallerToken({
    sub: DEV_ADMIN_SUB,
    audience: DEV_GATEWAY_AUDIENCE,
    permissions: Object.values(PERMISSIONS),
    expiresInSeconds: DEV_TOKEN_LIFETIME_SECONDS,
  });
  return { emulator, tenant, devToken };
}
