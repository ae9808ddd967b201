import { colorStyle, noStyle, Style, supportsColor } from './style';

/** Port of Django's OutputWrapper: `write(msg)` adds the line ending and styles only a terminal. */
export class OutputWrapper {
  styleFunc: (text: string) => string = (text) => text;

  constructor(
    readonly stream: NodeJS.WritableStream & { isTTY?: boolean },
    private readonly colored: boolean,
  ) {}

  write(message = '', styleFunc?: (text: string) => string, ending = '\n'): void {
    if (ending && !message.endsWith(ending)) message += ending;
    const style = styleFunc ?? this.styleFunc;
    this.stream.write(this.colored ? style(message) : message);
  }

  get isTTY(): boolean {
    return Boolean(this.stream.isTTY);
  }
}

export interface ColorChoice {
  noColor?: boolean;
  forceColor?: boolean;
}

export function styleFor(stream: NodeJS.WriteStream, { noColor, forceColor }: ColorChoice): Style {
  if (forceColor) return colorStyle;
  if (noColor) return noStyle;
  return supportsColor(stream) ? colorStyle : noStyle;
}
