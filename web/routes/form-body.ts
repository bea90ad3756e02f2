/**
 * The schema of a posted form: its CSRF token and these text fields, each held to its longest
 * length (the route's own code reads and checks their content).
 */
export function formBody(fields: Record<string, number> = {}) {
  const properties: Record<string, { type: 'string'; maxLength?: number }> = { _csrf: { type: 'string' } };
  for (const [name, maxLength] of Object.entries(fields)) properties[name] = { type: 'string', maxLength };
  return { type: 'object', properties } as const;
}
