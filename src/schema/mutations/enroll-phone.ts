import { builder } from '../../builder.js';
import { PERMISSIONS } from '../../auth/caller.js';
import { maskPhone } from '../../contact-mask.js';
import { ConflictError } from '../../upstream/errors.js';
import { PhoneMethod } from '../methods/phone.js';
import { defineWrite, methodPayload } from './write.js';

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

  defineWrite({
    name: mutation,
    description: `Enroll a phone number for ${label} codes (POST phone, preferred ${channel}). Confirmed at once, no verification step.`,
    input: Input,
    success: Success,
    errors: [ConflictError],
    permission: PERMISSIONS.create,
    selfService: true,
    audit: () => ({ methodType: 'phone' }),
    validate: (input, check) => ({ phoneNumber: check.phone(input.phoneNumber, ['input', 'phoneNumber']), name: check.name(input.name, ['input', 'name']) }),
    write: async ({ userId, valid: { phoneNumber, name }, context, target }) => {
      target.contact = maskPhone(phoneNumber);
      const method = await context.api.create(userId, {
        type: 'phone',
        phone_number: phoneNumber,
        preferred_authentication_method: channel,
        ...(name !== undefined ? { name } : {}),
      });
      target.methodId = method.id;
      return { method, userId };
    },
  });

}

enrollPhone('enrollSms', 'sms', 'SMS');
enrollPhone('enrollVoice', 'voice', 'voice call');
