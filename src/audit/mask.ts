/**
 * What of a contact detail may be written to the audit trail: enough to tell two apart when
 * investigating, not enough to contact anyone.
 */
export function maskPhoneNumber(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length <= 4 ? '****' : `+${'*'.repeat(digits.length - 4)}${digits.slice(-4)}`;
}

export function maskEmailAddress(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  const domain = email.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  const tld = dot > 0 ? domain.slice(dot) : '';
  return `${email[0]}***@${domain[0] ?? ''}***${tld}`;
}
