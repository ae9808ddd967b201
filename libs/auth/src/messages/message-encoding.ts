import { Message } from './message';

const MESSAGE_KEY = '__json_message';

/**
 * Django's SessionStorage.serialize_messages: `MessageEncoder().encode(messages)`,
 * Python's json with its default `', '` / `': '` separators and ASCII escapes:
 * `[["__json_message", 0, 25, "Saved.", ""]]`. The extra tags are always written,
 * `""` for none, as Django ≥ 4.1 does (add_message passes `extra_tags=""`, and the
 * encoder appends any tags that are not None); Django before 4.1 left out empty
 * ones, and both read either form.
 */
export function encodeMessages(messages: readonly Message[]): string {
  return `[${messages.map(encodeMessage).join(', ')}]`;
}

function encodeMessage(message: Message): string {
  const parts = [quote(MESSAGE_KEY), message.isSafe ? '1' : '0', String(message.level), quote(message.message), quote(message.extraTags)];
  return `[${parts.join(', ')}]`;
}

function quote(text: string): string {
  return JSON.stringify(text).replace(/[^\x20-\x7e]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Django's MessageDecoder over the session value. Anything else in the
 * session under the key (tampering, another version's format) reads as no
 * messages rather than failing the request.
 */
export function decodeMessages(data: unknown): Message[] {
  if (typeof data !== 'string' || data === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed.flatMap((item) => {
    const message = decodeMessage(item);
    return message ? [message] : [];
  });
}

function decodeMessage(item: unknown): Message | null {
  if (!Array.isArray(item) || item[0] !== MESSAGE_KEY || item.length < 4) return null;
  const [, safe, level, text, extraTags] = item as unknown[];
  const numericLevel = Number(level);
  if (!Number.isInteger(numericLevel) || typeof text !== 'string') return null;
  return new Message(numericLevel, text, typeof extraTags === 'string' ? extraTags : '', Boolean(safe));
}
