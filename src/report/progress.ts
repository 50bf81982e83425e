// A line on a terminal that says how far a long run has got (`cruft-check audit --history` over
// thousands of commits); nothing when the stream is not a terminal (a CI log, a pipe), where
// carriage returns would pile up as lines.

/** At most one redraw in this many milliseconds: the text is built only when it is shown. */
const EVERY_MS = 150;

export interface ProgressLine {
  update(text: () => string): void;
  /** Erase the line, if one was shown, before the report is printed. */
  clear(): void;
}

export function progressLine(stream: NodeJS.WriteStream | undefined, now: () => number = Date.now): ProgressLine {
  const tty = Boolean(stream?.isTTY);
  let last = 0;
  let shown = false;
  return {
    update(text) {
      if (!tty || !stream) return;
      const t = now();
      if (t - last < EVERY_MS) return;
      last = t;
      shown = true;
      stream.write(`\r\x1b[K${text()}`);
    },
    clear() {
      if (shown && stream) stream.write('\r\x1b[K');
    },
  };
}
