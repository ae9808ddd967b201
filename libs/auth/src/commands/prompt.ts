/**
 * Python's input() and getpass.getpass() for commands: lines from stdin,
 * terminal or pipe. On a terminal getpass reads in raw mode and echoes
 * nothing; Ctrl-C raises `KeyboardInterrupt`, end of input `EOFError`.
 */
export class KeyboardInterrupt extends Error {
  override name = 'KeyboardInterrupt';
}

export class EOFError extends Error {
  override name = 'EOFError';
}

type Waiter = { resolve: (line: string) => void; reject: (error: Error) => void };

export class Prompter {
  private buffer = '';
  private ended = false;
  private waiter?: Waiter;
  private listening = false;

  constructor(
    private readonly input: NodeJS.ReadStream = process.stdin,
    private readonly output: NodeJS.WriteStream = process.stdout,
    private readonly promptStream: NodeJS.WriteStream = process.stderr,
  ) {}

  get isTTY(): boolean {
    return Boolean(this.input.isTTY);
  }

  /** Python's input(prompt): the prompt on stdout, one line back without its newline. */
  input_(prompt: string): Promise<string> {
    return this.readLine(false, () => this.output.write(prompt));
  }

  /** Python's getpass(prompt): nothing echoed on a terminal; the prompt on stderr (getpass writes to the tty). */
  getpass(prompt = 'Password: '): Promise<string> {
    return this.readLine(true, () => (this.isTTY ? this.output : this.promptStream).write(prompt));
  }

  close(): void {
    if (!this.listening) return;
    this.input.removeListener('data', this.onData);
    this.input.removeListener('end', this.onEnd);
    if (this.isTTY) this.input.setRawMode?.(false);
    this.input.pause();
    this.listening = false;
  }

  /** Echo goes off before the prompt is shown, so nothing typed after it is ever echoed by the terminal. */
  private readLine(hidden: boolean, showPrompt: () => void): Promise<string> {
    this.listen();
    if (this.isTTY) this.input.setRawMode?.(true);
    showPrompt();
    return new Promise<string>((resolve, reject) => {
      this.waiter = { resolve, reject };
      this.hidden = hidden;
      this.drain();
    });
  }

  private hidden = false;

  private listen(): void {
    if (this.listening) return;
    this.listening = true;
    this.input.setEncoding('utf8');
    this.input.on('data', this.onData);
    this.input.on('end', this.onEnd);
    this.input.resume();
  }

  private readonly onData = (chunk: string) => {
    this.buffer += chunk;
    this.drain();
  };

  private readonly onEnd = () => {
    this.ended = true;
    this.drain();
  };

  private drain(): void {
    const waiter = this.waiter;
    if (!waiter) return;
    if (this.isTTY) return this.drainTerminal(waiter);
    const newline = this.buffer.indexOf('\n');
    if (newline >= 0) {
      const line = this.buffer.slice(0, newline).replace(/\r$/, '');
      this.buffer = this.buffer.slice(newline + 1);
      return this.settle(() => waiter.resolve(line));
    }
    if (this.ended) {
      const rest = this.buffer;
      this.buffer = '';
      return this.settle(() => (rest ? waiter.resolve(rest) : waiter.reject(new EOFError('EOF when reading a line'))));
    }
  }

  /** Raw mode: our own line editing (backspace), Ctrl-C and Ctrl-D; echo unless hidden. */
  private drainTerminal(waiter: Waiter): void {
    let line = this.pendingLine;
    for (let i = 0; i < this.buffer.length; i++) {
      const char = this.buffer[i];
      if (char === '\r' || char === '\n') {
        this.buffer = this.buffer.slice(i + 1);
        this.pendingLine = '';
        this.output.write('\n');
        return this.settle(() => waiter.resolve(line));
      }
      if (char === '\x03') {
        this.buffer = '';
        this.pendingLine = '';
        return this.settle(() => waiter.reject(new KeyboardInterrupt()));
      }
      if (char === '\x04' && line === '') {
        this.buffer = '';
        this.output.write('\n');
        return this.settle(() => waiter.reject(new EOFError('EOF when reading a line')));
      }
      if (char === '\x7f' || char === '\b') {
        if (line && !this.hidden) this.output.write('\b \b');
        line = [...line].slice(0, -1).join('');
        continue;
      }
      if (char < ' ') continue;
      line += char;
      if (!this.hidden) this.output.write(char);
    }
    this.buffer = '';
    this.pendingLine = line;
  }

  private pendingLine = '';

  private settle(done: () => void): void {
    this.waiter = undefined;
    if (this.isTTY) this.input.setRawMode?.(false);
    done();
  }
}
