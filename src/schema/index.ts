import { builder } from '../builder.js';
import './scalars.js';
import './methods/authentication-method.js';
import './methods/phone.js';
import './methods/email.js';
import './methods/webauthn.js';
import './methods/factors.js';
import './user.js';
import './posture.js';
import './errors.js';
import './mutations/enroll-phone.js';
import './mutations/enroll-email.js';
import './mutations/enroll-totp.js';
import './mutations/enroll-webauthn-roaming.js';
import './mutations/replace-methods.js';
import './mutations/update-method.js';
import './mutations/delete-methods.js';
import './mfa-reset.js';

/** Federation v2.6: the version the pinned @apollo/composition, gateway and Hive runtime all know. */
export const FEDERATION_LINK = 'https://specs.apollo.dev/federation/v2.6';

builder.queryType({});
builder.mutationType({});

export const schema = builder.toSubGraphSchema({ linkUrl: FEDERATION_LINK });
export default schema;
