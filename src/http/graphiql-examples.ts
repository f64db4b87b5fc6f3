import { DEMO_USERS, FLEET_SIZE, fleetUserId } from '../demo-users.js';

/**
 * What GraphiQL opens with: one tab per query and mutation, each ready to run against the dev
 * emulator's demo users (Alice has every common factor; Erin has none).
 */
const RESULT = `__typename
    ... on Error { message code }
    ... on ValidationError { fields { path message } }`;

/** Where a tab needs the id of a job another tab started. */
export const JOB_ID_PLACEHOLDER = 'paste-a-job-id';

const tab = (query: string, variables?: Record<string, unknown>) => ({
  query,
  variables: variables ? JSON.stringify(variables, null, 2) : null,
});

export const EXAMPLE_QUERY = `# Alice's MFA methods. Other demo users: ${Object.values(DEMO_USERS).join(', ')}.
# The other tabs hold an example of every query and mutation.
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

export const EXAMPLE_TABS = [
  tab(EXAMPLE_QUERY),
  tab(
    `query OneMethod($userId: ID!, $id: ID!) {
  authenticationMethod(userId: $userId, id: $id) { __typename id name ... on TotpMethod { createdAt } }
}`,
    { userId: DEMO_USERS.alice, id: 'totp|dev_AliceTotp0000001' },
  ),
  tab(
    `# How strong each user's MFA is, from the same one read of their methods.
query Posture {
  alice: mfaPosture(userId: "${DEMO_USERS.alice}") { __typename strength enrolled phishingResistant factorTypes hasRecoveryCode lastUsedAt }
  erin: mfaPosture(userId: "${DEMO_USERS.erin}") { __typename strength enrolled factorTypes }
}`,
  ),
  tab(
    `# A dry run: reads only, and reports the methods that would go. Poll the job with the MfaResetJob tab.
mutation MfaResetDryRun($input: StartMfaResetInput!) {
  startMfaReset(input: $input) { ${RESULT} ... on StartMfaResetSuccess { job { id state total } } }
}`,
    {
      input: {
        userIds: [DEMO_USERS.alice, DEMO_USERS.bob, DEMO_USERS.carol, ...Array.from({ length: 20 }, (_, n) => fleetUserId(n))],
        types: ['PHONE'],
        dryRun: true,
        reason: 'SIM-swap wave: review',
      },
    },
  ),
  tab(
    `# A real run: removes the SMS phones of 100 of the emulator's ${FLEET_SIZE.toLocaleString('en')} fleet users
# (auth0|fleet00000 ...), one GET and one DELETE per phone, each audited with the reason. Without
# \`types\`, every MFA factor goes (one DELETE-all per user).
mutation MfaReset($input: StartMfaResetInput!) {
  startMfaReset(input: $input) { ${RESULT} ... on StartMfaResetSuccess { job { id state total } } }
}`,
    { input: { userIds: Array.from({ length: 100 }, (_, n) => fleetUserId(n)), types: ['PHONE'], reason: 'SIM-swap wave' } },
  ),
  tab(
    `# Paste the id a start tab answered.
query MfaResetJob($id: ID!) {
  mfaResetJob(id: $id) {
    __typename id state dryRun reason total processed finishedAt
    counts { outcome count }
    results(first: 20) { edges { node { userId outcome error removed { id type } } } pageInfo { hasNextPage endCursor } }
  }
}`,
    { id: JOB_ID_PLACEHOLDER },
  ),
  tab(
    `# Paste the id of a job still running.
mutation CancelMfaReset($input: CancelMfaResetInput!) {
  cancelMfaReset(input: $input) { ${RESULT} ... on CancelMfaResetSuccess { job { id state processed } } }
}`,
    { input: { jobId: JOB_ID_PLACEHOLDER } },
  ),
  tab(
    `mutation EnrollSms($input: EnrollSmsInput!) {
  enrollSms(input: $input) {
    ${RESULT}
    ... on EnrollSmsSuccess { method { id phoneNumber } user { authenticationMethods { id type } } }
  }
}`,
    { input: { userId: DEMO_USERS.erin, phoneNumber: '+1 415 555 0142', name: 'Mobile' } },
  ),
  tab(
    `mutation EnrollVoice($input: EnrollVoiceInput!) {
  enrollVoice(input: $input) { ${RESULT} ... on EnrollVoiceSuccess { method { id preferredAuthenticationMethod } } }
}`,
    { input: { userId: DEMO_USERS.erin, phoneNumber: '+442071838751' } },
  ),
  tab(
    `mutation EnrollEmail($input: EnrollEmailInput!) {
  enrollEmail(input: $input) { ${RESULT} ... on EnrollEmailSuccess { method { id email } } }
}`,
    { input: { userId: DEMO_USERS.erin, email: 'erin@example.com' } },
  ),
  tab(
    `# Without a secret the gateway generates one; it is shown in this answer only.
mutation EnrollTotp($input: EnrollTotpInput!) {
  enrollTotp(input: $input) { ${RESULT} ... on EnrollTotpSuccess { secret otpauthUri method { id } } }
}`,
    { input: { userId: DEMO_USERS.erin, name: 'Authenticator' } },
  ),
  tab(
    `mutation EnrollWebAuthnRoaming($input: EnrollWebAuthnRoamingInput!) {
  enrollWebAuthnRoaming(input: $input) { ${RESULT} ... on EnrollWebAuthnRoamingSuccess { method { id keyId } } }
}`,
    {
      input: {
        userId: DEMO_USERS.erin,
        keyId: 'Y3JlZGVudGlhbC1pZA',
        publicKey: 'pQECAyYgASFYIA',
        relyingPartyIdentifier: 'login.example.com',
        name: 'YubiKey',
      },
    },
  ),
  tab(
    `mutation ReplaceMethods($input: ReplaceMethodsInput!) {
  replaceMethods(input: $input) { ${RESULT} ... on ReplaceMethodsSuccess { methods { id type } } }
}`,
    {
      input: {
        userId: DEMO_USERS.bob,
        methods: [{ phone: { phoneNumber: '+14155550111' } }, { totp: { secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' } }],
      },
    },
  ),
  tab(
    `mutation UpdateMethod($input: UpdateMethodInput!) {
  updateMethod(input: $input) { ${RESULT} ... on UpdateMethodSuccess { method { id name } } }
}`,
    {
      input: {
        userId: DEMO_USERS.alice,
        methodId: 'phone|dev_AlicePhone000001',
        name: 'Old phone',
        preferredAuthenticationMethod: 'VOICE',
      },
    },
  ),
  tab(
    `mutation DeleteMethod($input: DeleteMethodInput!) {
  deleteMethod(input: $input) { ${RESULT} ... on DeleteMethodSuccess { deletedMethodId user { authenticationMethods { id } } } }
}`,
    { input: { userId: DEMO_USERS.alice, methodId: 'push|dev_AlicePush00000001' } },
  ),
  tab(
    `mutation DeleteAllMethods($input: DeleteAllMethodsInput!) {
  deleteAllMethods(input: $input) { ${RESULT} ... on DeleteAllMethodsSuccess { user { authenticationMethods { id } } } }
}`,
    { input: { userId: DEMO_USERS.dave } },
  ),
];
