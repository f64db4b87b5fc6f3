/**
 * What a team would write by hand instead of this gateway: Apollo Server with a RESTDataSource
 * (@apollo/datasource-rest) doing the same read, with the same checks: the caller's JWT verified
 * against the tenant's JWKS (issuer, audience, permission), a Management API token from the
 * client-credentials grant (kept until it expires), the same upstream GET.
 * TARGET=<tenant origin> ISSUER AUDIENCE CLIENT_ID CLIENT_SECRET [CACHE_TTL_SECONDS: the data
 * source's own cache, off when unset]; prints `listening <url>`.
 */
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { RESTDataSource, type AugmentedRequest } from '@apollo/datasource-rest';
import { GraphQLError } from 'graphql';
import { createRemoteJWKSet, jwtVerify } from 'jose';

const target = process.env.TARGET!;
const cacheTtl = process.env.CACHE_TTL_SECONDS ? Number(process.env.CACHE_TTL_SECONDS) : undefined;
const jwks = createRemoteJWKSet(new URL(`${target}/.well-known/jwks.json`));

let token: { value: string; expiresAt: number } | null = null;
async function managementToken(): Promise<string> {
  if (token && Date.now() < token.expiresAt - 60_000) return token.value;
  const response = await fetch(`${target}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: process.env.CLIENT_ID,
      client_secret: process.env.CLIENT_SECRET,
      audience: `${process.env.ISSUER}api/v2/`,
    }),
  });
  const grant = (await response.json()) as { access_token: string; expires_in: number };
  token = { value: grant.access_token, expiresAt: Date.now() + grant.expires_in * 1000 };
  return token.value;
}

interface Upstream {
  id: string;
  type: string;
  name?: string;
  created_at?: string;
  phone_number?: string;
}

class ManagementApi extends RESTDataSource {
  override baseURL = `${target}/api/v2/`;

  protected override async willSendRequest(_path: string, request: AugmentedRequest): Promise<void> {
    request.headers.authorization = `Bearer ${await managementToken()}`;
  }

  async methods(userId: string): Promise<Upstream[]> {
    const answer = await this.get<{ authenticators: Upstream[] }>(`users/${encodeURIComponent(userId)}/authentication-methods`, {
      params: { include_totals: 'true', per_page: '100', page: '0' },
      ...(cacheTtl ? { cacheOptions: { ttl: cacheTtl } } : {}),
    });
    return answer.authenticators;
  }
}

const TYPES: Record<string, string> = { phone: 'PhoneMethod', email: 'EmailMethod', totp: 'TotpMethod' };

const server = new ApolloServer<{ api: ManagementApi; permissions: string[] }>({
  typeDefs: `#graphql
    enum AuthenticationMethodType { PHONE EMAIL TOTP OTHER }
    interface AuthenticationMethod { id: ID! type: AuthenticationMethodType! name: String createdAt: String }
    type PhoneMethod implements AuthenticationMethod { id: ID! type: AuthenticationMethodType! name: String createdAt: String phoneNumber: String }
    type EmailMethod implements AuthenticationMethod { id: ID! type: AuthenticationMethodType! name: String createdAt: String }
    type TotpMethod implements AuthenticationMethod { id: ID! type: AuthenticationMethodType! name: String createdAt: String }
    type OtherMethod implements AuthenticationMethod { id: ID! type: AuthenticationMethodType! name: String createdAt: String }
    type Query { authenticationMethods(userId: ID!): [AuthenticationMethod!]! }
  `,
  resolvers: {
    Query: {
      authenticationMethods: (_: unknown, { userId }: { userId: string }, context: { api: ManagementApi; permissions: string[] }) => {
        if (!context.permissions.includes('read:authentication_methods')) {
          throw new GraphQLError('Forbidden', { extensions: { code: 'FORBIDDEN' } });
        }
        return context.api.methods(userId);
      },
    },
    AuthenticationMethod: { __resolveType: (method: Upstream) => TYPES[method.type] ?? 'OtherMethod' },
    PhoneMethod: { type: () => 'PHONE', createdAt: (m: Upstream) => m.created_at, phoneNumber: (m: Upstream) => m.phone_number },
    EmailMethod: { type: () => 'EMAIL', createdAt: (m: Upstream) => m.created_at },
    TotpMethod: { type: () => 'TOTP', createdAt: (m: Upstream) => m.created_at },
    OtherMethod: { type: () => 'OTHER', createdAt: (m: Upstream) => m.created_at },
  },
});

const { url } = await startStandaloneServer(server, {
  listen: { port: Number(process.env.PORT ?? 0), host: '127.0.0.1' },
  context: async ({ req }) => {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!bearer) throw new GraphQLError('Unauthenticated', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
    const { payload } = await jwtVerify(bearer, jwks, { issuer: process.env.ISSUER, audience: process.env.AUDIENCE });
    // A data source per request over the server's cache, as Apollo's documentation does it.
    return { api: new ManagementApi({ cache: server.cache }), permissions: (payload.permissions as string[] | undefined) ?? [] };
  },
});
console.log(`listening ${url.replace(/\/$/, '')}`);
