/** Progress on stderr; stdout carries the report alone. */
export function progress(message: string): void {
  process.stderr.write(`[scale] ${message}\n`);
}
