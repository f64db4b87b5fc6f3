import { readScopes } from '../../auth/caller.js';
import { builder } from '../../builder.js';
import { PERMISSIONS } from '../../auth/caller.js';
import type { Method } from '../../domain.js';
import { ConflictError } from '../../upstream/errors.js';
import { AuthenticationMethod, PhoneChannel } from '../methods/authentication-method.js';
import { User } from '../user.js';
import { defineWrite, USER_FIELD_DESCRIPTION } from './write.js';

/** More than any user needs; a longer list is a mistake or an abuse, refused before the upstream. */
const MAX_REPLACEMENTS = 20;

const ReplacementPhoneInput = builder.inputType('ReplacementPhoneInput', {
  fields: (t) => ({
    phoneNumber: t.string({ required: true }),
    preferredAuthenticationMethod: t.field({ type: PhoneChannel, required: false, description: 'Defaults to SMS.' }),
    name: t.string({ required: false }),
  }),
});
const ReplacementEmailInput = builder.inputType('ReplacementEmailInput', {
  fields: (t) => ({ email: t.string({ required: true }), name: t.string({ required: false }) }),
});
const ReplacementTotpInput = builder.inputType('ReplacementTotpInput', {
  fields: (t) => ({ secret: t.string({ required: true }), name: t.string({ required: false }) }),
});

const ReplacementMethodInput = builder.inputType('ReplacementMethodInput', {
  description: 'Exactly one of `phone`, `email` or `totp`: the only kinds the upstream PUT accepts.',
  fields: (t) => ({
    phone: t.field({ type: ReplacementPhoneInput, required: false }),
    email: t.field({ type: ReplacementEmailInput, required: false }),
    totp: t.field({ type: ReplacementTotpInput, required: false }),
  }),
});

const ReplaceMethodsInput = builder.inputType('ReplaceMethodsInput', {
  fields: (t) => ({
    userId: t.id({ required: true }),
    methods: t.field({ type: [ReplacementMethodInput], required: true }),
  }),
});

const ReplaceMethodsSuccess = builder.objectRef<{ methods: Method[]; userId: string }>('ReplaceMethodsSuccess').implement({
  description: "The user's new set of methods (all new ids).",
  fields: (t) => ({
    methods: t.field({
      type: [AuthenticationMethod],
      nullable: true,
      description: 'The new methods; null (with a FORBIDDEN error) for a caller who may write but not read them.',
      authScopes: (payload) => readScopes(payload.userId),
      resolve: (payload) => payload.methods,
    }),
    user: t.field({ type: User, nullable: true, description: USER_FIELD_DESCRIPTION, resolve: (payload) => ({ id: payload.userId }) }),
  }),
});

defineWrite({
  name: 'replaceMethods',
  description: "Replace all of a user's methods with the given ones (PUT). Cannot be undone.",
  input: ReplaceMethodsInput,
  success: ReplaceMethodsSuccess,
  errors: [ConflictError],
  permission: PERMISSIONS.update,
  selfService: false,
  validate: (input, check) => {
    if (input.methods.length === 0) check.fail(['input', 'methods'], 'must not be empty');
    if (input.methods.length > MAX_REPLACEMENTS) check.fail(['input', 'methods'], `must have at most ${MAX_REPLACEMENTS} items`);
    return input.methods.slice(0, MAX_REPLACEMENTS).map((item, index) => {
      const path = ['input', 'methods', String(index)];
      const set = (['phone', 'email', 'totp'] as const).filter((kind) => item[kind] !== null && item[kind] !== undefined);
      if (set.length !== 1) {
        check.fail(path, `must set exactly one of phone, email or totp (${set.length === 0 ? 'none' : set.join(' and ')} set)`);
        return {};
      }
      const optionalName = (value: string | null | undefined, at: string[]) => {
        const name = check.name(value, at);
        return name !== undefined ? { name } : {};
      };
      if (item.phone) {
        return {
          type: 'phone',
          phone_number: check.phone(item.phone.phoneNumber, [...path, 'phone', 'phoneNumber']),
          preferred_authentication_method: item.phone.preferredAuthenticationMethod === 'VOICE' ? 'voice' : 'sms',
          ...optionalName(item.phone.name, [...path, 'phone', 'name']),
        };
      }
      if (item.email) {
        return { type: 'email', email: check.email(item.email.email, [...path, 'email', 'email']), ...optionalName(item.email.name, [...path, 'email', 'name']) };
      }
      return {
        type: 'totp',
        totp_secret: check.totpSecret(item.totp!.secret, [...path, 'totp', 'secret']),
        ...optionalName(item.totp!.name, [...path, 'totp', 'name']),
      };
    });
  },
  write: async ({ userId, valid: body, context, target }) => {
    const methods = await context.api.replace(userId, body);
    target.methodId = methods.map((m) => m.id).join(',');
    target.methodType = [...new Set(methods.map((m) => m.rawType))].join(',');
    return { methods, userId };
  },
});
