/**
 * About how many characters `JSON.stringify(value)` would write, counting no further than past
 * `limit`: the walk stops there, so measuring a huge answer costs no more than a small one. A
 * result shares objects freely (the same user's methods under a hundred aliases), so its size
 * cannot be told from the heap it holds, only from what it would serialize to.
 */
export function jsonSizeBeyond(value: unknown, limit: number): boolean {
  let size = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === 'string') size += item.length + 2;
    else if (item === null || typeof item !== 'object') size += 5;
    else if (Array.isArray(item)) {
      size += 2 + item.length;
      for (const element of item) stack.push(element);
    } else {
      // for...in, not Object.entries: no array of pairs per object of every answer.
      const record = item as Record<string, unknown>;
      for (const key in record) {
        if (!Object.hasOwn(record, key)) continue;
        size += key.length + 4;
        stack.push(record[key]);
      }
    }
    if (size > limit) return true;
  }
  return false;
}
