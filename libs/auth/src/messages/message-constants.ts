/** Django's django.contrib.messages.constants. @publicApi */
export const DEBUG = 10;
export const INFO = 20;
export const SUCCESS = 25;
export const WARNING = 30;
export const ERROR = 40;

/** The levels by name, as Django's `messages.constants` module. @publicApi */
export const messageLevels = Object.freeze({ DEBUG, INFO, SUCCESS, WARNING, ERROR });

/** Django's DEFAULT_TAGS: the CSS class of each level. @publicApi */
export const DEFAULT_MESSAGE_TAGS: Readonly<Record<number, string>> = Object.freeze({
  [DEBUG]: 'debug',
  [INFO]: 'info',
  [SUCCESS]: 'success',
  [WARNING]: 'warning',
  [ERROR]: 'error',
});

/** contrib.messages settings. @publicApi */
export interface MessagesOptions {
  /** MESSAGE_LEVEL: messages below it are dropped. Default: `20` (INFO). */
  level?: number;
}
