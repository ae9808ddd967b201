/** Django's color_style() roles, as ANSI codes; `noStyle` when colour is off. */
export interface Style {
  SUCCESS(text: string): string;
  ERROR(text: string): string;
  WARNING(text: string): string;
  NOTICE(text: string): string;
  MIGRATE_HEADING(text: string): string;
  MIGRATE_LABEL(text: string): string;
  HTTP_INFO(text: string): string;
}

const ansi = (...codes: number[]) => (text: string) => `\x1b[${codes.join(';')}m${text}\x1b[0m`;
const plain = (text: string) => text;

export const colorStyle: Style = {
  SUCCESS: ansi(32, 1),
  ERROR: ansi(31, 1),
  WARNING: ansi(33),
  NOTICE: ansi(31),
  MIGRATE_HEADING: ansi(36, 1),
  MIGRATE_LABEL: ansi(1),
  HTTP_INFO: ansi(1),
};

export const noStyle: Style = {
  SUCCESS: plain,
  ERROR: plain,
  WARNING: plain,
  NOTICE: plain,
  MIGRATE_HEADING: plain,
  MIGRATE_LABEL: plain,
  HTTP_INFO: plain,
};

/** Django's supports_color(): a terminal, not TERM=dumb, and NO_COLOR unset. */
export function supportsColor(stream: NodeJS.WriteStream): boolean {
  return Boolean(stream.isTTY) && process.env.TERM !== 'dumb' && !('NO_COLOR' in process.env);
}
