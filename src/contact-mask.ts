/**
 * Contact details masked the way the Management API masks them in reads (docs/upstream.md): the
 * emulator answers with them, and the audit trail records them, so an investigator compares an
 * audit line with what the tenant shows without either revealing a whole number or address.
 */

/** `+14155550100` -> `XXXXXXXX0100`: everything but the last 4 characters, the `+` included. */
export function maskPhone(phone: string): string {
  return phone.length <= 4 ? phone : 'X'.repeat(phone.length - 4) + phone.slice(-4);
}

/** `chucknorris@example.com` -> `chuc*******@exam*******`; a part of 4 characters or fewer becomes `****`. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  const part = (s: string) => (s.length <= 4 ? '****' : s.slice(0, 4) + '*'.repeat(s.length - 4));
  return at < 0 ? part(email) : `${part(email.slice(0, at))}@${part(email.slice(at + 1))}`;
}
