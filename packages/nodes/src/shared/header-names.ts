/**
 * The headers with their names lower-cased, as HTTP compares them. A header named `__proto__` is dropped:
 * no real header has that name, and assigning it would touch the object's prototype instead of adding a
 * field.
 */
export function lowerCaseHeaderNames(headers: Readonly<Record<string, string>>): Record<string, string> {
  const lower: Record<string, string> = {};
  for (const name of Object.keys(headers)) {
    const key = name.toLowerCase();
    if (key !== '__proto__') lower[key] = headers[name] as string;
  }
  return lower;
}
