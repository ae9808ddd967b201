/**
 * A one-line progress bar on a terminal (stderr, so stdout stays the
 * command's output); nothing at all when stderr is piped or verbosity is 0.
 */
export class ProgressBar {
  private readonly enabled: boolean;
  private lastDrawn = -1;

  private readonly out: NodeJS.WriteStream;

  constructor(
    private readonly total: number,
    private readonly label: string,
    { verbosity = 1, stream = process.stderr as NodeJS.WriteStream } = {},
  ) {
    this.out = stream;
    this.enabled = Boolean(stream.isTTY) && verbosity >= 1 && total > 0;
  }

  update(done: number): void {
    if (!this.enabled) return;
    const percent = Math.min(100, Math.floor((done / this.total) * 100));
    if (percent === this.lastDrawn) return;
    this.lastDrawn = percent;
    const width = 30;
    const filled = Math.round((percent / 100) * width);
    this.out.write(`\r${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${percent}% (${done}/${this.total})`);
  }

  finish(): void {
    if (this.enabled && this.lastDrawn >= 0) this.out.write('\n');
  }
}
