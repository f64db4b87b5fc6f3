import { builder } from '../../builder.js';
import { methodObjectType, PhoneChannel } from './authentication-method.js';

const PhoneSubMethod = builder.objectRef<{ id: string; channel: 'SMS' | 'VOICE' | null }>('PhoneSubMethod').implement({
  description: 'The channel a phone method currently delivers codes through (upstream `authentication_methods`).',
  fields: (t) => ({
    id: t.exposeID('id'),
    channel: t.field({ type: PhoneChannel, nullable: true, resolve: (sub) => sub.channel }),
  }),
});

export const PhoneMethod = methodObjectType('PhoneMethod', 'A phone number receiving codes by SMS or voice call (upstream `phone`).', (t) => ({
  phoneNumber: t.exposeString('phoneNumber', {
    nullable: true,
    description: 'As the upstream reports it: masked to its last 4 digits in reads.',
  }),
  preferredAuthenticationMethod: t.field({
    type: PhoneChannel,
    nullable: true,
    resolve: (method) => method.preferredAuthenticationMethod,
  }),
  authenticationMethods: t.field({ type: [PhoneSubMethod], resolve: (method) => method.phoneChannels }),
}));
