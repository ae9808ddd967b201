export { DEBUG, INFO, SUCCESS, WARNING, ERROR, messageLevels, DEFAULT_MESSAGE_TAGS } from './message-constants';
export type { MessagesOptions } from './message-constants';
export { Message } from './message';
export { encodeMessages, decodeMessages } from './message-encoding';
export { addMessage, debug, info, success, warning, error, getMessages, getMessageLevel, MessageFailure, MESSAGES_SESSION_KEY } from './messages';
