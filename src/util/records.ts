/** An empty string-keyed record without a prototype, so keys from file content (`constructor`, `__proto__`) are plain keys. */
export function emptyRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
