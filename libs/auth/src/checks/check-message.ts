/** Django's check levels (django.core.checks.messages). */
export const DEBUG = 10;
export const INFO = 20;
export const WARNING = 30;
export const ERROR = 40;
export const CRITICAL = 50;

/** Port of django.core.checks.CheckMessage: `id` as Django's (`security.W009`) where one exists. */
export interface CheckMessage {
  level: number;
  id: string;
  msg: string;
  hint?: string;
  /** What the message is about; Django prints `?` when there is none. */
  obj?: string;
}

export function isSerious(message: CheckMessage, failLevel = ERROR): boolean {
  return message.level >= failLevel;
}

/** Django's `str(CheckMessage)`: `?: (security.W009) msg` plus a tab-indented hint. */
export function formatCheckMessage(message: CheckMessage): string {
  const hint = message.hint ? `\n\tHINT: ${message.hint}` : '';
  return `${message.obj ?? '?'}: (${message.id}) ${message.msg}${hint}`;
}
