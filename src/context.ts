import type { YogaInitialContext } from 'graphql-yoga';
import type { Authentication } from './auth/verify-jwt.js';
import type { Loaders } from './loaders/index.js';
import type { MethodsApi } from './upstream/methods-api.js';
import type { RequestAudit } from './audit/audit-trail.js';
import type { MfaResetJobs } from './jobs/mfa-reset-jobs.js';

/**
 * What the door stages put on Yoga's per-request server context as the request passes them, for
 * the stages after them and the context factory to read: the request's ids (use-request-log.ts)
 * and who calls (use-caller-at-the-door.ts, once the GraphQL parameters are read).
 */
export interface RequestScope {
  requestId?: string;
  correlationId?: string | undefined;
  auth?: Authentication;
}

/** What the gateway adds to each request's context: who calls, this request's loaders, the upstream API. */
export interface GatewayContext {
  auth: Authentication;
  loaders: Loaders;
  api: MethodsApi;
  selfService: boolean;
  totpIssuer: string;
  audit: RequestAudit;
  jobs: MfaResetJobs;
}

export type Context = YogaInitialContext & GatewayContext;
