/**
 * JSON exactly as Python's json.dumps(ensure_ascii=False) writes it: with
 * `indent`, JSON.stringify's layout; without, `", "` and `": "` separators.
 */
export function pythonJson(value: unknown, indent?: number): string {
  if (indent !== undefined && indent !== null) return JSON.stringify(value, null, indent) ?? 'null';
  return compact(value);
}

function compact(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(compact).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([key, item]) => `${JSON.stringify(key)}: ${compact(item)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
