import type { Request } from 'express';
import { authServiceOf } from '../decorators/auth-service.locator';
import type { RequestSession } from '../session/request-session';
import { DEBUG, ERROR, INFO, SUCCESS, WARNING } from './message-constants';
import { Message } from './message';
import { decodeMessages, encodeMessages } from './message-encoding';

/** Django's SessionStorage.session_key. */
export const MESSAGES_SESSION_KEY = '_messages';

const MESSAGE_LEVEL = Symbol('auth:messageLevel');

/**
 * Django's MessageFailure: messages cannot be stored (no AuthModule in the app).
 * @publicApi
 */
export class MessageFailure extends Error {
  override readonly name = 'MessageFailure';
}

/** Called once at start-up with the `messages.level` option. */
export function registerMessageLevel(expressApp: { locals: object }, level: number): void {
  (expressApp.locals as Record<symbol, number>)[MESSAGE_LEVEL] = level;
}

function sessionOf(req: Request): Promise<RequestSession> {
  let auth;
  try {
    auth = authServiceOf(req);
  } catch {
    throw new MessageFailure('Messages need AuthModule (AuthModule.forRoot/forRootAsync) in an Express app: they are stored in the session.');
  }
  return auth.getSession(req);
}

/** MESSAGE_LEVEL for this request's app. */
export function getMessageLevel(req: Request): number {
  return (req.app?.locals as Record<symbol, number | undefined> | undefined)?.[MESSAGE_LEVEL] ?? INFO;
}

/**
 * Django's messages.add_message: stores the message in the session (created
 * for an anonymous visitor) until a later getMessages() reads it. Empty text
 * or a level below `messages.level` records nothing.
 */
export async function addMessage(req: Request, level: number, message: string, extraTags = ''): Promise<void> {
  if (!message) return;
  const numericLevel = Math.trunc(Number(level));
  if (!Number.isFinite(numericLevel)) throw new TypeError(`message level must be a number, not ${JSON.stringify(level)}`);
  if (numericLevel < getMessageLevel(req)) return;
  const session = await sessionOf(req);
  const stored = decodeMessages(session.get(MESSAGES_SESSION_KEY));
  stored.push(new Message(numericLevel, String(message), extraTags ? String(extraTags) : ''));
  session.set(MESSAGES_SESSION_KEY, encodeMessages(stored));
}

export const debug = (req: Request, message: string, extraTags = '') => addMessage(req, DEBUG, message, extraTags);
export const info = (req: Request, message: string, extraTags = '') => addMessage(req, INFO, message, extraTags);
export const success = (req: Request, message: string, extraTags = '') => addMessage(req, SUCCESS, message, extraTags);
export const warning = (req: Request, message: string, extraTags = '') => addMessage(req, WARNING, message, extraTags);
export const error = (req: Request, message: string, extraTags = '') => addMessage(req, ERROR, message, extraTags);

/**
 * Django's get_messages, iterated: the stored messages, oldest first, removed
 * from the session (they are shown once). Messages added afterwards in the
 * same request stay for the next one. A request without messages writes nothing.
 */
export async function getMessages(req: Request): Promise<Message[]> {
  const session = await sessionOf(req);
  if (!session.has(MESSAGES_SESSION_KEY)) return [];
  const messages = decodeMessages(session.get(MESSAGES_SESSION_KEY));
  session.delete(MESSAGES_SESSION_KEY);
  return messages;
}
