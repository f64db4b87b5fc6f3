import type { YogaInitialContext } from 'graphql-yoga';
import type { Authentication } from './auth/verify-jwt.js';
import type { Loaders } from './loaders/index.js';
import type { MethodsApi } from './upstream/methods-api.js';
import type { RequestAudit } from './audit/audit-trail.js';

/** What the gateway adds to each request's context: who calls, this request's loaders, the upstream API. */
export interface GatewayContext {
  auth: Authentication;
  loaders: Loaders;
  api: MethodsApi;
  selfService: boolean;
  totpIssuer: string;
  audit: RequestAudit;
}

export type Context = YogaInitialContext & GatewayContext;
