import type { Logger } from '../log.js';
import type { UpstreamObserver } from '../upstream/client.js';
import type { GrantReports } from '../upstream/token.js';
import type { Metrics } from './metrics.js';

/** The upstream client's reports, as /metrics series. */
export function upstreamReports(metrics: Metrics): UpstreamObserver {
  return {
    call: (route, status, seconds) => {
      metrics.upstreamRequests.inc({ route, status: String(status) });
      metrics.upstreamSeconds.observe({ route }, seconds);
    },
    retry: () => metrics.retries.inc(),
    rateLimitWait: () => metrics.rateLimitWaits.inc(),
  };
}

/** Token grants, counted by outcome and logged (with the cause of a failure, never a secret). */
export function grantReports(metrics: Metrics, log: Logger): GrantReports {
  return {
    granted: (grant) => {
      metrics.tokenGrants.inc({ outcome: 'ok' });
      log.info({ expiresInSeconds: grant.expiresInSeconds }, 'Management API token granted');
    },
    failed: (error) => {
      metrics.tokenGrants.inc({ outcome: error.reason });
      log.error({ reason: error.detail }, 'Management API token grant failed');
    },
  };
}
