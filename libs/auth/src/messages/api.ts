/** Django's `from django.contrib import messages`: `messages.success(req, 'Saved.')`, `messages.SUCCESS`. */
export { DEBUG, INFO, SUCCESS, WARNING, ERROR, DEFAULT_MESSAGE_TAGS } from './message-constants';
export { addMessage, debug, info, success, warning, error, getMessages, getMessageLevel, MessageFailure } from './messages';
export { Message } from './message';
