import { DEMO_USERS } from '../emulator/seed.js';

/** What GraphiQL opens with: a demo user's methods, every type's own fields included. */
export const EXAMPLE_QUERY = `# Alice's MFA methods (dev mode: the embedded emulator's demo user).
# Other demo users: ${Object.values(DEMO_USERS).join(', ')}.
query AliceMethods {
  authenticationMethods(userId: "${DEMO_USERS.alice}") {
    __typename
    id
    type
    name
    confirmed
    createdAt
    lastAuthAt
    ... on PhoneMethod { phoneNumber preferredAuthenticationMethod }
    ... on EmailMethod { email }
    ... on WebAuthnRoamingMethod { keyId relyingPartyIdentifier }
    ... on OtherMethod { rawType }
  }
}
`;
