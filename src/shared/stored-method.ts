import { z } from 'zod';
import { METHOD_TYPES, type Method } from '../domain.js';
import { storedDate } from './stored-values.js';

const text = z.string().max(10_000).nullable();
const channel = z.enum(['SMS', 'VOICE']).nullable();
const date = storedDate.nullable();

/** A Method as the gateway stores it (a cached list, a job's results): every field, of its type. */
export const storedMethod: z.ZodType<Method> = z.object({
  id: z.string().min(1).max(1_000),
  type: z.enum(METHOD_TYPES as [Method['type'], ...Method['type'][]]),
  rawType: z.string().max(200),
  name: text,
  confirmed: z.boolean().nullable(),
  createdAt: date,
  lastAuthAt: date,
  enrolledAt: date,
  linkId: text,
  phoneNumber: text,
  preferredAuthenticationMethod: channel,
  phoneChannels: z.array(z.object({ id: z.string().max(1_000), channel })).max(100),
  email: text,
  keyId: text,
  publicKey: text,
  relyingPartyIdentifier: text,
  credentialDeviceType: text,
  credentialBackedUp: z.boolean().nullable(),
  identityUserId: text,
  userAgent: text,
  userHandle: text,
  transports: z.array(z.string().max(100)).max(100).nullable(),
  aaguid: text,
});

/** A user's list: more than the API would ever return for one user is not a list it returned. */
export const storedMethods = z.array(storedMethod).max(1_000);
