import { methodType } from './authentication-method.js';

/** Types whose upstream answers carry only the common fields. */
export const TotpMethod = methodType('TotpMethod', 'A one-time-password app (upstream `totp`).');
export const PushNotificationMethod = methodType('PushNotificationMethod', 'Push notifications to Auth0 Guardian (upstream `push`).');
export const RecoveryCodeMethod = methodType('RecoveryCodeMethod', 'A recovery code (upstream `recovery-code`).');
export const PasswordMethod = methodType('PasswordMethod', 'The password (upstream `password`).');
export const GuardianMethod = methodType('GuardianMethod', 'A legacy Guardian enrollment (upstream `guardian`).');

/** The fallback that keeps a query working when Auth0 adds a type. */
export const OtherMethod = methodType(
  'OtherMethod',
  'A method of a type this gateway does not know yet; `rawType` is the upstream spelling.',
  (t) => ({ rawType: t.exposeString('rawType') }),
);
