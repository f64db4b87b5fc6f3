import { builder } from '../builder.js';
import { readScopes } from '../auth/caller.js';
import { postureOf, type Posture } from '../posture.js';
import { AuthenticationMethodType } from './methods/authentication-method.js';
import { User, loadMethods } from './user.js';

const MfaStrength = builder.enumType('MfaStrength', {
  description: 'The strongest second factor a user holds.',
  values: {
    NONE: { description: 'No factor that can pass an MFA challenge (a recovery code, a password or email verification alone).' },
    WEAK: { description: 'SMS, voice or email one-time codes.' },
    STRONG: { description: 'An OTP app, push notifications or Guardian.' },
    PHISHING_RESISTANT: { description: 'A security key, a platform authenticator or a passkey.' },
  } as const,
});

const MfaPosture = builder.objectRef<Posture>('MfaPosture').implement({
  description: "How strong a user's MFA is, from the one read of their methods.",
  fields: (t) => ({
    strength: t.field({ type: MfaStrength, description: 'The best factor held.', resolve: (p) => p.strength }),
    enrolled: t.exposeBoolean('enrolled', { description: 'At least one factor that can pass an MFA challenge.' }),
    phishingResistant: t.exposeBoolean('phishingResistant'),
    factorTypes: t.field({
      type: [AuthenticationMethodType],
      description: 'Each type of method held, once, in the enum\'s order.',
      resolve: (p) => p.factorTypes,
    }),
    hasRecoveryCode: t.exposeBoolean('hasRecoveryCode'),
    lastUsedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'The latest `lastAuthAt` of any method, a password included.',
      resolve: (p) => p.lastUsedAt,
    }),
  }),
});

builder.objectField(User, 'mfaPosture', (t) =>
  t.field({
    type: MfaPosture,
    description: "How strong the user's MFA is (the same permission as reading their methods).",
    authScopes: (user) => readScopes(user.id),
    resolve: async (user, _args, context) => postureOf(await loadMethods(context, user.id, ['id'])),
  }),
);

builder.queryField('mfaPosture', (t) =>
  t.field({
    type: MfaPosture,
    description: "How strong a user's MFA is (the same permission as reading their methods).",
    args: { userId: t.arg.id({ required: true }) },
    authScopes: (_root, args) => readScopes(String(args.userId)),
    resolve: async (_root, args, context) => postureOf(await loadMethods(context, String(args.userId), ['userId'])),
  }),
);
