import { methodObjectType } from './authentication-method.js';

/** Types whose upstream answers carry only the common fields. */
export const TotpMethod = methodObjectType('TotpMethod', 'A one-time-password app (upstream `totp`).');
export const PushNotificationMethod = methodObjectType('PushNotificationMethod', 'Push notifications to Auth0 Guardian (upstream `push`).');
export const RecoveryCodeMethod = methodObjectType('RecoveryCodeMethod', 'A recovery code (upstream `recovery-code`).');
export const PasswordMethod = methodObjectType('PasswordMethod', 'The password (upstream `password`).');
export const GuardianMethod = methodObjectType('GuardianMethod', 'A legacy Guardian enrollment (upstream `guardian`).');

/** The fallback that keeps a query working when Auth0 adds a type. */
export const OtherMethod = methodObjectType(
  'OtherMethod',
  'A method of a type this gateway does not know yet; `rawType` is the upstream spelling.',
  (t) => ({ rawType: t.exposeString('rawType') }),
);
