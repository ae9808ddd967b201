import { isEncodedEmptySession } from './empty-session-data';
import type { SessionCodec } from './session-codec.interface';

export const UNDECODABLE_SESSION_WARNING =
  'Session data could not be decoded (bad signature or corrupt); the session is treated as empty.';

/** The codec's dict; undecodable data is an empty session, reported without its content. */
export function decodeSessionData(codec: SessionCodec, sessionData: string, logger: { warn(message: string): void }): Record<string, unknown> {
  const data = codec.decode(sessionData);
  if (Object.keys(data).length === 0 && sessionData !== '' && !isEncodedEmptySession(codec, sessionData)) {
    logger.warn(UNDECODABLE_SESSION_WARNING);
  }
  return data;
}
