/**
 * Ids as path segments. encodeURIComponent leaves `.` alone, and URL parsers collapse `.` and `..`
 * segments (even as %2E%2E), so such ids are refused by input validation before they get here;
 * this check is the last line, in case a new caller forgets.
 */
export function pathSegment(id: string): string {
  if (id === '' || /^\.{1,2}$/.test(id)) throw new TypeError('An id cannot be empty, "." or ".."');
  return encodeURIComponent(id);
}

export function methodsPath(userId: string, methodId?: string): string {
  const collection = `/users/${pathSegment(userId)}/authentication-methods`;
  return methodId === undefined ? collection : `${collection}/${pathSegment(methodId)}`;
}
