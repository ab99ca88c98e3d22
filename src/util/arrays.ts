/** Appends every item without spreading into call arguments (a large spread overflows the stack). */
export function appendAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}
