import { methodObjectType } from './authentication-method.js';

const emailFields: Parameters<typeof methodObjectType>[2] = (t) => ({
  email: t.exposeString('email', { nullable: true, description: 'As the upstream reports it: masked in reads.' }),
});

export const EmailMethod = methodObjectType('EmailMethod', 'Codes sent to an email address (upstream `email`).', emailFields);
export const EmailVerificationMethod = methodObjectType(
  'EmailVerificationMethod',
  'The verified email used for login verification (upstream `email-verification`).',
  emailFields,
);
