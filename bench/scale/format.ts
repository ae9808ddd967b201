/** 1000000 → "1,000,000". */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}
