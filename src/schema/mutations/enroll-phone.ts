import { builder } from '../../builder.js';
import { PERMISSIONS } from '../../auth/caller.js';
import { InputChecker } from '../../validation/input-checker.js';
import { maskPhone } from '../../contact-mask.js';
import { ConflictError } from '../../upstream/errors.js';
import { WRITE_ERRORS } from '../errors.js';
import { PhoneMethod } from '../methods/phone.js';
import { methodPayload, runWrite, writeAccess } from './write.js';

/**
 * enrollSms and enrollVoice: the same upstream phone method, differing only in the channel the
 * codes go through (`preferred_authentication_method`).
 */
function enrollPhone(mutation: 'enrollSms' | 'enrollVoice', channel: 'sms' | 'voice', label: string) {
  const typeName = mutation === 'enrollSms' ? 'Sms' : 'Voice';
  const Input = builder.inputType(`Enroll${typeName}Input`, {
    description: `Enroll a phone number that receives codes by ${label}.`,
    fields: (t) => ({
      userId: t.id({ required: true }),
      phoneNumber: t.string({ required: true, description: 'International number, e.g. +14155550100; sent upstream as E.164.' }),
      name: t.string({ required: false, description: 'At most 20 characters.' }),
    }),
  });
  const Success = methodPayload(`Enroll${typeName}Success`, PhoneMethod, `The phone method enrolled for ${label}.`);

  builder.mutationField(mutation, (t) =>
    t.field({
      type: Success,
      description: `Enroll a phone number for ${label} codes (POST phone, preferred ${channel}). Confirmed at once, no verification step.`,
      args: { input: t.arg({ type: Input, required: true }) },
      errors: { types: [...WRITE_ERRORS, ConflictError] },
      ...writeAccess(mutation, PERMISSIONS.create, true),
      resolve: (_root, { input }, context) =>
        runWrite(context, { mutation, targetUserId: String(input.userId), methodType: 'phone' }, async (target) => {
          const check = new InputChecker();
          const userId = check.id(String(input.userId), ['input', 'userId']);
          const phoneNumber = check.phone(input.phoneNumber, ['input', 'phoneNumber']);
          const name = check.name(input.name, ['input', 'name']);
          check.done();
          target.contact = maskPhone(phoneNumber);
          const method = await context.api.create(userId, {
            type: 'phone',
            phone_number: phoneNumber,
            preferred_authentication_method: channel,
            ...(name !== undefined ? { name } : {}),
          });
          target.methodId = method.id;
          return { method, userId };
        }),
    }),
  );
}

enrollPhone('enrollSms', 'sms', 'SMS');
enrollPhone('enrollVoice', 'voice', 'voice call');
