import type { SessionCodec } from './session-codec.interface';

/**
 * Whether `sessionData` is how the codec writes an empty session, so that a
 * legitimately empty row (Django's create() inserts `{}` first) is not taken
 * for corrupt data. Signed formats differ on every encode after the payload
 * (Django's `e30:<timestamp>:<signature>`), so the payload before the first
 * ':' is compared; formats without ':' in their `{}` must match exactly.
 */
export function isEncodedEmptySession(codec: SessionCodec, sessionData: string): boolean {
  const empty = codec.encode({});
  if (sessionData === empty) return true;
  const separator = empty.indexOf(':');
  return separator > 0 && sessionData.startsWith(empty.slice(0, separator + 1));
}
