import { methodObjectType } from './authentication-method.js';

type Fields = Parameters<typeof methodObjectType>[2];

const credentialFields: Fields = (t) => ({
  keyId: t.exposeString('keyId', { nullable: true }),
  publicKey: t.exposeString('publicKey', { nullable: true }),
  relyingPartyIdentifier: t.exposeString('relyingPartyIdentifier', { nullable: true }),
});

export const WebAuthnRoamingMethod = methodObjectType(
  'WebAuthnRoamingMethod',
  'A roaming WebAuthn authenticator such as a security key (upstream `webauthn-roaming`).',
  credentialFields,
);

export const WebAuthnPlatformMethod = methodObjectType(
  'WebAuthnPlatformMethod',
  'A WebAuthn authenticator built into a device, such as Touch ID (upstream `webauthn-platform`).',
  credentialFields,
);

export const PasskeyMethod = methodObjectType('PasskeyMethod', 'A passkey (upstream `passkey`).', (t) => ({
  ...credentialFields(t),
  credentialDeviceType: t.exposeString('credentialDeviceType', { nullable: true, description: '`single_device` or `multi_device`.' }),
  credentialBackedUp: t.exposeBoolean('credentialBackedUp', { nullable: true }),
  identityUserId: t.exposeString('identityUserId', { nullable: true }),
  userAgent: t.exposeString('userAgent', { nullable: true }),
  userHandle: t.exposeString('userHandle', { nullable: true }),
  transports: t.exposeStringList('transports', { nullable: true }),
  aaguid: t.exposeString('aaguid', { nullable: true }),
}));
