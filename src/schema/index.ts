import { builder } from '../builder.js';
import './scalars.js';
import './methods/authentication-method.js';
import './methods/phone.js';
import './methods/email.js';
import './methods/webauthn.js';
import './methods/factors.js';
import './user.js';

/** Federation v2.6: the version the pinned @apollo/composition, gateway and Hive runtime all know. */
export const FEDERATION_LINK = 'https://specs.apollo.dev/federation/v2.6';

builder.queryType({});

export const schema = builder.toSubGraphSchema({ linkUrl: FEDERATION_LINK });
export default schema;
